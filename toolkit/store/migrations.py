"""The database schema, as an ordered list of migrations shared by every SQL backend.

Each migration is ``(version, description, statements(dialect))``. A database
records the versions it has in ``rk_schema_version``; opening a store applies the
missing ones in order, each in its own transaction. Never edit a released
migration: append a new one (a new field is an ``ALTER TABLE ... ADD COLUMN``
migration *and* an entry in :mod:`toolkit.store.entities`).

Column types differ by dialect only where they must: ids, integers and
timestamps. A link field ``f`` takes three columns ``f_type, f_id, f_name`` (the
linked entity's display value, kept current by ``Store.update``); a multi-link
(``upstream``) is JSON text.
"""

_TYPES = {
    "sqlite": {"pk": "INTEGER PRIMARY KEY", "int": "INTEGER", "text": "TEXT",
               "datetime": "TEXT"},
    "postgres": {"pk": "BIGSERIAL PRIMARY KEY", "int": "BIGINT", "text": "TEXT",
                 "datetime": "TIMESTAMP"},
}


def _table(dialect, name, columns):
    types = _TYPES[dialect]
    cols = ["id %s" % types["pk"]]
    for column in columns:
        col_name, kind = column.split(":")
        if kind == "link":
            cols += ["%s_type %s" % (col_name, types["text"]),
                     "%s_id %s" % (col_name, types["int"]),
                     "%s_name %s" % (col_name, types["text"])]
        else:
            cols.append("%s %s" % (col_name, types[kind]))
    return "CREATE TABLE %s (%s)" % (name, ", ".join(cols))


def _entities_and_publishes(dialect):
    statements = [
        _table(dialect, "rk_project", ["code:text", "name:text", "description:text"]),
        _table(dialect, "rk_sequence", ["code:text", "description:text", "project:link"]),
        _table(dialect, "rk_shot", ["code:text", "description:text", "sequence:link",
                                    "project:link"]),
        _table(dialect, "rk_asset", ["code:text", "description:text", "sg_asset_type:text",
                                     "project:link"]),
        _table(dialect, "rk_step", ["code:text", "entity_type:text", "description:text"]),
        _table(dialect, "rk_task", ["content:text", "entity:link", "step:link", "project:link"]),
        _table(dialect, "rk_user", ["login:text", "name:text", "email:text"]),
        _table(dialect, "rk_published_file", [
            "code:text", "name:text", "path:text", "published_file_type:text",
            "version_number:int", "entity:link", "task:link", "step:link", "created_by:link",
            "description:text", "created_at:datetime", "thumbnail_path:text",
            "first_frame:int", "last_frame:int", "upstream:text", "project:link"]),
        "CREATE INDEX rk_sequence_code ON rk_sequence (project_id, code)",
        "CREATE INDEX rk_shot_code ON rk_shot (project_id, code)",
        "CREATE INDEX rk_shot_sequence ON rk_shot (sequence_id)",
        "CREATE INDEX rk_asset_code ON rk_asset (project_id, code)",
        "CREATE INDEX rk_task_entity ON rk_task (entity_type, entity_id)",
        "CREATE INDEX rk_step_code ON rk_step (code)",
        "CREATE UNIQUE INDEX rk_user_login ON rk_user (login)",
        # The latest-version lookup: one index seek per (entity, task, name, type)
        # key, newest version first. Entity ids are unique per type, so the
        # project is implied by the entity and kept out of the key. Unique: two
        # publishes can never share a version.
        "CREATE UNIQUE INDEX rk_published_file_version ON rk_published_file "
        "(entity_type, entity_id, (COALESCE(task_id, 0)), name, published_file_type, "
        "version_number)",
        "CREATE UNIQUE INDEX rk_published_file_path ON rk_published_file (path)",
        "CREATE INDEX rk_published_file_project ON rk_published_file (project_id, created_at)",
    ]
    return statements


def _path_cache_and_counters(dialect):
    types = _TYPES[dialect]
    return [
        # Paths are stored relative to a named storage root so that a project
        # seen through another mount (or OS) keeps its cache.
        "CREATE TABLE rk_path_cache (id %s, root %s NOT NULL, path %s NOT NULL, "
        "entity_type %s NOT NULL, entity_id %s NOT NULL, entity_name %s, created_at %s)"
        % (types["pk"], types["text"], types["text"], types["text"], types["int"],
           types["text"], types["datetime"]),
        "CREATE UNIQUE INDEX rk_path_cache_path ON rk_path_cache (root, path)",
        "CREATE INDEX rk_path_cache_entity ON rk_path_cache (entity_type, entity_id)",
        # One row per publish key holding the last allocated version; bumped with
        # INSERT ... ON CONFLICT DO UPDATE, which locks the row until commit.
        "CREATE TABLE rk_version_counter (entity_type %s NOT NULL, entity_id %s NOT NULL, "
        "task_id %s NOT NULL, name %s NOT NULL, published_file_type %s NOT NULL, "
        "last_version %s NOT NULL, PRIMARY KEY (entity_type, entity_id, task_id, name, "
        "published_file_type))"
        % (types["text"], types["int"], types["int"], types["text"], types["text"],
           types["int"]),
    ]


def _cut_ranges_and_assignees(dialect):
    types = _TYPES[dialect]
    return [
        # A shot's frame range (ShotGrid's names): what a scene's range is checked against.
        "ALTER TABLE rk_shot ADD COLUMN sg_cut_in %s" % types["int"],
        "ALTER TABLE rk_shot ADD COLUMN sg_cut_out %s" % types["int"],
        # Who works on a task: the users' "My tasks" (a multi-link, JSON text).
        "ALTER TABLE rk_task ADD COLUMN task_assignees %s" % types["text"],
    ]


#: every migration, oldest first
MIGRATIONS = [
    (1, "entities and published files", _entities_and_publishes),
    (2, "path cache and version counters", _path_cache_and_counters),
    (3, "shot cut ranges and task assignees", _cut_ranges_and_assignees),
]

LATEST = MIGRATIONS[-1][0]

VERSION_TABLE = ("CREATE TABLE IF NOT EXISTS rk_schema_version "
                 "(version INTEGER PRIMARY KEY, description TEXT, applied_at TEXT)")


def pending(current):
    """The migrations a database at schema ``current`` still needs, in order."""
    return [m for m in MIGRATIONS if m[0] > current]
