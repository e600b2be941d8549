"""Whole-run guarantees through the Publisher: several instances land together or none,
a plugin's crash is a reported item, and a studio's plain pyblish plugins run untouched."""

import os
import shutil

from apps.publisher.instances import add_instance, make_instance
from tests.publisher.conftest import write_frames
from tests.publisher.test_checks import add_plugin_folder

HERE = os.path.dirname(os.path.abspath(__file__))

FAIL_LAST = u'''
import pyblish.api


class ExtractBreaksOnLast(pyblish.api.InstancePlugin):
    """Fails the extraction of the instance named "last" (a full disk, a crash)."""
    order = pyblish.api.ExtractorOrder + 0.1
    families = ["plate"]

    def process(self, instance):
        if instance.data["name"] == "last":
            raise IOError("No space left on device")
'''

EXITS = u'''
import sys

import pyblish.api


class ValidateCallsExit(pyblish.api.InstancePlugin):
    """A badly written plugin that calls sys.exit()."""
    order = pyblish.api.ValidatorOrder
    families = ["plate"]

    def process(self, instance):
        sys.exit(3)
'''


def three_plates(shell, tmpdir):
    for name in ("first", "second", "last"):
        plate = write_frames(str(tmpdir.join(name)), range(1001, 1004), stem=name)
        add_instance(shell.host, make_instance(name, "plate", [plate], frame_range=(1001, 1003)))
    shell.host.save_scene()


def published_paths(project, hidden=True):
    """Files in the publish and render areas (``hidden=False``: staging copies left out)."""
    found = []
    for folder, dirs, files in os.walk(os.path.join(project.root, "sequences")):
        if not hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            files = [f for f in files if not f.startswith(".")]
        if "/publish/" in folder + "/" or "/render/" in folder + "/":
            found.extend(files)
    return found


def test_failing_the_last_of_several_instances_publishes_nothing(shell, session, tmpdir):
    three_plates(shell, tmpdir)
    add_plugin_folder(session, "breaks", {"extract_breaks.py": FAIL_LAST})
    report = session.publish()
    assert report.status == "failed"
    assert [(e.label, e.instance) for e in report.failures()] == [
        ("ExtractBreaksOnLast", "last")]
    assert "No space left on device" in report.failures()[0].error["message"]
    assert "Traceback" in report.failures()[0].error["traceback"]
    assert report.summary.startswith("nothing was published")
    assert session.store.count("PublishedFile") == 0
    assert published_paths(session.project) == []
    # The work file did not version up either.
    assert shell.host.current_scene_path().endswith("_v001.json")


def test_without_the_failure_the_same_three_land_with_the_workfile(shell, session, tmpdir):
    three_plates(shell, tmpdir)
    report = session.publish()
    assert report.ok, report.error_lines()
    assert sorted(r["name"] for r in report.records) == ["first", "last", "main", "second"]
    assert len(published_paths(session.project)) == 3 * 3 + 1


def test_a_plugin_calling_exit_is_a_reported_item(shell, session, tmpdir):
    three_plates(shell, tmpdir)
    add_plugin_folder(session, "exits", {"validate_exits.py": EXITS})
    report = session.validate()
    failures = report.failures_by_check()["ValidateCallsExit"]
    assert [e.instance for e in failures] == ["first", "second", "last"]
    assert failures[0].error["kind"] == "unexpected"
    assert failures[0].error["type"] == "SystemExit"


def test_a_studio_plain_pyblish_file_runs_untouched(shell, session, tmpdir):
    import pyblish.api
    pyblish.api.register_host("maya")  # another host registered in this process (pyblish
    # state is global): its plugins must still stay out of a shell session
    folder = os.path.join(session.project.hooks_dir, "studio")
    os.makedirs(folder)
    shutil.copy(os.path.join(HERE, "studio_plugins", "studio_checks.py"), folder)
    session.settings["plugin_paths"] = list(session.settings["plugin_paths"]) + \
        ["{config}/studio"]
    from apps.publisher.discovery import resolve_plugin_folders
    session.plugin_folders = resolve_plugin_folders(session.settings["plugin_paths"],
                                                    session.hook_folders)
    session.reload_plugins()
    try:
        names = [p.__name__ for p in session.plugins]
    finally:
        pyblish.api.deregister_host("maya")
    assert "CollectStudioStamp" in names and "ExtractMayaOnly" not in names
    short = write_frames(str(tmpdir.join("short")), [1001, 1002], stem="short")
    add_instance(shell.host, make_instance("short", "plate", [short], frame_range=(1001, 1002)))
    shell.host.save_scene()
    report = session.publish()
    assert [(e.label, e.instance) for e in report.failures()] == [
        ("Studio plate length", "short")]
    assert "plate short is 2 frame(s) long" in report.failures()[0].error["message"]
    assert session.last_context.data["studioStamp"] == "ACME-2"
    assert "farmRan" not in session.last_context.data
    # The same file with the farm target, and the short plate unchecked.
    session.settings["targets"] = ["default", "farm"]
    session.inactive_instances.add("short")
    report = session.publish()
    assert report.ok, report.error_lines()
    assert session.last_context.data["farmRan"] is True
    assert [r["name"] for r in report.records] == ["main"]


KILLED_PUBLISHER = u"""
import os, signal, sys
sys.path.insert(0, {root!r})
from toolkit.config import load_project
from toolkit.context import Context
from toolkit.platform import start_engine
project = load_project({project!r})
engine = start_engine("shell", Context.deserialize({context!r}), project)
engine.host.open_scene({scene!r})
session = engine.apps["publisher"].session

def progress(done, total, label):
    if label == "second" and done >= 4:  # first plate and part of the second placed
        os.kill(os.getpid(), signal.SIGKILL)
session.on_progress = progress
session.publish()
print("not killed")
"""


def test_a_publisher_killed_while_copying_leaves_nothing_once_the_next_run_starts(
        shell, session, tmpdir):
    import signal
    import subprocess
    import sys
    three_plates(shell, tmpdir)
    project = session.project
    script = tmpdir.join("killed.py")
    script.write(KILLED_PUBLISHER.format(
        root=os.path.dirname(os.path.dirname(HERE)), project=project.root,
        context=session.context.serialize(), scene=shell.host.current_scene_path()))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, (out, err)
    # Killed with the work file and the first plate at their published paths.
    assert sorted(published_paths(session.project, hidden=False)) == sorted([
        "SH010_first_v001.%04d.exr" % f for f in (1001, 1002, 1003)] + [
        "SH010_comp_main_v001.json"])
    assert session.store.count("PublishedFile") == 0
    report = session.publish()                         # the next run cleans up first
    assert report.ok, report.error_lines()
    assert sorted((r["name"], r["version_number"]) for r in report.records) == [
        ("first", 1), ("last", 1), ("main", 1), ("second", 1)]
    assert len(published_paths(session.project)) == 3 * 3 + 1
