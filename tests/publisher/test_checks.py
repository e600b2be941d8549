"""The default checks: each failure says what is wrong and how to fix it; Repair and
Select invalid act through the host."""

import io
import os

from apps.publisher.instances import add_instance, make_instance, read_instances
from tests.publisher.conftest import write_frames

STUDIO_RANGE = u'''
import pyblish.api


class CollectShotRange(pyblish.api.ContextPlugin):
    """What a studio's tracker collector does: the shot's cut range."""
    order = pyblish.api.CollectorOrder
    def process(self, context):
        context.data["shotFrameRange"] = (1001, 1050)
'''


def add_plugin_folder(session, name, files):
    folder = os.path.join(session.project.hooks_dir, name)
    os.makedirs(folder)
    for file_name, text in files.items():
        with io.open(os.path.join(folder, file_name), "w", encoding="utf-8") as handle:
            handle.write(text)
    session.settings["plugin_paths"] = list(session.settings["plugin_paths"]) + \
        ["{config}/%s" % name]
    from apps.publisher.discovery import resolve_plugin_folders
    session.plugin_folders = resolve_plugin_folders(session.settings["plugin_paths"],
                                                    session.hook_folders)
    session.reload_plugins()


def failure(report, label):
    entries = report.failures_by_check().get(label)
    assert entries, "no failure of %r in %s" % (label, report.error_lines())
    return entries[0]


def action(entry, label):
    return dict((name, action_id) for action_id, name in entry.actions)[label]


def test_frame_range_against_the_shot_with_repair(shell, session):
    add_plugin_folder(session, "studio", {"collect_range.py": STUDIO_RANGE})
    shell.host.set_frame_range(1001, 1100)
    shell.host.save_scene()
    entry = failure(session.validate(), "Frame range")
    assert entry.error["title"] == "Frame range differs from the shot"
    assert "plays 1001-1100, the shot is 1001-1050" in entry.error["problem"]
    assert session.run_action("ValidateFrameRange", action(entry, "Repair")).error is None
    assert shell.host.get_frame_range() == (1001, 1050)
    shell.host.save_scene()
    assert session.validate().ok


def test_the_shots_cut_range_in_the_store_is_checked_by_default(shell, session):
    shot = session.context.entity
    session.store.update("Shot", shot["id"], {"sg_cut_in": 1001, "sg_cut_out": 1024})
    shell.host.set_frame_range(1001, 1100)
    shell.host.save_scene()
    entry = failure(session.validate(), "Frame range")
    assert "plays 1001-1100, the shot is 1001-1024" in entry.error["problem"]
    assert session.run_action("ValidateFrameRange", action(entry, "Repair")).error is None
    assert shell.host.get_frame_range() == (1001, 1024)


def test_gaps_are_named_and_single_frames_and_holds_pass(shell, session, tmpdir):
    gappy = write_frames(str(tmpdir.join("a")), [1001, 1002, 1005, 1008], stem="gappy")
    still = write_frames(str(tmpdir.join("b")), [1001], stem="still")
    held = write_frames(str(tmpdir.join("c")), [1001], stem="held")
    add_instance(shell.host, make_instance("gappy", "plate", [gappy], frame_range=(1001, 1008)))
    add_instance(shell.host, make_instance("still", "plate", [still]))
    add_instance(shell.host, make_instance("held", "plate", [held], frame_range=(1001, 1010),
                                           options={"hold": True}))
    shell.host.save_scene()
    report = session.validate()
    failures = report.failures_by_check()["Frames on disk"]
    assert [e.instance for e in failures] == ["gappy"]
    assert failures[0].error["problem"].endswith("lacks 4 frame(s) of 1001-1008: 1003-1004, "
                                                 "1006-1007")


def test_names_repair_renames_the_instance_and_select_picks_the_nodes(shell, session, tmpdir):
    source = tmpdir.join("bad name.abc")
    source.write("x")
    node = shell.host.import_file(str(source))[0]     # the shell names it "bad_name"
    add_instance(shell.host, make_instance("bg plate", "plate", [node]))
    shell.host.save_scene()
    entry = failure(session.validate(), "Names")
    assert entry.error["nodes"] == [node]
    assert "'bg plate'" in entry.error["problem"]
    assert session.run_action("ValidateNames", action(entry, "Select invalid")).error is None
    assert shell.host.selection() == [node]
    assert session.run_action("ValidateNames", action(entry, "Repair")).error is None
    assert [i["name"] for i in read_instances(shell.host)] == ["bgplate"]


def test_a_stray_file_at_the_next_version_is_reported_before_extraction(shell, session):
    fields = dict(session.context.as_template_fields(), name="main", version=1)
    stray = session.project.templates["shell_shot_publish"].apply_fields(fields)
    os.makedirs(os.path.dirname(stray))
    io.open(stray, "w").close()
    entry = failure(session.validate(), "Version free")
    assert "v001 of main" in entry.error["problem"]


def test_a_scene_outside_the_work_area_is_refused(shell, session, tmpdir):
    shell.host.save_scene_as(str(tmpdir.join("loose.json")))
    entry = failure(session.validate(), "Scene in the work area")
    assert entry.error["title"] == "Scene outside the work area"


def test_the_version_checked_follows_what_the_store_holds(shell, session):
    assert session.publish().ok                      # main v001 published
    shell.host.open_scene(shell.host.current_scene_path())  # the versioned-up v002 work file
    fields = dict(session.context.as_template_fields(), name="main", version=2)
    stray = session.project.templates["shell_shot_publish"].apply_fields(fields)
    io.open(stray, "w").close()
    entry = failure(session.validate(), "Version free")
    assert "v002 of main" in entry.error["problem"]


def test_a_stray_frame_of_the_next_sequence_version_is_found(shell, session, tmpdir):
    from apps.publisher.instances import add_instance, make_instance
    plate = write_frames(str(tmpdir.join("in")), [1001, 1002], stem="bg")
    add_instance(shell.host, make_instance("bg", "plate", [plate], frame_range=(1001, 1002)))
    shell.host.save_scene()
    fields = dict(session.context.as_template_fields(), name="bg", version=1)
    target = session.project.templates["nuke_shot_render"].apply_fields(dict(fields, SEQ=1002))
    os.makedirs(os.path.dirname(target))
    assert session.validate().ok           # an empty version folder is no conflict
    io.open(target, "w").close()
    entry = failure(session.validate(), "Version free")
    assert entry.instance == "bg" and "v001 of bg" in entry.error["problem"]
