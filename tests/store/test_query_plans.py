"""The queries behind the Loader walk an index instead of sorting the table.

A sort of every row (SQLite's "USE TEMP B-TREE FOR ORDER BY") made opening the
Loader on 100,000 publishes take 450 ms instead of 60: this guards the plan,
which does not depend on how fast the machine is.
"""

from toolkit.store import ensure_project, open_store_from_settings

NEWEST_FIRST = [("created_at", "desc"), ("id", "desc")]  # apps/loader/model.py


class _Recorder(object):
    """Stands in for the store's connection and keeps every statement run."""

    def __init__(self, connection):
        self.connection = connection
        self.statements = []

    def cursor(self):
        return _RecordingCursor(self.connection.cursor(), self.statements)

    def __getattr__(self, name):
        return getattr(self.connection, name)


class _RecordingCursor(object):
    def __init__(self, cursor, statements):
        self._cursor = cursor
        self._statements = statements

    def execute(self, sql, params=()):
        self._statements.append((sql, params))
        return self._cursor.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self._cursor, name)

    def __iter__(self):
        return iter(self._cursor)


def _plans_of(store, call):
    real = store._conn
    store._conn = recorder = _Recorder(real)
    try:
        call()
    finally:
        store._conn = real
    plans = []
    for sql, params in recorder.statements:
        if sql.lstrip().upper().startswith("SELECT"):
            plans.append(" | ".join(row[-1] for row in
                                    real.execute("EXPLAIN QUERY PLAN " + sql, params)))
    return plans


def test_newest_publishes_of_a_project_use_an_index(tmpdir):
    store = open_store_from_settings({"backend": "sqlite", "path": str(tmpdir.join("s.db"))},
                                     roots={"primary": str(tmpdir)})
    store.project = ensure_project(store, "show")
    shot = store.create("Shot", {"code": "SH010"})
    for index in range(3):
        store.register_publish({"path": str(tmpdir.join("a%d.ma" % index)), "name": "a",
                                "published_file_type": "Maya Scene", "entity": shot})
    plans = _plans_of(store, lambda: store.find(
        "PublishedFile", [["project", "is", store.project]], ["code"], order=NEWEST_FIRST,
        limit=200))
    assert plans, "no SELECT was traced"
    for plan in plans:
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
    store.close()
