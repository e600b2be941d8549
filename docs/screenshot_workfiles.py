"""Save docs/images/workfiles.png: File Open on the demo project, an anim task chosen.

Builds the demo project (``toolkit.demo.create_demo``) in a temporary folder,
writes a few work files into four artists' sandboxes of SQ010/SH010 anim and a
snapshot, then grabs the File Open panel as artist ``amelie`` in Maya with a
publish selected. Runs offscreen::

    QT_QPA_PLATFORM=offscreen python docs/screenshot_workfiles.py
"""

from __future__ import print_function

import datetime
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUTPUT = os.path.join(HERE, "images", "workfiles.png")

#: (artist, name, versions) written into the SH010 anim sandboxes.
SANDBOXES = [("amelie", "main", 4), ("amelie", "cloth", 2), ("kenji", "main", 6),
             ("priya", "main", 1), ("tomas", "crowd", 3)]


def _write(path, text):
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    with open(path, "w") as handle:
        handle.write(text)


def main():
    from toolkit.context import Context
    from toolkit.demo import create_demo
    from toolkit.qt import ensure_application
    from toolkit.store import open_store
    from toolkit.workfiles import WorkArea
    from toolkit.workfiles.snapshots import copy_exclusive
    from apps.workfiles._qt.open_panel import FileOpenPanel
    from apps.workfiles.session import WorkfilesSession

    app = ensure_application()
    folder = tempfile.mkdtemp(prefix="reelkit-workfiles-shot-")
    try:
        project, _ = create_demo(os.path.join(folder, "demo"))
        store = open_store(project)
        found = Context.from_string("Shot SQ010/SH010 anim/anim", project, store)
        context = Context(project, found.entity, found.step, found.task,
                          {"type": "User", "login": "amelie"})
        area = WorkArea.for_names(project, "maya_shot_work")
        fields = context.as_template_fields()
        fields.pop("User", None)
        for user, name, versions in SANDBOXES:
            for version in range(1, versions + 1):
                path = area.work_path(dict(fields, name=name, HumanUser=user,
                                           extension="ma"), version=version)
                _write(path, "//Maya ASCII 2024 scene\n" + "// %s v%d\n" % (name, version) * 400)
        latest = area.work_path(dict(fields, name="main", HumanUser="amelie", extension="ma"),
                                version=4)
        stamp = datetime.datetime(2026, 11, 27, 17, 42, 10)
        copy_exclusive(latest, area.snapshot.apply_fields(
            dict(fields, name="main", HumanUser="amelie", extension="ma", version=4,
                 timestamp=stamp)))
        session = WorkfilesSession(project, None, store, context, "maya")
        panel = FileOpenPanel(session)
        panel.resize(1320, 660)
        panel.show()
        for number, (group, versions) in enumerate(panel.publish_rows()):
            if versions and versions[0][0] == "Maya Scene":
                panel.select_publish(number, 0)  # one that can be continued
        for _ in range(20):
            app.processEvents()
        if not os.path.isdir(os.path.dirname(OUTPUT)):
            os.makedirs(os.path.dirname(OUTPUT))
        panel.grab().save(OUTPUT)
        print("saved %s" % OUTPUT)
        panel.close()
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
