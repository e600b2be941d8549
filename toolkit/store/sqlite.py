"""The embedded SQLite backend: one file inside the project, nothing to set up.

WAL journal (readers never wait for a writer), a busy timeout (writers queue
instead of failing), and ``BEGIN IMMEDIATE`` for every write so that version
allocation is serialised across processes.

Settings: ``{"backend": "sqlite", "path": "/abs/db.sqlite", "busy_timeout": 30}``.
"""

import contextlib
import datetime
import json
import os
import sqlite3
import time

from toolkit.store.errors import ConflictError, StoreError
from toolkit.store.sql import SqlStore
from toolkit.store import migrations

_DT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"

#: Longest wait for another process's lock (seconds) ``busy_timeout`` may ask for.
MAX_BUSY_TIMEOUT = 3600


class SqliteStore(SqlStore):
    """A store in one SQLite file."""

    backend = "sqlite"
    dialect = "sqlite"
    ph = "?"
    nulls_smallest = {"asc": "", "desc": ""}  # SQLite's own rule: no clause, index-friendly
    like = "LIKE"  # case-insensitive for ASCII in SQLite

    def __init__(self, path, busy_timeout=30.0, roots=None, project=None):
        super(SqliteStore, self).__init__(roots=roots, project=None)
        if not path:
            raise StoreError("the sqlite store needs a 'path' setting")
        try:
            if isinstance(busy_timeout, bool):
                raise TypeError()
            busy_timeout = float(busy_timeout)
        except (TypeError, ValueError):
            busy_timeout = None
        # Bounded: a lock held by a crashed or stuck process must end in an error.
        if busy_timeout is None or not 0 <= busy_timeout <= MAX_BUSY_TIMEOUT:
            raise StoreError("the sqlite store's busy_timeout must be a number of seconds "
                             "from 0 to %d, got %r" % (MAX_BUSY_TIMEOUT, busy_timeout))
        self.busy_timeout = busy_timeout
        self.path = os.path.abspath(path)
        folder = os.path.dirname(self.path)
        if not os.path.isdir(folder):
            try:
                os.makedirs(folder)
            except OSError as exc:
                if not os.path.isdir(folder):  # else another process made it first
                    raise StoreError("cannot create the folder of the store %s: %s"
                                     % (self.path, exc))
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves
            self._conn = sqlite3.connect(self.path, timeout=busy_timeout,
                                         isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError("cannot open the store %s: %s" % (self.path, exc))
        try:
            # the first statements are where a file that is not a database shows
            self._conn.execute("PRAGMA busy_timeout = %d" % int(busy_timeout * 1000))
            self._use_wal(busy_timeout)
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.Error as exc:
            self.close()
            raise StoreError("cannot open the store %s: %s" % (self.path, self._explain(exc)))
        except BaseException:
            self.close()
            raise
        self.project = project

    def _use_wal(self, busy_timeout):
        """Switch the database to WAL (persistent: only the first opener does it).

        Switching needs the database to itself, and SQLite answers "locked" at once,
        without waiting, while another connection holds it: several processes
        opening a new store together retry here, within ``busy_timeout``, until
        one of them has switched it.
        """
        deadline = time.time() + busy_timeout
        while True:
            if self._conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal":
                return
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.time() > deadline:
                    raise
                time.sleep(0.02)

    def __repr__(self):
        return "<SqliteStore %s>" % self.path

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _migrate(self):
        self._conn.execute(migrations.VERSION_TABLE)
        current = self._conn.execute("SELECT MAX(version) FROM rk_schema_version").fetchone()[0]
        if current == migrations.LATEST:
            return
        with self._transaction(write=True) as cur:  # re-read under the write lock
            cur.execute("SELECT MAX(version) FROM rk_schema_version")
            self._apply_migrations(cur, cur.fetchone()[0] or 0)

    @contextlib.contextmanager
    def _transaction(self, write=False):
        if self._conn is None:
            raise StoreError("the store %s is closed" % self.path)
        cur = self._conn.cursor()
        try:
            cur.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.Error as exc:
            cur.close()
            raise StoreError("store %s: %s" % (self.path, self._explain(exc)))
        try:
            yield cur
        except sqlite3.IntegrityError as exc:
            self._rollback(cur)
            raise ConflictError("store %s: %s" % (self.path, exc))
        except sqlite3.Error as exc:
            self._rollback(cur)
            raise StoreError("store %s: %s" % (self.path, self._explain(exc)))
        except BaseException:
            self._rollback(cur)
            raise
        try:
            cur.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback(cur)
            raise StoreError("store %s: cannot commit: %s" % (self.path, exc))
        finally:
            cur.close()

    def _explain(self, exc):
        """The message of a sqlite3 error; a lock names who to look for and the setting."""
        text = str(exc)
        if "locked" in text or "busy" in text:
            return ("the database is locked by another process (waited %g s, the store's "
                    "busy_timeout in project.yml); try again once it has finished" %
                    self.busy_timeout)
        return text

    @staticmethod
    def _rollback(cur):
        # explicit ROLLBACK: Python 2's Connection.rollback() ignores a BEGIN it
        # did not issue itself
        try:
            cur.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        cur.close()

    def _dt_to_db(self, value):
        return value.strftime(_DT_FORMAT)

    def _dt_from_db(self, value):
        if isinstance(value, datetime.datetime):
            return value
        try:  # strptime is ten times slower, and latest_versions reads thousands
            return datetime.datetime(int(value[0:4]), int(value[5:7]), int(value[8:10]),
                                     int(value[11:13]), int(value[14:16]), int(value[17:19]),
                                     int(value[20:26] or 0))
        except ValueError:
            return datetime.datetime.strptime(value, _DT_FORMAT)

    def _latest_rows(self, cur, columns, keys):
        # The keys travel as one JSON parameter (no limit on their number); each
        # key is one seek in rk_published_file_version, newest version first.
        payload = [[i] + self._key_params(key) for i, key in enumerate(keys)]
        sql = (
            "WITH k AS (SELECT json_extract(value, '$[0]') AS i, "
            "json_extract(value, '$[1]') AS etype, json_extract(value, '$[2]') AS eid, "
            "json_extract(value, '$[3]') AS tid, json_extract(value, '$[4]') AS name, "
            "json_extract(value, '$[5]') AS ptype FROM json_each(?)) "
            "SELECT k.i, %s FROM k JOIN rk_published_file t ON t.id = ("
            "SELECT p.id FROM rk_published_file p WHERE p.entity_type = k.etype "
            "AND p.entity_id = k.eid AND COALESCE(p.task_id, 0) = k.tid AND p.name = k.name "
            "AND p.published_file_type = k.ptype ORDER BY p.version_number DESC LIMIT 1)"
            % ", ".join("t." + c for c in columns))
        cur.execute(sql, (json.dumps(payload),))
        return cur.fetchall()

    def _by_path_rows(self, cur, columns, paths):
        # The paths travel as one JSON parameter; each is one seek in
        # rk_published_file_path, then one in rk_published_file_version.
        sql = ("SELECT %s, %s FROM json_each(?) k JOIN rk_published_file t ON t.path = k.value "
               "JOIN rk_published_file l ON l.id = (%s)" % (
                   ", ".join("t." + c for c in columns), ", ".join("l." + c for c in columns),
                   self._LATEST_OF_T))
        cur.execute(sql, (json.dumps(paths),))
        return cur.fetchall()

    def _upstream_has_sql(self):
        return ("EXISTS (SELECT 1 FROM json_each(t.upstream) u WHERE json_extract(u.value, "
                "'$.id') IN (SELECT value FROM json_each(?)))")

    def _ids_param(self, ids):
        return (json.dumps(ids),)
