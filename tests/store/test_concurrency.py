"""50 real processes publishing the same item at once get 50 distinct, consecutive versions."""

import multiprocessing

from toolkit.store import ensure_project, open_store_from_settings

PROCESSES = 50
# Fresh interpreters, as on artists' machines: nothing inherited from the test
# process (and forking a multi-threaded process is unsafe). Python 2 only forks.
PROCESS_KIND = (multiprocessing.get_context("spawn") if hasattr(multiprocessing, "get_context")
                else multiprocessing)


def _publisher(settings, roots, shot, index, start, results):
    try:
        store = open_store_from_settings(settings, roots=roots)
        start.wait(60)
        record = store.register_publish({
            "path": "%s/publish/main.%02d.ma" % (roots["primary"], index),
            "name": "main", "published_file_type": "Maya Scene", "entity": shot})
        results.put(record["version_number"])
        store.close()
    except Exception as exc:  # reported to the parent, which fails the test
        results.put("process %d: %s" % (index, exc))


def test_concurrent_publishers_get_distinct_consecutive_versions(store_settings, roots):
    store = open_store_from_settings(store_settings, roots=roots)  # creates the schema
    store.project = ensure_project(store, "demo")
    shot = store.create("Shot", {"code": "SH010"})
    start = PROCESS_KIND.Event()
    results = PROCESS_KIND.Queue()
    procs = [PROCESS_KIND.Process(target=_publisher,
                                     args=(store_settings, roots, shot, i, start, results))
             for i in range(PROCESSES)]
    for proc in procs:
        proc.start()
    start.set()
    got = [results.get(timeout=120) for _ in procs]
    for proc in procs:
        proc.join(60)
    assert [g for g in got if not isinstance(g, int)] == []
    assert sorted(got) == list(range(1, PROCESSES + 1))
    records = store.find("PublishedFile", [["entity", "is", shot]], ["version_number"])
    assert sorted(r["version_number"] for r in records) == list(range(1, PROCESSES + 1))
    store.close()
