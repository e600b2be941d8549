"""Loader responsiveness with 100,000 publishes (Python 3, offscreen Qt).

Builds a SQLite store in a temporary folder (entities through the store API,
publishes with one bulk INSERT), then times:

* open: constructing the Loader panel on the project until the first rows are
  painted (the view's viewport grabbed with rows in the model);
* filter: selecting one shot in the tree until its rows are painted.

Goal: both under 200 ms.  Run: QT_QPA_PLATFORM=offscreen python bench/loader.py
"""

from __future__ import print_function

import datetime
import os
import shutil
import sqlite3
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PUBLISHES = 100000
SEQUENCES, SHOTS_PER_SEQUENCE, ASSETS = 20, 50, 200
TYPES = ["Maya Scene", "Nuke Script", "Alembic Cache", "Rendered Image", "USD", "VDB Cache"]


def build(folder):
    from toolkit.store import open_store_from_settings
    path = os.path.join(folder, "reelkit.sqlite")
    store = open_store_from_settings({"backend": "sqlite", "path": path})
    project = store.create("Project", {"code": "bench", "name": "bench"})
    plink = {"type": "Project", "id": project["id"]}
    steps = [store.create("Step", {"code": c, "entity_type": "Shot"})
             for c in ("anim", "light", "comp", "fx")]
    users = [store.create("User", {"login": "artist%02d" % i}) for i in range(20)]
    entities = []
    for s in range(SEQUENCES):
        seq = store.create("Sequence", {"code": "SQ%02d" % s, "project": plink})
        for h in range(SHOTS_PER_SEQUENCE):
            entities.append(store.create("Shot", {"code": "SQ%02d_SH%03d" % (s, h * 10),
                                                  "sequence": seq, "project": plink}))
    for a in range(ASSETS):
        entities.append(store.create("Asset", {"code": "asset%03d" % a, "project": plink,
                                               "sg_asset_type": ("Character", "Prop", "Set")[a % 3]}))
    store.close()

    start = datetime.datetime(2025, 1, 1)
    rows = []
    versions = {}
    for i in range(PUBLISHES):
        entity = entities[i % len(entities)]
        ptype = TYPES[(i // len(entities)) % len(TYPES)]
        step, user = steps[i % len(steps)], users[i % len(users)]
        name = "%s_%s" % (entity["code"], step["code"])
        key = (entity["id"], entity["type"], name, ptype)
        versions[key] = version = versions.get(key, 0) + 1
        created = (start + datetime.timedelta(seconds=37 * i)).strftime("%Y-%m-%d %H:%M:%S.%f")
        rows.append((
            "%s.v%03d" % (name, version), name, "/show/%s/%s.v%03d.%d" % (entity["code"], name,
                                                                         version, i),
            ptype, version, entity["type"], entity["id"], entity["code"], "Step", step["id"],
            step["code"], "User", user["id"], user["login"], "bulk", created, "[]",
            "Project", plink["id"], "bench"))
    connection = sqlite3.connect(path)
    connection.executemany(
        "INSERT INTO rk_published_file (code, name, path, published_file_type, version_number, "
        "entity_type, entity_id, entity_name, step_type, step_id, step_name, created_by_type, "
        "created_by_id, created_by_name, description, created_at, upstream, project_type, "
        "project_id, project_name) VALUES (%s)" % ", ".join(["?"] * 20), rows)
    connection.commit()
    connection.execute("ANALYZE")
    connection.close()
    return path


def paint_rows(app, view):
    """Process events until the view's model has rows, then paint its viewport."""
    while view.model().rowCount() == 0:
        app.processEvents()
    app.processEvents()
    return view.viewport().grab()


def main():
    from toolkit.qt import QtCore, ensure_application
    from toolkit.store import open_store_from_settings
    from apps.loader._qt.panel import LoaderPanel
    from apps.loader.session import LoaderSession
    from tests.loader.recording_host import RecordingHost

    folder = tempfile.mkdtemp(prefix="reelkit-bench-loader-")
    try:
        began = time.time()
        path = build(folder)
        print("built %d publishes in %.1f s" % (PUBLISHES, time.time() - began))
        app = ensure_application()

        results = {"open": [], "filter": []}
        for _ in range(5):
            store = open_store_from_settings({"backend": "sqlite", "path": path})
            began = time.perf_counter()
            panel = LoaderPanel(LoaderSession(store, host=RecordingHost()))
            panel.show()
            pixmap = paint_rows(app, panel.table)
            results["open"].append(time.perf_counter() - began)
            assert not pixmap.isNull() and panel.publish_model.rowCount() > 0

            proxy = panel.entity_proxy
            shot = proxy.match(proxy.index(0, 0), QtCore.Qt.DisplayRole, "SQ07_SH230", 1,
                               QtCore.Qt.MatchExactly | QtCore.Qt.MatchRecursive)[0]
            began = time.perf_counter()
            panel.tree.setCurrentIndex(shot)
            paint_rows(app, panel.table)
            results["filter"].append(time.perf_counter() - began)
            assert all(panel.publish_model.publish(r)["entity"]["code"] == "SQ07_SH230"
                       for r in range(panel.publish_model.rowCount()))
            panel.shutdown()
            panel.deleteLater()
            app.processEvents()
            store.close()

        for name, label in (("open", "open Loader -> first rows painted"),
                            ("filter", "select one shot -> its rows painted")):
            times = sorted(results[name])
            print("%-40s median %6.1f ms  best %6.1f ms  (goal < 200 ms)"
                  % (label, 1000 * times[len(times) // 2], 1000 * times[0]))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
