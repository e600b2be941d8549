"""Breakdown benchmark: run ``python bench/breakdown.py [--no-postgres]``.

A shell scene loading 1,000 published files (1,000 publish keys with 3 versions
each, among 20,000 other publishes) is scanned the way the Breakdown panel and
the notice on scene open do: ``host.list_references()``, every path resolved
through the templates and ONE batched store request, files checked on disk,
pins read from the scene. The baseline, in the same run, resolves the same
1,000 paths one request each (``resolve_path`` per reference).

Goal: inventory plus status of 1,000 references < 50 ms on SQLite. The same
figures are measured on PostgreSQL (a private server started like the store
tests do; ``--no-postgres`` skips it). Medians and best of several rounds; the
first (cold) round is printed apart.
"""

from __future__ import print_function

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from apps.breakdown.inventory import scan  # noqa: E402
from engines.shell.host import ShellHost  # noqa: E402
from toolkit.config.project import ProjectConfig  # noqa: E402
from toolkit.publish.resolve import resolve_path  # noqa: E402
from toolkit.store import ensure_project, open_store_from_settings  # noqa: E402

REFERENCES = 1000
VERSIONS = 3
BACKGROUND = 20000
ROUNDS = 15
GOAL_MS = 50.0
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def build(store, project):
    """Entities and publishes; returns the paths the scene loads (v001 or v002 of each key)."""
    templates = project.templates
    store.project = ensure_project(store, "bench")
    assets = [store.create("Asset", {"code": "asset%03d" % i, "sg_asset_type": "prop"})
              for i in range(100)]
    records, scene_paths = [], []
    for index in range(REFERENCES):
        asset = assets[index % len(assets)]
        name = "part%02d" % (index // len(assets))
        for version in range(1, VERSIONS + 1):
            path = templates["maya_asset_publish"].apply_fields({
                "AssetType": "prop", "Asset": asset["code"], "Step": "model", "name": name,
                "version": version})
            records.append({"path": path, "name": name, "published_file_type": "Maya Scene",
                            "version_number": version, "entity": asset})
            if version == 1 + index % 2:
                scene_paths.append(path)
    shots = [store.create("Shot", {"code": "SH%04d" % i}) for i in range(200)]
    for index in range(BACKGROUND):
        shot = shots[index % len(shots)]
        records.append({"path": "%s/other/%s/comp_%05d.nk" % (
                            project.roots["primary"], shot["code"], index),
                        "name": "comp%d" % (index // len(shots)),
                        "published_file_type": "Nuke Script", "entity": shot})
    store.register_publishes(records)
    for path in scene_paths:  # the files exist: no reference reads as missing
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            os.makedirs(folder)
        open(path, "w").close()
    return scene_paths


def timings_ms(function, rounds=ROUNDS):
    """``(median, best, result)`` of ``rounds`` calls. The best round shows the cost
    on a quiet machine; the median, what an artist on a busy one sees."""
    times = []
    result = None
    for _ in range(rounds):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times), result


def measure(label, settings, work, goal=True):
    root = os.path.join(work, label, "show")
    os.makedirs(root)
    project = ProjectConfig(os.path.join(REPO, "config"), {"name": "bench"}, {"primary": root},
                            settings)
    store = open_store_from_settings(settings, roots=project.roots)
    try:
        start = time.perf_counter()
        paths = build(store, project)
        print("%s: %d publishes registered in %.1f s" % (
            label, REFERENCES * VERSIONS + BACKGROUND, time.perf_counter() - start))
        host = ShellHost()
        for index, path in enumerate(paths):
            host.reference_file(path, "ref%04d" % index)
        templates = project.templates

        start = time.perf_counter()
        inventory = scan(host, store, templates)
        cold = (time.perf_counter() - start) * 1000
        counts = inventory.counts()
        assert counts["out_of_date"] == REFERENCES and counts["latest"] == 0, counts
        batched, batched_best, inventory = timings_ms(lambda: scan(host, store, templates))
        no_files, no_files_best, _ = timings_ms(
            lambda: scan(host, store, templates, check_files=False))
        single, single_best, found = timings_ms(
            lambda: [resolve_path(store, path, templates) for path in paths], rounds=5)
        assert [r.publish["id"] for r in found] == [i.publish["id"] for i in inventory]
    finally:
        store.close()
    print("  %-56s %8s %8s" % ("(ms)", "median", "best"))
    print("  %-56s %8.1f" % ("inventory + status, 1,000 refs, first run (cold)", cold))
    verdict = ("goal < %.0f ms: %s" % (GOAL_MS, "met" if batched < GOAL_MS else "NOT met")
               if goal else "(measured; the goal is SQLite's)")
    print("  %-56s %8.1f %8.1f  %s" % (
        "inventory + status, 1,000 refs, one batched request", batched, batched_best, verdict))
    print("  %-56s %8.1f %8.1f" % ("  the same without looking for files on disk", no_files,
                                   no_files_best))
    print("  %-56s %8.1f %8.1f" % ("baseline: 1,000 single lookups (resolve_path each)",
                                   single, single_best))
    print("  %-56s %7.1fx %7.1fx" % ("single lookups / batched", single / batched,
                                     single_best / batched_best))
    return batched


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    args = parser.parse_args(argv)
    if hasattr(os, "getloadavg"):
        print("load average %.1f on %d CPUs (figures move with it)" % (
            os.getloadavg()[0], os.cpu_count() or 1))
    work = tempfile.mkdtemp(prefix="reelkit-bench-breakdown-")
    server = None
    try:
        sqlite = measure("sqlite", {"backend": "sqlite",
                                    "path": os.path.join(work, "db", "reelkit.sqlite")}, work)
        if not args.no_postgres:
            from tests.store.conftest import PostgresServer
            server = PostgresServer()
            server.start()
            measure("postgres", server.settings(schema="bench"), work, goal=False)
        return 0 if sqlite < GOAL_MS else 1
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
