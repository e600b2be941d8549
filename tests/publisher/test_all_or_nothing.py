"""Whole-run guarantees through the Publisher: several instances land together or none,
a plugin's crash is a reported item, and a studio's plain pyblish plugins run untouched."""

import io
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


def published_paths(project):
    found = []
    for folder, _, files in os.walk(os.path.join(project.root, "sequences")):
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
