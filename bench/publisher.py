"""Publisher benchmark: Reelkit's run against plain pyblish, the panel, a validate pass.

    .venvs/py311/bin/python bench/publisher.py [--rounds 15] [--instances 1000]

1. **Overhead.** 1,000 instances x 10 plugins (one collector making the
   instances, nine instance plugins doing a little work each): Reelkit's pass
   (``PublishSession.validate``: per-item reports, toggles, pyblish's own
   iterator) against ``pyblish.util.publish`` on the same plugin classes and
   the same instances, in the same process, rounds alternated, in CPU time
   (the other work of a shared machine is not charged to either). Goal: <= 10%.
2. **Panel.** The Publisher panel opened on a scene holding 1,000 stored
   instances (the default config's plugins: the collectors run, the tree fills)
   until it is painted. Goal: < 300 ms.
3. **Validate pass.** The same scene, the default config's checks on every
   instance (names, frames, version free...). Goal: < 1 s.

Figures are medians of the rounds; the baseline of (1) is measured in the same
run. Runs on Python 2.7 (PySide2) and 3 (PySide6).
"""

from __future__ import print_function

import argparse
import io
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SYNTHETIC = u'''
import pyblish.api


class CollectMany(pyblish.api.ContextPlugin):
    order = pyblish.api.CollectorOrder

    def process(self, context):
        for index in range(%(count)d):
            instance = context.create_instance("item%%04d" %% index, family="bench",
                                               families=["bench"])
            instance.data["frameStart"] = 1001
            instance.data["frameEnd"] = 1100 + index %% 7
'''

CHECK = u'''

class Check%(n)d(pyblish.api.InstancePlugin):
    order = pyblish.api.ValidatorOrder + %(n)d * 0.01
    families = ["bench"]

    def process(self, instance):
        length = instance.data["frameEnd"] - instance.data["frameStart"] + 1
        assert length > 0 and instance.data["family"] == "bench"
        instance.data["check%(n)d"] = length
'''


#: CPU time of this process: the machine's other work does not count in it (the
#: overhead compares two CPU-bound passes of the same plugins).
cpu_time = getattr(time, "process_time", None) or time.clock  # Python 2: clock() is CPU time


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2.0


def make_project(folder):
    """A project from the default config with shot SH010 (comp task, user artist) and its
    context: the Publisher tests' own (tests/publisher/conftest.py)."""
    from tests.publisher.conftest import make_project as tests_project
    return tests_project(folder)


def overhead(project, store, context, count, rounds):
    import pyblish.api
    import pyblish.util
    from apps.publisher.session import PublishSession
    from engines.shell.host import ShellHost
    folder = os.path.join(project.hooks_dir, "bench")
    os.makedirs(folder)
    with io.open(os.path.join(folder, "bench_plugins.py"), "w", encoding="utf-8") as handle:
        handle.write(SYNTHETIC % {"count": count} + u"".join(CHECK % {"n": n}
                                                             for n in range(1, 10)))
    session = PublishSession(project, store, context, ShellHost(),
                             {"plugin_paths": ["{config}/bench"]})
    plugins = session.plugins
    assert len(plugins) == 10, plugins

    def plain():
        context = pyblish.api.Context()
        start = cpu_time()
        pyblish.util.publish(context, plugins)
        elapsed = cpu_time() - start
        assert len(context) == count and all("check9" in i.data for i in context)
        return elapsed

    def reelkit():
        session.instance_specs = []
        start = cpu_time()
        session.validate()
        elapsed = cpu_time() - start
        report = session.last_report
        assert report.ok and len(report.entries) == 1 + 9 * count, report.summary
        return elapsed

    import logging
    logging.getLogger("pyblish").setLevel(logging.WARNING)
    plain_times, reelkit_times = [], []
    plain()
    reelkit()  # warm both (imports, plugin classes)
    import gc
    for index in range(rounds):
        order = (plain, reelkit) if index % 2 == 0 else (reelkit, plain)
        for run in order:
            # Each side starts with the garbage of the other collected: a pass
            # makes ~10,000 result objects, and a collection falling inside one
            # side's timing would be charged to it.
            gc.collect()
            (plain_times if run is plain else reelkit_times).append(run())
    ratios = [r / p for r, p in zip(reelkit_times, plain_times)]
    return median(plain_times), median(reelkit_times), median(ratios)


def scene_with_instances(project, context, count, folder):
    """The shell engine on a saved work file holding ``count`` plate instances."""
    from apps.publisher.instances import make_instance, write_instances
    from toolkit.platform import start_engine
    plates = os.path.join(folder, "plates")
    os.makedirs(plates)
    for frame in range(1001, 1004):
        io.open(os.path.join(plates, "plate.%04d.exr" % frame), "wb").close()
    engine = start_engine("shell", context, project)
    fields = dict(context.as_template_fields(), name="main", version=1)
    fields.pop("User", None)
    path = project.templates["shell_shot_work"].apply_fields(fields)
    os.makedirs(os.path.dirname(path))
    write_instances(engine.host, [
        make_instance("plate%04d" % index, "plate", [os.path.join(plates, "plate.%04d.exr")],
                      frame_range=(1001, 1003)) for index in range(count)])
    engine.host.save_scene_as(path)
    return engine


def panel_open(engine, rounds):
    from toolkit import qt
    from apps.publisher._qt.panel import PublisherPanel
    app = qt.ensure_application()
    session = engine.apps["publisher"].session
    times = []
    for _ in range(rounds):
        start = time.time()
        panel = PublisherPanel(session)
        panel.show()
        app.processEvents()
        times.append(time.time() - start)
        shown = panel.instances.instance_count()
        panel.close()
        panel.deleteLater()
        app.processEvents()
    return median(times), shown


def validate_pass(engine, rounds):
    session = engine.apps["publisher"].session
    times = []
    report = None
    for _ in range(rounds):
        start = time.time()
        report = session.validate()
        times.append(time.time() - start)
    return median(times), report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--instances", type=int, default=1000)
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="reelkit-bench-publisher-")
    engine = None
    try:
        project, store, context = make_project(os.path.join(folder, "show"))
        plain, reelkit, ratio = overhead(project, store, context, args.instances, args.rounds)
        print("1. %d instances x 10 plugins, CPU time, median of %d rounds (Python %d.%d):"
              % (args.instances, args.rounds, sys.version_info[0], sys.version_info[1]))
        print("   pyblish.util.publish   %7.1f ms   (baseline)" % (plain * 1000))
        print("   Reelkit validate pass  %7.1f ms   overhead %+.1f%% (median of per-round "
              "ratios %+.1f%%)  goal <= +10%%: %s" % (
                  reelkit * 1000, (reelkit / plain - 1) * 100, (ratio - 1) * 100,
                  "met" if reelkit / plain <= 1.10 and ratio <= 1.10 else "NOT met"))
        engine = scene_with_instances(project, context, args.instances, folder)
        opened, shown = panel_open(engine, 5)
        print("2. panel open to %d instances shown: %.1f ms   goal < 300 ms: %s"
              % (shown, opened * 1000, "met" if opened < 0.3 else "NOT met"))
        validated, report = validate_pass(engine, 5)
        print("3. validate pass, default checks, %d instances (%d items, %s): %.1f ms   "
              "goal < 1 s: %s" % (args.instances, len(report.entries), report.status,
                                  validated * 1000, "met" if validated < 1 else "NOT met"))
        store.close()
    finally:
        if engine is not None:
            engine.destroy()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
