"""Save docs/images/breakdown.png: the Breakdown of a small shot scene.

Builds a throw-away project from the default config (``reelkit init``), publishes
a few real files through the real templates, writes a shell scene loading them
(an old comp, a pinned layout, a current model, an old render spelled ``####``,
a file outside every template, a missing file) and shows the panel offscreen::

    QT_QPA_PLATFORM=offscreen python docs/screenshot_breakdown.py
"""

from __future__ import print_function

import io
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUTPUT = os.path.join(HERE, "images", "breakdown.png")


def _publish(project, store, folder, entity, template, ptype, name, step, frames=None):
    from toolkit.context import Context
    from toolkit.publish.publisher import publish_file
    source_dir = tempfile.mkdtemp(dir=folder)
    if frames:
        for frame in frames:
            _write(os.path.join(source_dir, "img.%04d.exr" % frame), u"%d" % frame)
        source = os.path.join(source_dir, "img.%04d.exr")
    else:
        source = os.path.join(source_dir, "file")
        _write(source, u"%s" % name)
    fields = {"name": name, "Step": step}
    if entity["type"] == "Asset":
        fields["AssetType"] = entity["sg_asset_type"]
    return publish_file(project, Context.from_entity(entity, project, store), source,
                        project.templates[template], fields, ptype, store=store)


def _write(path, text):
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def build_scene(folder):
    """``(session, host)`` of a shell scene with every status the panel shows."""
    from toolkit.cli import main
    from toolkit.config import load_project
    from toolkit.store import open_store
    from engines.shell.host import ShellHost
    from apps.breakdown.session import BreakdownSession

    project_dir = os.path.join(folder, "demo")
    main(["init", project_dir])
    project = load_project(project_dir)
    store = open_store(project)
    seq = store.create("Sequence", {"code": "SQ010"})
    shot = store.create("Shot", {"code": "SH0040", "sequence": seq})
    hero = store.create("Asset", {"code": "hero", "sg_asset_type": "character"})
    table = store.create("Asset", {"code": "table", "sg_asset_type": "prop"})
    src = os.path.join(folder, "src")
    os.makedirs(src)

    def versions(count, *args, **kwargs):
        return [_publish(project, store, src, *args, **kwargs) for _ in range(count)]
    rig = versions(4, hero, "maya_asset_publish", "Maya Scene", "rig", "rig")
    model = versions(2, table, "maya_asset_publish", "Maya Scene", "model", "model")
    layout = versions(3, shot, "maya_shot_publish", "Maya Scene", "layout", "layout")
    cache = versions(2, shot, "maya_shot_cache", "Alembic Cache", "crowd", "anim")
    plate = versions(3, shot, "nuke_shot_render", "Rendered Image", "plate", "comp",
                     frames=[1001, 1002])
    outside = os.path.join(folder, "reference_photo.jpg")
    _write(outside, u"jpg")

    host = ShellHost()
    host.reference_file(rig[1]["path"], "hero")
    host.reference_file(model[1]["path"], "table")
    host.reference_file(layout[0]["path"], "layout")
    host.reference_file(cache[0]["path"], "crowd")
    host.load_image_sequence(plate[0]["path"].replace("%04d", "####"), 1001, 1002)
    host.import_file(outside, "photo")
    host.reference_file(os.path.join(project_dir, "assets", "prop", "lamp", "lamp_v002.ma"),
                        "lamp")
    host.save_scene_as(os.path.join(folder, "SH0040_lighting_v012.json"))
    session = BreakdownSession(store, host, project.templates)
    session.scan()
    session.pin(["layoutRN"])
    return session, host


def main():
    from toolkit import qt
    from apps.breakdown._qt.panel import BreakdownPanel

    app = qt.ensure_application()
    folder = tempfile.mkdtemp(prefix="reelkit-breakdown-shot-")
    try:
        session, host = build_scene(folder)
        panel = BreakdownPanel(session)
        panel.setWindowTitle("Breakdown")
        panel.resize(1100, 430)
        panel.tree.header().resizeSection(0, 250)
        panel.tree.header().resizeSection(1, 170)
        panel.tree.header().resizeSection(4, 100)
        panel.show()
        rows = panel.rows()
        for node in ("heroRN", "crowdRN"):
            rows[node].setSelected(True)
        panel._update_buttons()
        for _ in range(5):
            app.processEvents()
        if not os.path.isdir(os.path.dirname(OUTPUT)):
            os.makedirs(os.path.dirname(OUTPUT))
        if not panel.grab().save(OUTPUT):
            raise SystemExit("could not write %s" % OUTPUT)
        print("wrote %s" % OUTPUT)
        panel.shutdown()
        session.store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
