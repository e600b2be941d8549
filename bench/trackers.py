"""Tracker stores against the embedded SQLite store: run ``python bench/trackers.py``.

Python 3, outside any host. Needs what the Kitsu tests need: PostgreSQL's
``initdb``/``pg_ctl``, ``redis-server`` and a zou virtualenv named by
``REELKIT_ZOU_PYTHON`` (``tests/run`` makes ``.venvs/zou``).

One project, 50 shots, 1,000 publish keys (one publish each) on:

- **Kitsu with the read cache** (the ``kitsu`` backend): reads are the cache's;
- **Kitsu without the cache**: the same answers asked of Kitsu's REST API, as
  a backend with no cache would (every output file of the project, then the
  latest per key / the newest 200, worked out by the client);
- **ShotGrid** (on Mockgun: an in-process fake, so only the code's own cost,
  no network) with and without the read cache;
- **SQLite**, the embedded default, in the same run.

Printed per store: the latest versions of the 1,000 keys in one call, and the
Loader's first page (the newest 200 publishes of the project).
"""

from __future__ import print_function

import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from toolkit.store import ensure_project, open_store_from_settings  # noqa: E402

SHOTS = 50
KEYS = 1000
PAGE = 200
ROUNDS = 7


def best(func, rounds=ROUNDS):
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def seed(store, root):
    """50 shots and 1,000 publishes (one per key) through the store's own API."""
    seq = store.create("Sequence", {"code": "SQ010"})
    shots = [store.create("Shot", {"code": "SH%03d" % (i * 10), "sequence": seq})
             for i in range(SHOTS)]
    records = [{"path": "%s/%s/pub_%04d.ma" % (root, shots[i % SHOTS]["code"], i),
                "name": "pub_%04d" % i, "published_file_type": "Maya Scene",
                "entity": shots[i % SHOTS]} for i in range(KEYS)]
    return shots, records


def measure(label, store, keys, baseline=None):
    latest, _ = best(lambda: store.latest_versions(keys))
    page, _ = best(lambda: store.find("PublishedFile", [], order=[("created_at", "desc")],
                                      limit=PAGE))
    ratio = ""
    if baseline:
        ratio = "  (%.1fx / %.1fx SQLite)" % (latest / baseline[0], page / baseline[1])
    print("  %-34s latest of 1,000 keys %8.1f ms   first page %8.1f ms%s"
          % (label, latest, page, ratio))
    return latest, page


def kitsu_direct(store):
    """What a backend with no read cache does: ask Kitsu, work the answer out."""
    from gazu import client as raw
    client = store._kitsu()
    project = store.remote_id("Project", store.project["id"])

    def all_files():
        files = []
        for entity in raw.fetch_all("entities", {"project_id": project}, client=client):
            files.extend(raw.fetch_all("output-files", {"entity_id": entity["id"]},
                                       client=client))
        return files

    def latest():
        best_of = {}
        for f in all_files():
            key = (f["name"], f["output_type_id"], f["entity_id"], f["task_type_id"])
            if key not in best_of or f["revision"] > best_of[key]["revision"]:
                best_of[key] = f
        return best_of

    def page():
        return sorted(all_files(), key=lambda f: f["created_at"], reverse=True)[:PAGE]
    return latest, page


def main():
    sys.path.insert(0, os.path.join(os.path.dirname(HERE), "tests"))
    from tests.store.conftest import PostgresServer
    from tests.trackers.kitsu.server import ADMIN, KitsuServer
    from tests.trackers.shotgrid.sg_schema import mockgun
    work = tempfile.mkdtemp(prefix="reelkit-bench-trackers-")
    root = os.path.join(work, "show")
    os.makedirs(root)
    roots = {"primary": root}
    pg = PostgresServer()
    pg.start()
    kitsu = None
    try:
        print("SQLite (embedded default)")
        sqlite = open_store_from_settings({"backend": "sqlite",
                                           "path": os.path.join(work, "sqlite.db")}, roots=roots)
        sqlite.project = ensure_project(sqlite, "bench")
        shots, records = seed(sqlite, root)
        sqlite.register_publishes(records)
        keys = [(r["name"], r["published_file_type"], r["entity"], None) for r in records]
        base = measure("sqlite", sqlite, keys)
        sqlite.close()

        print("ShotGrid (Mockgun, in process: the code's own cost)")
        for label, cache in (("shotgrid, read cache", os.path.join(work, "sg.sqlite")),
                             ("shotgrid, direct", False)):
            site = mockgun(tempfile.mkdtemp(dir=work))
            store = open_store_from_settings({"backend": "shotgrid", "connection": site,
                                              "cache": cache}, roots=roots)
            store.project = ensure_project(store, "bench")
            shots, records = seed(store, root)
            store.register_publishes(records)
            keys = [(r["name"], r["published_file_type"], r["entity"], None) for r in records]
            measure(label, store, keys, base)
            store.close()

        print("Kitsu (a real zou server on loopback)")
        kitsu = KitsuServer(pg).start()
        os.environ["BENCH_KITSU_LOGIN"], os.environ["BENCH_KITSU_PASSWORD"] = (ADMIN,
                                                                              kitsu.password)
        store = open_store_from_settings({
            "backend": "kitsu", "url": kitsu.url, "login_env": "BENCH_KITSU_LOGIN",
            "password_env": "BENCH_KITSU_PASSWORD", "cache": os.path.join(work, "k.sqlite")},
            roots=roots)
        store.project = ensure_project(store, "bench_" + uuid.uuid4().hex[:6])
        start = time.perf_counter()
        shots, records = seed(store, root)
        store.register_publishes(records)
        print("  seeding 50 shots + 1,000 publishes through Kitsu: %.1f s"
              % (time.perf_counter() - start))
        keys = [(r["name"], r["published_file_type"], r["entity"], None) for r in records]
        measure("kitsu, read cache", store, keys, base)
        latest, page = kitsu_direct(store)
        direct = (best(latest, 3)[0], best(page, 3)[0])
        print("  %-34s latest of 1,000 keys %8.1f ms   first page %8.1f ms  (%.0fx / %.0fx "
              "SQLite)" % ("kitsu, no cache (REST)", direct[0], direct[1], direct[0] / base[0],
                           direct[1] / base[1]))
        start = time.perf_counter()
        fresh = open_store_from_settings({
            "backend": "kitsu", "url": kitsu.url, "login_env": "BENCH_KITSU_LOGIN",
            "password_env": "BENCH_KITSU_PASSWORD", "cache": os.path.join(work, "k2.sqlite")},
            roots=roots)
        fresh.project = ensure_project(fresh, store.project["name"])
        counts = fresh.sync()
        print("  reelkit sync into an empty cache: %.1f s (%d publishes)"
              % (time.perf_counter() - start, counts["PublishedFile"]))
        fresh.close()
        store.close()
    finally:
        if kitsu is not None:
            kitsu.stop()
        pg.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
