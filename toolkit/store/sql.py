"""What the SQL backends share: compiling checked requests into SQL, reading rows
back into entity dicts, link names, version counters and the path cache.

A dialect subclass (:mod:`.sqlite`, :mod:`.postgres`) supplies the connection,
transactions, the placeholder, and the few statements that differ.
"""

import json
import logging

import six

from toolkit.clock import utc_now
from toolkit.store import base
from toolkit.store.base import Store, check_filters
from toolkit.store.entities import DATETIME, LINK, MULTILINK, SCHEMA, entity_type
from toolkit.store.errors import ConflictError, PathCacheConflict, StoreError
from toolkit.store import migrations

log = logging.getLogger(__name__)


#: PublishedFile fields that place a publish in the version sequence of its key.
_PUBLISH_KEY_FIELDS = frozenset(["name", "published_file_type", "entity", "task",
                                 "version_number"])


def _escape_like(text):
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class SqlStore(Store):
    """A :class:`Store` over a DB-API connection (subclassed per dialect)."""

    dialect = None
    ph = "?"             # parameter placeholder
    like = "LIKE"        # case-insensitive LIKE of the dialect
    # What ORDER BY needs, per direction, for NULL to sort as the smallest value.
    nulls_smallest = {"asc": " NULLS FIRST", "desc": " NULLS LAST"}

    @property
    def _paths(self):
        """:class:`~toolkit.store.rootpaths.RootPaths` of this store's roots."""
        paths = self.__dict__.get("_root_paths")
        if paths is None:
            from toolkit.store.rootpaths import RootPaths
            paths = self.__dict__["_root_paths"] = RootPaths(self.roots)
        return paths

    # -- dialect hooks -------------------------------------------------------
    def _transaction(self, write=False):
        """Context manager yielding a cursor; commits on success, rolls back on error."""
        raise NotImplementedError

    def _dt_to_db(self, value):
        return value

    def _dt_from_db(self, value):
        return value

    def _latest_rows(self, cur, columns, keys):
        """Run the batched latest-version query; rows are ``(key_index,) + columns``."""
        raise NotImplementedError

    # -- migrations ----------------------------------------------------------
    def _apply_migrations(self, cur, current):
        if current > migrations.LATEST:
            raise StoreError("the database schema is version %d, newer than this Reelkit "
                             "understands (%d): upgrade Reelkit" % (current, migrations.LATEST))
        for version, description, statements in migrations.pending(current):
            log.info("store: applying migration %d (%s)", version, description)
            for statement in statements(self.dialect):
                cur.execute(statement)
            cur.execute("INSERT INTO rk_schema_version (version, description, applied_at) "
                        "VALUES (%s, %s, %s)" % (self.ph, self.ph, self.ph),
                        (version, description, _now().isoformat()))

    def schema_version(self):
        """The migration the database is at."""
        with self._transaction() as cur:
            cur.execute("SELECT MAX(version) FROM rk_schema_version")
            return cur.fetchone()[0] or 0

    # -- reading -------------------------------------------------------------
    def find(self, entity_type_name, filters=None, fields=None, order=None, limit=None):
        etype, checked, wanted, ordering = self.checked_find(entity_type_name, filters, fields,
                                                             order, limit)
        params = []
        where = self._where(checked, params)
        columns = self._columns(etype, wanted)
        sql = "SELECT %s FROM %s t%s%s" % (
            ", ".join("t." + c for c in columns), etype.table, where,
            self._order_sql(etype, ordering))
        if limit is not None:
            sql += " LIMIT %d" % limit
        with self._transaction() as cur:
            cur.execute(sql, params)
            rows = cur.fetchall()
        return [self._entity(etype, wanted, row) for row in rows]

    def count(self, entity_type_name, filters=None):
        etype = entity_type(entity_type_name)
        checked = check_filters(etype, filters)
        params = []
        sql = "SELECT COUNT(*) FROM %s t%s" % (etype.table, self._where(checked, params))
        with self._transaction() as cur:
            cur.execute(sql, params)
            return cur.fetchone()[0]

    def _order_sql(self, etype, ordering):
        if not ordering:
            return " ORDER BY t.id"
        parts = []
        for field, direction in ordering:
            column = field + "_name" if etype.kind(field) == LINK else field
            # NULL sorts as the smallest value on every backend: SQLite's own
            # rule, which backends that differ state (``nulls_smallest``). A plain
            # column keeps the order able to walk an index (no expression).
            parts.append("t.%s %s%s" % (column, direction.upper(),
                                        self.nulls_smallest[direction]))
        return " ORDER BY " + ", ".join(parts + ["t.id"])

    def _where(self, checked, params):
        if not checked:
            return ""
        return " WHERE " + " AND ".join(self._condition(f, params) for f in checked)

    def _condition(self, flt, params):
        etype, field, sub_etype, sub_field, op, value = flt
        if sub_etype is None:
            return self._compare(etype, "t", field, op, value, params)
        params.append(sub_etype.name)
        inner = []
        sub_sql = self._compare(sub_etype, "s", sub_field, op, value, inner)
        params.extend(inner)
        return "(t.%s_type = %s AND t.%s_id IN (SELECT s.id FROM %s s WHERE %s))" % (
            field, self.ph, field, sub_etype.table, sub_sql)

    def _compare(self, etype, alias, field, op, value, params):
        ph = self.ph
        if etype.kind(field) == LINK:
            ident = "%s.%s_id" % (alias, field)
            pair = "(%s.%s_type = %s AND %s = %s)" % (alias, field, ph, ident, ph)

            def pairs(links):
                for link in links:
                    params.extend([link["type"], link["id"]])
                return " OR ".join([pair] * len(links))
            if op == "is":
                return "%s IS NULL" % ident if value is None else pairs([value])
            if op == "is_not":
                if value is None:
                    return "%s IS NOT NULL" % ident
                return "(%s IS NULL OR NOT %s)" % (ident, pairs([value]))
            links = [v for v in value if v is not None]
            has_none = len(links) != len(value)
            matched = "(%s)" % pairs(links) if links else "1=0"
            if op == "in":
                return "(%s OR %s IS NULL)" % (matched, ident) if has_none else matched
            if has_none:
                return "(%s IS NOT NULL AND NOT %s)" % (ident, matched)
            return "(%s IS NULL OR NOT %s)" % (ident, matched)

        column = "%s.%s" % (alias, field)
        kind = etype.kind(field)
        convert = self._dt_to_db if kind == DATETIME else (lambda v: v)
        if etype.name == "PublishedFile" and field in ("path", "thumbnail_path"):
            op, value = self._path_filter(op, value)
        if op == "is":
            if value is None:
                return "%s IS NULL" % column
            params.append(convert(value))
            return "%s = %s" % (column, ph)
        if op == "is_not":
            if value is None:
                return "%s IS NOT NULL" % column
            params.append(convert(value))
            return "(%s IS NULL OR %s <> %s)" % (column, column, ph)
        if op in ("in", "not_in"):
            values = [convert(v) for v in value if v is not None]
            has_none = len(values) != len(value)
            params.extend(values)
            matched = "%s IN (%s)" % (column, ", ".join([ph] * len(values))) if values else "1=0"
            if op == "in":
                return "(%s OR %s IS NULL)" % (matched, column) if has_none else matched
            if has_none:
                return "(%s IS NOT NULL AND NOT %s)" % (column, matched)
            return "(%s IS NULL OR NOT %s)" % (column, matched)
        if op == "contains":
            params.append("%" + _escape_like(value) + "%")
            return "%s %s %s ESCAPE '\\'" % (column, self.like, ph)
        if op == "starts_with":
            params.append(_escape_like(value) + "%")
            return "%s %s %s ESCAPE '\\'" % (column, self.like, ph)
        params.append(convert(value))
        return "%s %s %s" % (column, ">" if op == "greater_than" else "<", ph)

    def _path_filter(self, op, value):
        """A filter on a publish path, on every spelling the path may be stored under."""
        def forms(path):
            if not isinstance(path, six.string_types) or not path:
                return [path]
            return self._paths.spellings(base.normalize_path(path))
        if op in ("is", "is_not") and value is not None:
            return ("in" if op == "is" else "not_in"), forms(value)
        if op in ("in", "not_in"):
            return op, [form for path in value for form in forms(path)]
        if op == "starts_with" and isinstance(value, six.string_types) and value.startswith("/"):
            return op, self._paths.stored(value.replace("\\", "/"))
        return op, value

    @staticmethod
    def _columns(etype, fields):
        columns = []
        for field in fields:
            columns.extend(etype.columns(field))
        return columns

    def _entity(self, etype, fields, row):
        entity = {"type": etype.name}
        i = 0
        for field in fields:
            kind = etype.kind(field)
            if kind == LINK:
                link_type, link_id, link_name = row[i:i + 3]
                i += 3
                entity[field] = None if link_id is None else {
                    "type": link_type, "id": int(link_id),
                    SCHEMA[link_type].display: link_name}
                continue
            value = row[i]
            i += 1
            if kind == MULTILINK:
                value = json.loads(value) if value else []
            elif kind == DATETIME and value is not None:
                value = self._dt_from_db(value)
            elif field == "id" or (value is not None and kind == "int"):
                value = int(value)
            entity[field] = value
        if etype.name == "PublishedFile":
            self._paths.convert_record(entity)
        return entity

    # -- writing -------------------------------------------------------------
    def create(self, entity_type_name, data):
        etype, data = self.checked_create(entity_type_name, data)
        if etype.name == "PublishedFile":
            return self.register_publish(data)
        with self._transaction(write=True) as cur:
            self._resolve_links(cur, etype, data)
            new_id = self._insert(cur, etype, data)
        return base.complete_entity(etype, new_id, data)

    def find_or_create(self, entity_type_name, data, match):
        """``(entity, created)``: the first entity whose ``match`` fields equal those
        of ``data``, else one created from ``data``.

        Atomic across processes: the look-up and the insert share one write
        transaction (SQLite's ``BEGIN IMMEDIATE``, a table lock on PostgreSQL),
        so several processes opening a new project get one Project row.
        """
        etype, data = self.checked_create(entity_type_name, data)
        checked = check_filters(etype, [[field, "is", data.get(field)] for field in match])
        with self._transaction(write=True) as cur:
            self._lock_for_create(cur, etype)
            params = []
            cur.execute("SELECT t.id FROM %s t%s ORDER BY t.id LIMIT 1" % (
                etype.table, self._where(checked, params)), params)
            row = cur.fetchone()
            if row is None:
                self._resolve_links(cur, etype, data)
                new_id = self._insert(cur, etype, data)
        if row is None:
            return base.complete_entity(etype, new_id, data), True
        return self.find_one(etype.name, [["id", "is", int(row[0])]]), False

    def _lock_for_create(self, cur, etype):
        """Make a look-up then insert atomic (dialect hook; SQLite's write
        transaction already excludes other writers)."""

    def update(self, entity_type_name, entity_id, data):
        etype, data = self.checked_update(entity_type_name, entity_id, data)
        if etype.name == "PublishedFile":
            if data.get("path") is not None:
                data["path"] = base.normalize_path(data["path"])  # as register_publish keys it
            self._store_paths(data)
        ph = self.ph
        with self._transaction(write=True) as cur:
            cur.execute("SELECT id FROM %s WHERE id = %s" % (etype.table, ph), (entity_id,))
            if cur.fetchone() is None:
                raise StoreError("update: there is no %s with id %d" % (etype.name, entity_id))
            self._resolve_links(cur, etype, data)
            columns, values = self._row(etype, data)
            cur.execute("UPDATE %s SET %s WHERE id = %s" % (
                etype.table, ", ".join("%s = %s" % (c, ph) for c in columns), ph),
                values + [entity_id])
            if etype.display in data:  # every link showing this entity shows the new name
                self._rename_links(cur, etype.name, entity_id, data[etype.display])
            if etype.name == "PublishedFile" and _PUBLISH_KEY_FIELDS.intersection(data):
                self._counter_after_update(cur, entity_id)
        return self.find_one(etype.name, [["id", "is", entity_id]])

    def _counter_after_update(self, cur, entity_id):
        """Keep the version allocator above a publish whose key or version changed,
        or the next allocation would collide with it on every later publish."""
        cur.execute("SELECT name, published_file_type, entity_type, entity_id, task_id, "
                    "version_number FROM rk_published_file WHERE id = %s" % self.ph,
                    (entity_id,))
        name, ptype, entity_type_name, linked_id, task_id, version = cur.fetchone()
        if None in (name, ptype, entity_type_name, linked_id, version):
            return
        key = (name, ptype, (entity_type_name, int(linked_id)),
               None if task_id is None else int(task_id))
        self._raise_counter(cur, key, int(version))

    def _rename_links(self, cur, type_name, entity_id, name):
        ph = self.ph
        for other in SCHEMA.values():
            for field, targets in other.targets.items():
                if type_name in targets and other.kind(field) == LINK:
                    cur.execute("UPDATE %s SET %s_name = %s WHERE %s_type = %s AND %s_id = %s" % (
                        other.table, field, ph, field, ph, field, ph),
                        (name, type_name, entity_id))
        cur.execute("UPDATE rk_path_cache SET entity_name = %s WHERE entity_type = %s AND "
                    "entity_id = %s" % (ph, ph, ph), (name, type_name, entity_id))

    def _resolve_links(self, cur, etype, data):
        """Check every linked entity exists and fill in its display value."""
        wanted = base.linked_ids(etype, data)
        names = {}
        for type_name, ids in wanted.items():
            target = SCHEMA[type_name]
            ids = sorted(ids)
            cur.execute("SELECT id, %s FROM %s WHERE id IN (%s)" % (
                target.display, target.table, ", ".join([self.ph] * len(ids))), ids)
            for row in cur.fetchall():
                names[(type_name, int(row[0]))] = row[1]
        base.fill_link_names(etype, data, wanted, names)

    def _row(self, etype, data):
        columns, values = [], []
        for field, value in sorted(data.items()):
            kind = etype.kind(field)
            if kind == LINK:
                columns += [field + "_type", field + "_id", field + "_name"]
                values += [None, None, None] if value is None else [
                    value["type"], value["id"], value.get(SCHEMA[value["type"]].display)]
            elif kind == MULTILINK:
                columns.append(field)
                values.append(json.dumps(value or [], sort_keys=True))
            elif kind == DATETIME:
                columns.append(field)
                values.append(None if value is None else self._dt_to_db(value))
            else:
                columns.append(field)
                values.append(value)
        return columns, values

    def _insert(self, cur, etype, data):
        columns, values = self._row(etype, data)
        cur.execute("INSERT INTO %s (%s) VALUES (%s) RETURNING id" % (
            etype.table, ", ".join(columns), ", ".join([self.ph] * len(values))), values)
        return int(cur.fetchone()[0])

    # -- publishes -----------------------------------------------------------
    def latest_versions(self, keys):
        normalized = base.publish_keys(keys)
        if not normalized:
            return {}
        etype = SCHEMA["PublishedFile"]
        fields = list(etype.order)
        columns = self._columns(etype, fields)
        with self._transaction() as cur:
            rows = self._latest_rows(cur, columns, normalized)
        return dict((normalized[row[0]], self._entity(etype, fields, row[1:])) for row in rows)

    def publishes_by_paths(self, paths, fields=None):
        wanted = base.normalize_paths(paths)
        if not wanted:
            return {}
        etype = SCHEMA["PublishedFile"]
        fields = base.by_path_fields(etype, fields)
        columns = self._columns(etype, fields)
        spellings = [form for path in wanted for form in self._paths.spellings(path)]
        with self._transaction() as cur:
            rows = self._by_path_rows(cur, columns, spellings)
        width = len(columns)
        read = self._entity_reader(etype, fields)
        result = {}
        for row in rows:
            publish = read(row[:width])
            # Most references of a scene are current: their latest row is their own.
            latest = publish if row[width] == row[0] else read(row[width:])
            result[publish["path"]] = (publish, latest)
        return result

    def _entity_reader(self, etype, fields):
        """``row -> entity dict`` like :meth:`_entity`, with each field's conversion
        chosen once: a scene's thousands of rows are read without asking each
        field's kind again for every row."""
        steps = []
        i = 0
        for field in fields:
            kind = etype.kind(field)
            if kind == LINK:
                steps.append((field, i, LINK))
                i += 3
                continue
            if kind == MULTILINK:
                convert = _json_list
            elif kind == DATETIME:
                convert = self._dt_from_db
            elif field == "id" or kind == "int":
                convert = int
            else:
                convert = None
            steps.append((field, i, convert))
            i += 1

        absolute = self._paths.absolute if etype.name == "PublishedFile" else None
        steps = [(field, index, absolute if convert is None and absolute is not None
                  and field in ("path", "thumbnail_path") else convert)
                 for field, index, convert in steps]

        def read(row):
            entity = {"type": etype.name}
            for field, index, convert in steps:
                if convert is LINK:
                    link_type, link_id, link_name = row[index:index + 3]
                    entity[field] = None if link_id is None else {
                        "type": link_type, "id": int(link_id),
                        SCHEMA[link_type].display: link_name}
                    continue
                value = row[index]
                entity[field] = value if convert is None or value is None else convert(value)
            return entity
        return read

    def _by_path_rows(self, cur, columns, paths):
        """Rows ``publish columns + latest columns`` of the publishes at ``paths``."""
        raise NotImplementedError

    #: The latest publish of the key of ``t``: one seek in rk_published_file_version.
    _LATEST_OF_T = ("SELECT p.id FROM rk_published_file p WHERE p.entity_type = t.entity_type "
                    "AND p.entity_id = t.entity_id AND COALESCE(p.task_id, 0) = "
                    "COALESCE(t.task_id, 0) AND p.name = t.name AND p.published_file_type = "
                    "t.published_file_type ORDER BY p.version_number DESC LIMIT 1")

    def publishes_using(self, publishes):
        ids = sorted(base.publish_ids(publishes))
        if not ids:
            return []
        etype = SCHEMA["PublishedFile"]
        fields = list(etype.order)
        columns = self._columns(etype, fields)
        with self._transaction() as cur:
            cur.execute("SELECT %s FROM rk_published_file t WHERE t.upstream <> '[]' AND %s "
                        "ORDER BY t.id" % (", ".join("t." + c for c in columns),
                                           self._upstream_has_sql()), self._ids_param(ids))
            rows = cur.fetchall()
        return [self._entity(etype, fields, row) for row in rows]

    def _upstream_has_sql(self):
        """A condition on ``t.upstream`` (JSON text): it links to one of the ids parameter."""
        raise NotImplementedError

    def _ids_param(self, ids):
        """The parameters of :meth:`_upstream_has_sql` for ``ids``."""
        raise NotImplementedError

    def _key_params(self, key):
        name, ptype, (etype_name, entity_id), task_id = key
        return [etype_name, entity_id, task_id or 0, name, ptype]

    _KEY_WHERE = ("entity_type = {ph} AND entity_id = {ph} AND task_id = {ph} AND name = {ph} "
                  "AND published_file_type = {ph}")

    def reserve_version(self, name, published_file_type, entity, task=None):
        key = base.publish_key(name, published_file_type, entity, task)
        with self._transaction(write=True) as cur:
            return self._bump_counter(cur, key)

    def release_version(self, name, published_file_type, entity, task, version):
        key = base.publish_key(name, published_file_type, entity, task)
        ph = self.ph
        params = self._key_params(key)
        with self._transaction(write=True) as cur:
            cur.execute(
                "UPDATE rk_version_counter SET last_version = last_version - 1 WHERE "
                + self._KEY_WHERE.format(ph=ph) + " AND last_version = %s AND NOT EXISTS ("
                "SELECT 1 FROM rk_published_file p WHERE p.entity_type = %s AND p.entity_id = %s "
                "AND COALESCE(p.task_id, 0) = %s AND p.name = %s AND p.published_file_type = %s "
                "AND p.version_number = %s)" % ((ph,) * 7),
                params + [version] + params + [version])
            return cur.rowcount == 1

    def _bump_counter(self, cur, key):
        ph = self.ph
        cur.execute(
            "INSERT INTO rk_version_counter (entity_type, entity_id, task_id, name, "
            "published_file_type, last_version) VALUES (%s, %s, %s, %s, %s, 1) "
            "ON CONFLICT (entity_type, entity_id, task_id, name, published_file_type) "
            "DO UPDATE SET last_version = rk_version_counter.last_version + 1 "
            "RETURNING last_version" % ((ph,) * 5), self._key_params(key))
        return int(cur.fetchone()[0])

    def _raise_counter(self, cur, key, version):
        ph = self.ph
        cur.execute(
            "INSERT INTO rk_version_counter (entity_type, entity_id, task_id, name, "
            "published_file_type, last_version) VALUES (%s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (entity_type, entity_id, task_id, name, published_file_type) "
            "DO UPDATE SET last_version = CASE WHEN excluded.last_version > "
            "rk_version_counter.last_version THEN excluded.last_version "
            "ELSE rk_version_counter.last_version END" % ((ph,) * 6),
            self._key_params(key) + [version])

    def register_publish(self, data):
        return self.register_publishes([data])[0]

    def register_publishes(self, records):
        """Register many publishes in one transaction (imports, benchmarks): all or none."""
        prepared = [self._prepare_publish(data) for data in records]
        with self._transaction(write=True) as cur:
            return [self._register(cur, data, key) for data, key in prepared]

    def _store_paths(self, data):
        """PublishedFile path fields of ``data`` in their stored spelling (in place)."""
        for field in ("path", "thumbnail_path"):
            if data.get(field):
                data[field] = self._paths.stored(base.normalize_path(data[field]))

    def _prepare_publish(self, data):
        data, key = self.prepare_publish(data)
        self._store_paths(data)  # stored relative to its root, read back against this one
        return data, key

    def _register(self, cur, data, key):
        etype = SCHEMA["PublishedFile"]
        self._resolve_links(cur, etype, data)
        absolute = self._paths.absolute(data["path"])
        forms = self._paths.spellings(absolute)
        cur.execute("SELECT version_number FROM rk_published_file WHERE path IN (%s)"
                    % ", ".join([self.ph] * len(forms)), forms)
        row = cur.fetchone()
        if row is not None:
            raise ConflictError("%s is already published (version %s): a published path "
                                "is never reused" % (absolute, row[0]))
        if data.get("version_number") is None:
            data["version_number"] = self._bump_counter(cur, key)
        else:
            cur.execute("SELECT id FROM rk_published_file p WHERE p.entity_type = {ph} AND "
                        "p.entity_id = {ph} AND COALESCE(p.task_id, 0) = {ph} AND p.name = {ph} "
                        "AND p.published_file_type = {ph} AND p.version_number = {ph}"
                        .format(ph=self.ph), self._key_params(key) + [data["version_number"]])
            if cur.fetchone() is not None:
                raise ConflictError("version %d of publish %r (%s) of %s %d is already registered"
                                    % (data["version_number"], data["name"],
                                       data["published_file_type"], data["entity"]["type"],
                                       data["entity"]["id"]))
            self._raise_counter(cur, key, data["version_number"])
        return self._paths.convert_record(
            base.complete_entity(etype, self._insert(cur, etype, data), dict(data)))

    # -- stored paths --------------------------------------------------------
    def absolute_publish_paths(self):
        counts = {}
        with self._transaction() as cur:
            for _, stored in self._absolute_publish_rows(cur):
                name = stored["path"][1:stored["path"].index("}")]
                counts[name] = counts.get(name, 0) + 1
        return counts

    def relativize_publish_paths(self):
        with self._transaction(write=True) as cur:
            rows = self._absolute_publish_rows(cur)
            for record_id, stored in rows:
                cur.execute("UPDATE rk_published_file SET path = {ph}, thumbnail_path = {ph} "
                            "WHERE id = {ph}".format(ph=self.ph),
                            (stored["path"], stored["thumbnail_path"], record_id))
        return len(rows)

    def _absolute_publish_rows(self, cur):
        """``[(id, {"path", "thumbnail_path"} as they would be stored now)]`` of the
        records whose path is absolute and under a root."""
        cur.execute("SELECT id, path, thumbnail_path FROM rk_published_file "
                    "WHERE path NOT LIKE '{%'")
        rows = []
        for record_id, path, thumbnail in cur.fetchall():
            stored = self._paths.stored(path)
            if stored != path:
                rows.append((record_id, {"path": stored, "thumbnail_path": self._paths.stored(
                    thumbnail) if thumbnail else thumbnail}))
        return rows

    # -- path cache ----------------------------------------------------------
    def path_cache_add(self, path, entity):
        root, rel = self.split_path(path)
        link = base.check_link(entity, list(SCHEMA), "path_cache_add")
        ph = self.ph
        with self._transaction(write=True) as cur:
            self._resolve_links_of(cur, link)
            cur.execute("SELECT entity_type, entity_id, entity_name FROM rk_path_cache "
                        "WHERE root = %s AND path = %s" % (ph, ph), (root, rel))
            row = cur.fetchone()
            if row is not None:
                if (row[0], int(row[1])) == (link["type"], link["id"]):
                    return False
                raise PathCacheConflict("%s is already in the path cache for %s %s (id %s), "
                                        "not %s %s" % (self.join_path(root, rel), row[0], row[2],
                                                       row[1], link["type"], link.get(
                                                           SCHEMA[link["type"]].display)))
            cur.execute("INSERT INTO rk_path_cache (root, path, entity_type, entity_id, "
                        "entity_name, created_at) VALUES (%s, %s, %s, %s, %s, %s)"
                        % ((ph,) * 6),
                        (root, rel, link["type"], link["id"],
                         link.get(SCHEMA[link["type"]].display), self._dt_to_db(_now())))
        return True

    def _resolve_links_of(self, cur, link):
        target = SCHEMA[link["type"]]
        cur.execute("SELECT %s FROM %s WHERE id = %s" % (target.display, target.table, self.ph),
                    (link["id"],))
        row = cur.fetchone()
        if row is None:
            raise StoreError("%s %d does not exist" % (link["type"], link["id"]))
        link[target.display] = row[0]

    def path_cache_lookup(self, path):
        split = self.split_path(path, strict=False)
        if split is None:
            return None
        root, rel = split
        # every folder at or above the path in one indexed query; the deepest wins
        candidates = base.folders_up(rel)
        ph = self.ph
        with self._transaction() as cur:
            cur.execute("SELECT entity_type, entity_id, entity_name FROM rk_path_cache WHERE "
                        "root = %s AND path IN (%s) ORDER BY LENGTH(path) DESC LIMIT 1"
                        % (ph, ", ".join([ph] * len(candidates))), [root] + candidates)
            row = cur.fetchone()
        if row is None:
            return None
        return {"type": row[0], "id": int(row[1]), SCHEMA[row[0]].display: row[2]}

    def path_cache_entries(self, entity):
        link = base.check_link(entity, list(SCHEMA), "path_cache_entries")
        ph = self.ph
        with self._transaction() as cur:
            cur.execute("SELECT root, path FROM rk_path_cache WHERE entity_type = %s AND "
                        "entity_id = %s ORDER BY LENGTH(path), path" % (ph, ph),
                        (link["type"], link["id"]))
            rows = cur.fetchall()
        return [self.join_path(root, rel) for root, rel in rows]


def _now():
    return utc_now()


def _json_list(value):
    return json.loads(value) if value else []
