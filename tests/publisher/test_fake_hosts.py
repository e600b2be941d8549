"""The Publisher in Maya, Nuke and Houdini, through the checked fakes of tests/hosts.

The instances persist in each host's own scene storage (a Maya node attribute,
a Nuke root knob, Houdini user data) across save and reopen; Select invalid
selects the host's nodes; the work file publishes as the host's scene type and
versions up; a pointcache exports as Alembic (Maya's AbcExport, Houdini's
Alembic ROP) and publishes with it.
"""

import os

import pytest

from apps.publisher.instances import add_instance, make_instance, read_instances, \
    update_instance
from tests.hosts.conftest import fake_hosts  # noqa: F401 - the fixture, shared
from toolkit.platform import start_engine

#: host -> (work template, published type of the scene, family of the test instance)
HOSTS = {
    "maya": ("maya_shot_work", "Maya Scene", "pointcache"),
    "nuke": ("nuke_shot_work", "Nuke Script", "render"),
    "houdini": ("houdini_shot_work", "Houdini Scene", "pointcache"),
}


def make_node(host_name, name):
    if host_name == "maya":
        from maya import cmds
        return cmds.createNode("transform", name=name)
    if host_name == "nuke":
        import nuke
        return nuke.nodes.Grade(name=name).name()
    import hou
    return hou.node("/obj").createNode("geo", name).path()


@pytest.fixture(params=sorted(HOSTS))
def host_engine(request, fake_hosts, shot_project):  # noqa: F811
    project, store, context = shot_project
    engine = start_engine(request.param, context, project)
    fields = dict(context.as_template_fields(), name="main", version=1)
    fields.pop("User", None)
    path = project.templates[HOSTS[request.param][0]].apply_fields(fields)
    os.makedirs(os.path.dirname(path))
    engine.host.save_scene_as(path)
    yield engine
    engine.destroy()


def test_instances_select_invalid_and_publish_in_each_host(host_engine):
    host = host_engine.host
    session = host_engine.apps["publisher"].session
    bad = make_node(host.name, "hero_geo")
    good = make_node(host.name, "heroGeo")
    add_instance(host, make_instance("heroCache", HOSTS[host.name][2], [bad, good],
                                     frame_range=(1001, 1010)))
    host.save_scene()
    scene = host.current_scene_path()
    # Saved with the scene: a fresh scene has none, reopening brings it back.
    host.new_scene()
    assert read_instances(host) == []
    host.open_scene(scene)
    assert [i["members"] for i in read_instances(host)] == [[bad, good]]

    report = session.validate()
    entry = report.failures_by_check()["Names"][0]
    assert entry.error["nodes"] == [bad]
    select = dict((label, action_id) for action_id, label in entry.actions)["Select invalid"]
    assert session.run_action("ValidateNames", select).error is None
    assert host.selection() == [bad]

    update_instance(host, "heroCache", {"members": [good]})
    host.save_scene()
    session.comment = "in %s" % host.name
    report = session.publish()
    failures = [e.line() for e in report.failures()]
    assert report.ok, failures
    by_type = dict((r["published_file_type"], r) for r in report.records)
    assert by_type[HOSTS[host.name][1]]["version_number"] == 1
    assert all(os.path.isfile(r["path"]) for r in report.records)
    if host.name == "nuke":  # a render instance publishes what Write nodes rendered
        assert sorted(by_type) == ["Nuke Script"]  # nothing rendered here: see the next test
    else:  # Maya's AbcExport, Houdini's Alembic ROP
        cache = by_type["Alembic Cache"]
        assert (cache["first_frame"], cache["last_frame"]) == (1001, 1010)
        with open(cache["path"], "rb") as handle:
            written = handle.read()
        assert written.startswith(b"Ogawa") and b"heroGeo" in written and b"hero_geo" not in \
            written
    assert host.current_scene_path().endswith("_v002" + os.path.splitext(scene)[1])


def test_nuke_publishes_the_frames_its_write_node_rendered(fake_hosts, shot_project,  # noqa
                                                         tmpdir):
    import nuke
    from tests.publisher.conftest import write_frames
    project, store, context = shot_project
    engine = start_engine("nuke", context, project)
    try:
        host = engine.host
        frames = write_frames(str(tmpdir.join("renders")), range(1001, 1004), stem="beauty")
        write = nuke.nodes.Write(name="beautyWrite", file=frames)
        add_instance(host, make_instance("beauty", "render", [write.name()],
                                         frame_range=(1001, 1003)))
        fields = dict(context.as_template_fields(), name="main", version=1)
        fields.pop("User", None)
        path = project.templates["nuke_shot_work"].apply_fields(fields)
        os.makedirs(os.path.dirname(path))
        host.save_scene_as(path)
        session = engine.apps["publisher"].session
        os.remove(frames % 1002)
        report = session.validate()
        assert [e.line() for e in report.failures()] == [
            "Frames on disk [beauty]: Missing frames: %s lacks 1 frame(s) of 1001-1003: 1002 "
            "(fix: render the missing frames, or set the instance's frame range to what "
            "exists)" % frames]
        write_frames(str(tmpdir.join("renders")), [1002], stem="beauty")
        report = session.publish()
        assert report.ok, report.error_lines()
        by_type = dict((r["published_file_type"], r) for r in report.records)
        render = by_type["Rendered Image"]
        assert (render["first_frame"], render["last_frame"]) == (1001, 1003)
        assert render["path"].endswith("SH010_beauty_v001.%04d.exr")
        assert "Nuke Script" in by_type
    finally:
        engine.destroy()
