"""Save docs/images/loader.png: the Loader on the demo project, a shot selected.

Uses ``toolkit.demo.create_demo`` when it can build the demo project; otherwise
seeds a small store of its own. Runs offscreen::

    QT_QPA_PLATFORM=offscreen python docs/screenshot_loader.py [project folder]
"""

from __future__ import print_function

import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUTPUT = os.path.join(HERE, "images", "loader.png")


def _demo_session(folder):
    """A LoaderSession on the demo project (built in ``folder``), or None if it cannot be."""
    try:
        from toolkit.demo import create_demo
        from toolkit.store import open_store
        project, _ = create_demo(folder)
    except Exception as error:  # the demo needs the whole core; fall back if a piece is missing
        print("demo project unavailable (%s); seeding a small store" % error)
        return None
    from apps.loader.session import LoaderSession, _project_entity
    store = open_store(project)
    return LoaderSession(store, project=_project_entity(store, project))


def _seeded_session(folder):
    from toolkit.demo.thumbnails import write_thumbnail
    from toolkit.store import open_store_from_settings
    from apps.loader.session import LoaderSession
    from tests.loader.seed import seed_store

    store = open_store_from_settings({"backend": "sqlite",
                                      "path": os.path.join(folder, "reelkit.sqlite")})
    seed_store(store, os.path.join(folder, "publishes"),
               thumbnail=lambda path: _thumbnail(write_thumbnail, path))
    return LoaderSession(store)


def _thumbnail(write, path):
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    write(path, os.path.basename(path))


def main():
    from toolkit.qt import ensure_application
    from apps.loader._qt.panel import LoaderPanel

    app = ensure_application()
    folder = tempfile.mkdtemp(prefix="reelkit-loader-shot-")
    try:
        session = None
        if len(sys.argv) > 1:
            from toolkit.config import load_project
            from toolkit.store import open_store
            from apps.loader.session import LoaderSession, _project_entity
            project = load_project(sys.argv[1])
            store = open_store(project)
            session = LoaderSession(store, project=_project_entity(store, project))
        session = session or _demo_session(os.path.join(folder, "demo")) \
            or _seeded_session(folder)
        panel = LoaderPanel(session)
        panel.resize(1280, 640)
        panel.show()
        shots = [n for n in panel.root.walk() if n.entity and n.entity["type"] == "Shot"]
        if shots:
            panel.select_entity(shots[0].entity)
        panel.table.selectRow(0)
        panel.tree.expandAll()
        panel.thumbnails.wait(5000)
        for _ in range(20):
            app.processEvents()
        if not os.path.isdir(os.path.dirname(OUTPUT)):
            os.makedirs(os.path.dirname(OUTPUT))
        panel.grab().save(OUTPUT)
        print("saved %s" % OUTPUT)
        panel.shutdown()
        session.store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
