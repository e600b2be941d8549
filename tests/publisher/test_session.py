"""The headless Publisher on the shell engine: collect, validate, repair, publish."""

import os

import pytest

from apps.publisher.instances import add_instance, make_instance, read_instances
from tests.publisher.conftest import write_frames


def names(report):
    return [(e.label, e.instance) for e in report.failures()]


def test_collects_the_workfile_and_the_scene_instances(shell, session, tmpdir):
    plate = write_frames(str(tmpdir.join("plates")), range(1001, 1004))
    add_instance(shell.host, make_instance("bg", "plate", [plate], frame_range=(1001, 1003)))
    shell.host.save_scene()
    context = session.collect()
    assert sorted((i.data["name"], i.data["family"]) for i in context) == [
        ("bg", "plate"), ("workfile", "workfile")]
    assert context.data["project"] is session.project
    assert context.data["reelkitContext"] == session.context
    assert context.data["dependencies"] == []


def test_publish_registers_the_workfile_and_a_plate_together(shell, session, tmpdir):
    plate = write_frames(str(tmpdir.join("plates")), range(1001, 1004))
    add_instance(shell.host, make_instance("bg", "plate", [plate], frame_range=(1001, 1003)))
    shell.host.save_scene()
    session.comment = "first comp"
    thumbnail = tmpdir.join("thumb.png")
    thumbnail.write_binary(b"\x89PNG not really")
    session.thumbnail = str(thumbnail)
    report = session.publish()
    assert report.ok, report.error_lines()
    assert all(os.path.isfile(r["thumbnail_path"]) for r in report.records)
    by_type = dict((r["published_file_type"], r) for r in report.records)
    assert sorted(by_type) == ["Image Sequence", "Shell Scene"]
    scene = by_type["Shell Scene"]
    assert scene["path"].endswith("publish/shell/SH010_comp_main_v001.json")
    assert os.path.isfile(scene["path"]) and scene["description"] == "first comp"
    assert by_type["Image Sequence"]["first_frame"] == 1001
    # Finalize versioned the work file up.
    assert os.path.basename(shell.host.current_scene_path()) == "SH010_comp_main_v002.json"
    assert session.store.count("PublishedFile") == 2


def test_a_failed_check_stops_before_extraction_and_repair_fixes_it(shell, session):
    shell.host.set_frame_range(1, 2)        # an unsaved change
    report = session.validate()
    assert not report.ok
    failed = report.failures_by_check()
    assert list(failed) == ["Scene saved"]
    entry = failed["Scene saved"][0]
    assert entry.error["kind"] == "check" and entry.error["title"] == "Unsaved changes"
    assert [label for _, label in entry.actions] == ["Repair"]
    result = session.run_action("ValidateSceneSaved", entry.actions[0][0])
    assert result.error is None
    assert not shell.host.is_modified()
    assert session.validate().ok


def test_publish_with_a_failed_check_publishes_nothing(shell, session):
    shell.host.set_frame_range(1, 2)
    report = session.publish()
    assert report.status == "failed"
    assert "nothing was published" in report.summary
    assert session.store.count("PublishedFile") == 0
    assert not any(e.order >= 2 for e in report.entries)  # extraction never ran


def test_loaded_publishes_become_dependencies(shell, session, tmpdir):
    from toolkit.publish import publish_file
    project = session.project
    source = tmpdir.join("hero.abc")
    source.write("abc")
    cache = publish_file(project, session.context, str(source),
                         project.templates["maya_shot_cache"], {"name": "hero"},
                         "Alembic Cache", store=session.store)
    shell.host.reference_file(cache["path"])
    shell.host.save_scene()
    report = session.publish()
    assert report.ok, report.error_lines()
    scene = [r for r in report.records if r["published_file_type"] == "Shell Scene"][0]
    assert [link["id"] for link in scene["upstream"]] == [cache["id"]]


def test_the_comment_minimum_is_a_failure_of_its_own(shell, session):
    session.settings["comment_min_length"] = 10
    session.comment = "wip"
    report = session.publish()
    assert names(report) == [("Comment", None)]
    assert "at least 10" in report.failures()[0].error["problem"]
    assert session.store.count("PublishedFile") == 0


def test_instances_persist_in_the_scene(shell, tmpdir):
    plate = write_frames(str(tmpdir.join("plates")), [1001])
    add_instance(shell.host, make_instance("bg", "plate", [plate], options={"hold": True}))
    shell.host.save_scene()
    path = shell.host.current_scene_path()
    shell.host.new_scene()
    assert read_instances(shell.host) == []
    shell.host.open_scene(path)
    assert [(i["name"], i["options"]) for i in read_instances(shell.host)] == [
        ("bg", {"hold": True})]


def test_bad_outputs_and_plugin_paths_are_refused_naming_the_entry(shot_project):
    from apps.publisher.session import PublishSession, PublisherError
    from engines.shell.host import ShellHost
    from toolkit.platform.errors import HookError
    project, store, context = shot_project
    with pytest.raises(PublisherError, match=r"outputs\.plate\.Shot: 'no_such' is not a "
                                             r"template of .*templates\.yml"):
        PublishSession(project, store, context, ShellHost(),
                       {"outputs": {"plate": {"type": "Plate", "Shot": "no_such"}}})
    with pytest.raises(PublisherError, match=r"outputs\.plate: needs type"):
        PublishSession(project, store, context, ShellHost(), {"outputs": {"plate": {}}})
    with pytest.raises(HookError, match=r"must be \{config\}/relative/folder without '\.\.'"):
        PublishSession(project, store, context, ShellHost(),
                       {"plugin_paths": ["{config}/../elsewhere"]})
    with pytest.raises(HookError, match="does not exist"):
        PublishSession(project, store, context, ShellHost(), {"plugin_paths": ["{config}/nope"]})
