"""Save docs/images/publisher.png: the Publisher after a Validate that found problems.

Builds a throw-away project from the default config (shot SH010, comp), opens a
shell scene holding a plate with a missing frame, a badly named instance and a
scene range off the shot's, runs Validate and grabs the panel. Runs offscreen::

    QT_QPA_PLATFORM=offscreen python docs/screenshot_publisher.py
"""

from __future__ import print_function

import io
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "bench"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
OUTPUT = os.path.join(HERE, "images", "publisher.png")

RANGE = u'''
import pyblish.api


class CollectShotRange(pyblish.api.ContextPlugin):
    """The shot's cut range, as a studio's tracker collector gives it."""
    order = pyblish.api.CollectorOrder
    def process(self, context):
        context.data["shotFrameRange"] = (1001, 1048)
'''


def main():
    from publisher import make_project  # bench/publisher.py: the same small project
    from toolkit import qt
    from toolkit.platform import start_engine
    from apps.publisher.instances import make_instance, write_instances
    from apps.publisher._qt.panel import PublisherPanel

    app = qt.ensure_application()
    folder = tempfile.mkdtemp(prefix="reelkit-publisher-shot-")
    engine = None
    try:
        project, store, context = make_project(os.path.join(folder, "show"))
        studio = os.path.join(project.hooks_dir, "studio")
        os.makedirs(studio)
        with io.open(os.path.join(studio, "collect_range.py"), "w", encoding="utf-8") as f:
            f.write(RANGE)
        plates = os.path.join(folder, "plates")
        os.makedirs(plates)
        for frame in list(range(1001, 1030)) + list(range(1033, 1049)):
            io.open(os.path.join(plates, "bg.%04d.exr" % frame), "wb").close()
        engine = start_engine("shell", context, project)
        host = engine.host
        fields = dict(context.as_template_fields(), name="main", version=3)
        fields.pop("User", None)
        path = project.templates["shell_shot_work"].apply_fields(fields)
        os.makedirs(os.path.dirname(path))
        host.set_frame_range(1001, 1100)
        write_instances(host, [
            make_instance("bgPlate", "plate", [os.path.join(plates, "bg.%04d.exr")],
                          frame_range=(1001, 1048)),
            make_instance("clean plate", "plate", [os.path.join(plates, "bg.%04d.exr")],
                          frame_range=(1001, 1029)),
            make_instance("fgPlate", "plate", [os.path.join(plates, "bg.%04d.exr")],
                          frame_range=(1001, 1029), options={"colorspace": "ACEScg"}),
        ])
        host.save_scene_as(path)
        session = engine.apps["publisher"].session
        session.settings["plugin_paths"] = list(session.settings["plugin_paths"]) + \
            ["{config}/studio"]
        from apps.publisher.discovery import resolve_plugin_folders
        session.plugin_folders = resolve_plugin_folders(session.settings["plugin_paths"],
                                                        session.hook_folders)
        session.reload_plugins()
        panel = PublisherPanel(session)
        panel.resize(1200, 720)
        panel.show()
        panel.comment.setPlainText("Comp v003: new plate grade, roto fixes on the left edge")
        panel.instances.setCurrentItem(panel.instances.item_named("fgPlate"))
        done = []
        panel.passFinished.connect(done.append)
        panel.start("validate")
        while not done:
            app.processEvents()
        panel.report_view.expandAll()
        app.processEvents()
        if not os.path.isdir(os.path.dirname(OUTPUT)):
            os.makedirs(os.path.dirname(OUTPUT))
        panel.grab().save(OUTPUT, "PNG")
        print("saved %s (%s)" % (OUTPUT, done[0].summary))
        panel.close()
        store.close()
    finally:
        if engine is not None:
            engine.destroy()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
