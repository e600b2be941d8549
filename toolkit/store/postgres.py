"""The PostgreSQL backend, for a studio sharing one server (psycopg2).

Settings (``store:`` in project.yml)::

    backend: postgres
    host: db.studio.lan          # or a unix socket folder
    port: 5432
    dbname: reelkit
    user: reelkit
    password_env: REELKIT_DB_PASSWORD   # the *name* of an environment variable
    schema: show_abc             # optional: one PostgreSQL schema per show
    connect_timeout: 10

The password is read from the environment when connecting and is never stored
on the object, logged or shown by ``repr``. Version allocation relies on
``INSERT ... ON CONFLICT DO UPDATE``, which locks the counter row until commit.
"""

import contextlib
import re

from toolkit.store.errors import ConflictError, StoreError
from toolkit.store.sql import SqlStore
from toolkit.store import migrations

_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
# an arbitrary constant: serialises migrations of concurrent openers
_MIGRATION_LOCK = 0x52454c4b


class PostgresStore(SqlStore):
    """A store in a PostgreSQL database."""

    backend = "postgres"
    dialect = "postgres"
    ph = "%s"
    like = "ILIKE"  # contains/starts_with are case-insensitive on every backend

    def __init__(self, settings, roots=None, project=None):
        super(PostgresStore, self).__init__(roots=roots, project=None)
        import os
        try:
            import psycopg2
        except ImportError:
            raise StoreError("the postgres store needs psycopg2 (pip install psycopg2-binary)")
        self._psycopg2 = psycopg2
        self.host = settings.get("host", "localhost")
        self.port = _int_setting(settings, "port", 5432)
        self.dbname = settings.get("dbname") or settings.get("database") or "reelkit"
        self.user = settings.get("user") or "reelkit"
        self.schema = settings.get("schema")
        if self.schema is not None and not _SCHEMA_NAME.match(str(self.schema)):
            raise StoreError("postgres store: invalid schema name %r" % (self.schema,))
        kwargs = {"host": self.host, "port": self.port, "dbname": self.dbname,
                  "user": self.user,
                  "connect_timeout": _int_setting(settings, "connect_timeout", 10),
                  "application_name": "reelkit"}
        if self.schema:
            kwargs["options"] = "-c search_path=%s" % self.schema
        password_env = settings.get("password_env")
        if password_env:
            if password_env not in os.environ:
                raise StoreError("postgres store: the environment variable %s (password_env) "
                                 "is not set" % password_env)
            kwargs["password"] = os.environ[password_env]
        if "password" in settings:
            raise StoreError("postgres store: never write a password in the settings; "
                             "name an environment variable with 'password_env'")
        try:
            self._conn = psycopg2.connect(**kwargs)
        except psycopg2.Error as exc:
            # the message of a failed connection never holds the password
            raise StoreError("cannot connect to %s: %s" % (self._location(), str(exc).strip()))
        del kwargs
        self._migrate()
        self.project = project

    def _location(self):
        return "postgres://%s@%s:%s/%s%s" % (self.user, self.host, self.port, self.dbname,
                                            "?schema=" + self.schema if self.schema else "")

    def __repr__(self):
        return "<PostgresStore %s>" % self._location()

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _migrate(self):
        with self._transaction(write=True) as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            if self.schema:
                cur.execute('CREATE SCHEMA IF NOT EXISTS "%s"' % self.schema)
            cur.execute(migrations.VERSION_TABLE)
            cur.execute("SELECT MAX(version) FROM rk_schema_version")
            self._apply_migrations(cur, cur.fetchone()[0] or 0)

    @contextlib.contextmanager
    def _transaction(self, write=False):
        if self._conn is None:
            raise StoreError("the store %s is closed" % self._location())
        psycopg2 = self._psycopg2
        try:
            cur = self._conn.cursor()
        except psycopg2.Error as exc:
            raise StoreError("store %s: %s" % (self._location(), exc))
        try:
            yield cur
            self._conn.commit()
        except psycopg2.IntegrityError as exc:
            self._safe_rollback()
            raise ConflictError("store %s: %s" % (self._location(), str(exc).strip()))
        except psycopg2.Error as exc:
            self._safe_rollback()
            raise StoreError("store %s: %s" % (self._location(), str(exc).strip()))
        except BaseException:
            self._safe_rollback()
            raise
        finally:
            cur.close()

    def _lock_for_create(self, cur, etype):
        # Readers go on; a second find_or_create waits for this one to commit.
        cur.execute("LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE" % etype.table)

    def _safe_rollback(self):
        try:
            self._conn.rollback()
        except self._psycopg2.Error:  # the connection itself is gone
            pass

    def _latest_rows(self, cur, columns, keys):
        # One statement whatever the number of keys: the keys travel as arrays,
        # and each is one index seek (LATERAL ... ORDER BY version DESC LIMIT 1).
        params = [list(range(len(keys)))]
        rows = [self._key_params(key) for key in keys]
        for i in range(5):
            params.append([row[i] for row in rows])
        sql = (
            "SELECT k.i, %s FROM unnest(%%s::int[], %%s::text[], %%s::bigint[], %%s::bigint[], "
            "%%s::text[], %%s::text[]) AS k(i, etype, eid, tid, name, ptype) "
            "CROSS JOIN LATERAL (SELECT * FROM rk_published_file p WHERE "
            "p.entity_type = k.etype AND p.entity_id = k.eid AND COALESCE(p.task_id, 0) = k.tid "
            "AND p.name = k.name AND p.published_file_type = k.ptype "
            "ORDER BY p.version_number DESC LIMIT 1) t"
            % ", ".join("t." + c for c in columns))
        cur.execute(sql, params)
        return cur.fetchall()


    def _by_path_rows(self, cur, columns, paths):
        # One statement: the paths travel as an array; each is one seek in
        # rk_published_file_path, then one in rk_published_file_version.
        # LATERAL: the latest of each key is one index scan per path, never a
        # hash over the whole table.
        sql = ("SELECT %s, %s FROM unnest(%%s::text[]) AS k(path) JOIN rk_published_file t "
               "ON t.path = k.path CROSS JOIN LATERAL (SELECT * FROM rk_published_file p "
               "WHERE p.entity_type = t.entity_type AND p.entity_id = t.entity_id "
               "AND COALESCE(p.task_id, 0) = COALESCE(t.task_id, 0) AND p.name = t.name "
               "AND p.published_file_type = t.published_file_type "
               "ORDER BY p.version_number DESC LIMIT 1) l" % (
                   ", ".join("t." + c for c in columns), ", ".join("l." + c for c in columns)))
        cur.execute(sql, [list(paths)])
        return cur.fetchall()

    def _upstream_has_sql(self):
        return ("EXISTS (SELECT 1 FROM json_array_elements(CAST(t.upstream AS json)) u "
                "WHERE (u->>'id')::bigint = ANY(%s::bigint[]))")

    def _ids_param(self, ids):
        return [list(ids)]

def _int_setting(settings, name, default):
    value = settings.get(name, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise StoreError("postgres store: %s must be a number, got %r" % (name, value))
