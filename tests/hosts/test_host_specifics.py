"""What is particular to one host: Maya copy numbers, Nuke reads, Houdini paths, bad input."""

import pytest

from toolkit.errors import ReelkitError


@pytest.fixture
def maya_host(fake_hosts):
    from engines.maya.host import MayaHost
    return MayaHost()


def test_maya_second_reference_of_a_file_lists_its_path_without_copy_number(maya_host, tmpdir):
    from maya import cmds
    asset = tmpdir.join("chair.ma")
    asset.write('{"nodes": {"geo": "mesh"}, "references": [], "minTime": 1, "maxTime": 2}')
    first = maya_host.reference_file(str(asset))
    second = maya_host.reference_file(str(asset))
    assert first != second
    assert cmds.file(query=True, reference=True)[1].endswith("{1}")  # what Maya reports
    assert [r.path for r in maya_host.list_references()] == [str(asset), str(asset)]


def test_maya_refuses_a_non_scene_name_before_renaming(maya_host, tmpdir):
    with pytest.raises(ReelkitError):
        maya_host.save_scene_as(str(tmpdir.join("shot.txt")))
    assert maya_host.current_scene_path() is None
    with pytest.raises(ReelkitError):
        maya_host.save_scene()


def test_maya_menu_needs_a_ui(maya_host):
    from maya import cmds
    maya_host.build_menu("Reelkit", [])  # maya -batch: no main window, no menu
    assert not cmds.menu("ReelkitMenu", exists=True)


def test_nuke_image_sequence_is_a_read_node(fake_hosts):
    import nuke
    from engines.nuke.host import NukeHost
    host = NukeHost()
    name = host.load_image_sequence("/shots/plate.%04d.exr", 1001, 1100)
    node = nuke.toNode(name)
    assert node.Class() == "Read"
    assert (node["first"].value(), node["last"].value()) == (1001, 1100)
    assert host.list_references()[0].kind == "read"
    with pytest.raises(ReelkitError):
        host.update_reference("NoSuchNode", "/x.exr")
    with pytest.raises(ReelkitError):
        host.import_file("/shots/plate.exr")


def test_houdini_frame_patterns_and_cop_loading(fake_hosts):
    import hou
    from engines.houdini.host import HoudiniHost, houdini_frame_pattern
    assert houdini_frame_pattern("a.%04d.exr") == "a.$F4.exr"
    assert houdini_frame_pattern("a.####.exr") == "a.$F4.exr"
    assert houdini_frame_pattern("a.%d.exr") == "a.$F.exr"
    path = HoudiniHost().load_image_sequence("/shots/plate.####.exr", 1, 10)
    assert path.endswith("/filename1")  # a reference is one parameter
    assert hou.parm(path).unexpandedString() == "/shots/plate.$F4.exr"


def test_houdini_alembic_loads_through_an_alembic_sop(fake_hosts):
    import hou
    from engines.houdini.host import HoudiniHost
    parm = HoudiniHost().reference_file("/assets/rock.abc")
    assert hou.parm(parm).name() == "fileName"
    assert hou.parm(parm).node().type().name() == "alembic"
    assert hou.parm(parm).eval() == "/assets/rock.abc"


def test_shell_scene_data_sidecar_follows_the_scene(tmpdir):
    import json
    from engines.shell.host import ShellHost, sidecar_path
    host = ShellHost()
    first = str(tmpdir.join("shot_v001.json"))
    host.write_scene_data("pins", {"chair": 3})
    host.save_scene_as(first)
    with open(sidecar_path(first)) as handle:
        assert json.load(handle) == {"pins": {"chair": 3}}

    host.write_scene_data("pins", None)
    host.save_scene()  # no data left: the old sidecar must not come back on open
    assert not tmpdir.join("shot_v001.json.reelkit").exists()
    host.open_scene(first)
    assert host.read_scene_data("pins") is None


def test_shell_broken_sidecar_fails_the_open_and_keeps_the_scene(tmpdir):
    from engines.shell.host import ShellHost, sidecar_path
    host = ShellHost()
    path = str(tmpdir.join("shot_v001.json"))
    host.save_scene_as(path)
    with open(sidecar_path(path), "w") as handle:
        handle.write("{broken")
    other = str(tmpdir.join("other.json"))
    host.write_scene_data("pins", [1])
    host.save_scene_as(other)
    with pytest.raises(ReelkitError) as raised:
        host.open_scene(path)
    assert sidecar_path(path) in str(raised.value)
    assert host.current_scene_path() == other and host.read_scene_data("pins") == [1]
