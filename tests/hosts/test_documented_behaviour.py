"""What the real Maya, Nuke and Houdini do that the engines must cope with (issue #16).

Each fake models the documented behaviour (cited in the fake's docstring); these
tests hold the adapters to it. Written so that the adapters as they were before
the fix fail them.
"""

import io
import json
import logging
import os
import threading

import pytest

from toolkit.errors import ReelkitError


def _write(path, data):
    with io.open(str(path), "w", encoding="utf-8") as handle:
        handle.write(u"%s" % json.dumps(data))
    return str(path)


def _in_worker(function):
    outcome = {}

    def work():
        try:
            outcome["result"] = function()
        except Exception as exc:
            outcome["error"] = exc
    worker = threading.Thread(target=work)
    worker.start()
    return worker, outcome


# -- Houdini -------------------------------------------------------------------

@pytest.fixture
def houdini(fake_hosts):
    from engines.houdini.host import HoudiniHost
    return HoudiniHost()


def test_houdini_lists_paths_as_typed_with_environment_variables_expanded(houdini, monkeypatch):
    import hou
    monkeypatch.setenv("SHOTS", "/mnt/shots")
    parm = hou.node("/obj").createNode("geo", "plate").createNode("file").parm("file")
    parm.set("$SHOTS/sh010/plate_v003.$F4.exr")
    hou.setFrame(12)  # eval() would give .../plate_v003.0012.exr
    listed = [r for r in houdini.list_references() if r.node == parm.path()]
    assert [r.path for r in listed] == ["/mnt/shots/sh010/plate_v003.$F4.exr"]


def test_houdini_keeps_houdini_variables_and_expressions(monkeypatch):
    from engines.houdini.host import expand_environment
    environ = {"JOB": "/jobs/x", "F": "not a frame"}
    assert expand_environment("$JOB/geo/$OS.`$F+1`.$F4.bgeo", environ) == \
        "/jobs/x/geo/$OS.`$F+1`.$F4.bgeo"
    assert expand_environment("${JOB}/$UNSET/a", environ) == "/jobs/x/$UNSET/a"


def test_houdini_updates_one_parm_not_every_file_parm_of_the_node(houdini):
    import hou
    shader = hou.node("/obj").createNode("principledshader", "wood")
    shader.parm("basecolor_texture").set("/tex/wood_col_v001.exr")
    shader.parm("rough_texture").set("/tex/wood_rough_v001.exr")
    nodes = dict((r.path, r.node) for r in houdini.list_references())
    houdini.update_reference(nodes["/tex/wood_col_v001.exr"], "/tex/wood_col_v002.exr")
    assert shader.parm("basecolor_texture").unexpandedString() == "/tex/wood_col_v002.exr"
    assert shader.parm("rough_texture").unexpandedString() == "/tex/wood_rough_v001.exr"
    with pytest.raises(ReelkitError) as raised:  # a node with two file parms is ambiguous
        houdini.update_reference(shader.path(), "/tex/other.exr")
    assert "basecolor_texture" in str(raised.value)


def test_houdini_file_sop_gets_houdini_frame_variables_on_load_and_update(houdini):
    import hou
    parm = houdini.reference_file("/cache/sim_v001.%04d.bgeo.sc")
    assert hou.parm(parm).unexpandedString() == "/cache/sim_v001.$F4.bgeo.sc"
    houdini.update_reference(parm, "/cache/sim_v002.####.bgeo.sc")
    assert hou.parm(parm).unexpandedString() == "/cache/sim_v002.$F4.bgeo.sc"
    hou.setFrame(7)
    assert hou.parm(parm).eval() == "/cache/sim_v002.0007.bgeo.sc"  # frames load


def test_houdini_import_of_a_lop_only_hip_returns_its_nodes(houdini, tmpdir):
    hip = _write(tmpdir.join("layout.hip"), {
        "nodes": [{"path": "/stage/layout", "type": "sublayer", "parms": {}}],
        "frame_range": [1, 10]})
    assert houdini.import_file(hip) == ["/stage/layout"]


def test_houdini_image_sequences_share_one_network_and_keep_their_range(houdini):
    import hou
    first = houdini.load_image_sequence("/plates/a.%04d.exr", 1001, 1100)
    second = houdini.load_image_sequence("/plates/b.%04d.exr", 1, 48)
    assert [c.name() for c in hou.node("/img").children()] == ["reelkit_comp"]
    cop = hou.parm(second).node()
    assert cop.parm("overriderange").eval() == 1
    assert (cop.parm("start").eval(), cop.parm("length").eval(),
            cop.parm("shift").eval()) == (1, 48, 1)
    assert hou.parm(first).node().parm("length").eval() == 100


def test_houdini_shelf_file_lives_in_the_user_prefs_at_one_path(houdini, tmpdir):
    import hou
    from toolkit.platform.command import Command
    hou._state.home = str(tmpdir.join("houdini20.5"))
    command = Command("Load", lambda: None, {}, None, None)
    houdini.build_menu("Reelkit", [command])
    path = hou.shelves.shelves()["reelkit"].filePath()
    assert path == os.path.join(hou._state.home, "toolbar", "reelkit_reelkit.shelf")
    assert str(os.getpid()) not in path  # the next session rewrites the same file
    houdini.build_menu("Reelkit", [command])
    assert hou.shelves.shelves()["reelkit"].filePath() == path


def test_houdini_menus_without_a_ui_are_left_alone(houdini):
    import hou
    hou._state.ui = False
    houdini.build_menu("Reelkit", [])
    houdini.clear_menu("Reelkit")  # hou.shelves raises NotAvailable in hython


def test_houdini_worker_reaches_hou_through_hdefereval_only_with_a_ui(fake_hosts):
    import hou
    from engines.houdini.host import HoudiniHost
    hou._state.ui = False
    host = HoudiniHost()
    worker, outcome = _in_worker(lambda: host.run_in_main_thread(host.selection))
    worker.join()
    assert isinstance(outcome.get("error"), ReelkitError)  # hython: no event loop


# -- Maya ----------------------------------------------------------------------

@pytest.fixture
def maya(fake_hosts):
    from engines.maya.host import MayaHost
    return MayaHost()


def test_maya_scene_with_errors_is_open_and_the_errors_logged(maya, tmpdir, caplog):
    from maya import cmds
    cmds._state.batch = False  # a UI session: Maya would prompt unless told not to
    scene = _write(tmpdir.join("shot.ma"), {
        "nodes": {"cam": "camera"}, "references": [], "minTime": 1, "maxTime": 10,
        "errors": ["Unknown node type 'vrayMtl'", "Plug-in 'vrayformaya' not found"]})
    with caplog.at_level(logging.WARNING, logger="reelkit"):
        maya.open_scene(scene)
    assert maya.current_scene_path() == scene
    assert "vrayMtl" in caplog.text
    assert cmds._state.prompts == []  # opened with prompt=False


def test_maya_open_of_a_missing_scene_raises_and_keeps_the_current_one(maya, tmpdir):
    with pytest.raises(ReelkitError):
        maya.open_scene(str(tmpdir.join("nowhere.ma")))
    assert maya.current_scene_path() is None


@pytest.mark.parametrize("name, plugin, action", [
    ("rock.abc", "AbcImport", "reference_file"), ("rig.fbx", "fbxmaya", "import_file")])
def test_maya_loads_the_plugin_a_file_type_needs(maya, tmpdir, name, plugin, action):
    from maya import cmds
    path = tmpdir.join(name)
    path.write("cache")
    assert not cmds.pluginInfo(plugin, query=True, loaded=True)  # clean prefs
    assert getattr(maya, action)(str(path))
    assert cmds.pluginInfo(plugin, query=True, loaded=True)


def test_maya_missing_plugin_is_a_clear_error(maya, tmpdir):
    from maya import cmds
    cmds._state.plugin_paths.discard("AbcImport")
    path = tmpdir.join("rock.abc")
    path.write("cache")
    with pytest.raises(ReelkitError) as raised:
        maya.reference_file(str(path))
    assert "AbcImport" in str(raised.value)


def test_maya_worker_is_refused_in_batch(fake_hosts):
    from maya import cmds
    from engines.maya.host import MayaHost
    cmds._state.batch = True
    host = MayaHost()
    worker, outcome = _in_worker(lambda: host.run_in_main_thread(host.selection))
    worker.join()
    assert isinstance(outcome.get("error"), ReelkitError)  # no idle events in batch


# -- Nuke ----------------------------------------------------------------------

@pytest.fixture
def nuke_host(fake_hosts):
    from engines.nuke.host import NukeHost
    return NukeHost()


def _frames(folder, name, frames, image_format):
    for frame in frames:
        _write(folder.join(name % frame), {"format": image_format})
    return os.path.join(str(folder), name.replace("%04d", "%04d"))


def test_nuke_read_reads_the_header_like_the_ui(nuke_host, tmpdir):
    import nuke
    path = _frames(tmpdir, "plate.%04d.exr", range(1001, 1011), "2K_DCP 2048 1080")
    node = nuke.toNode(nuke_host.reference_file(path))
    assert node["format"].value() == "2K_DCP 2048 1080"  # not the root's HD
    assert (node["first"].value(), node["last"].value()) == (1001, 1010)
    assert (node["origfirst"].value(), node["origlast"].value()) == (1001, 1010)


def test_nuke_image_sequence_sets_first_last_and_the_original_range(nuke_host, tmpdir):
    import nuke
    path = _frames(tmpdir, "plate.%04d.exr", range(1001, 1011), "2K_DCP 2048 1080")
    node = nuke.toNode(nuke_host.load_image_sequence(path, 1003, 1008))
    assert [node[k].value() for k in ("first", "last", "origfirst", "origlast")] == \
        [1003, 1008, 1003, 1008]
    assert node["format"].value() == "2K_DCP 2048 1080"


def test_nuke_lists_reads_inside_groups_by_full_name_and_skips_empty_paths(nuke_host):
    import nuke
    nuke.nodes.Camera2()  # a camera reading no file
    nuke.nodes.Read(file="/plates/bg.%04d.exr")
    with nuke.nodes.Group(name="Despill"):
        inner = nuke.nodes.Gizmo(name="Grain")
        with inner:
            nuke.nodes.Read(file="/grain/scan.%04d.exr")
    listed = sorted((r.node, r.path, r.parent) for r in nuke_host.list_references())
    assert listed == [("Despill.Grain.Read1", "/grain/scan.%04d.exr", "Despill.Grain"),
                      ("Read1", "/plates/bg.%04d.exr", None)]
    with nuke.toNode("Despill"):  # inside a group (a callback may run there): same answer
        assert sorted(r.node for r in nuke_host.list_references()) == [
            "Despill.Grain.Read1", "Read1"]
    nuke_host.update_reference("Despill.Grain.Read1", "/grain/scan_v2.%04d.exr")
    assert nuke.toNode("Despill.Grain.Read1")["file"].value() == "/grain/scan_v2.%04d.exr"


def test_nuke_windows_paths_go_in_with_forward_slashes(nuke_host):
    import nuke
    node = nuke_host.load_image_sequence("C:\\shots\\sh010\\plate.%04d.exr", 1, 2)
    assert nuke.toNode(node)["file"].value() == "C:/shots/sh010/plate.%04d.exr"
    nuke_host.update_reference(node, "C:\\shots\\sh010\\plate_v2.%04d.exr")
    assert nuke.toNode(node)["file"].value() == "C:/shots/sh010/plate_v2.%04d.exr"


def test_nuke_worker_gets_the_main_threads_error_back(nuke_host):
    """Nuke's executeInMainThreadWithResult prints an error and returns None."""
    import nuke

    def fail():
        raise KeyError("raised on the main thread")
    worker, outcome = _in_worker(lambda: nuke_host.run_in_main_thread(fail))
    while worker.is_alive():
        nuke._process_main_thread_events()
    worker.join()
    assert isinstance(outcome.get("error"), KeyError)


# -- every host: undo ------------------------------------------------------------

def test_the_hosts_flush_undo_when_a_scene_opens(driver):
    """Opening (or starting) a scene inside an undo chunk breaks the chunk in Maya,
    Nuke and Houdini: the loader must not do it."""
    host = driver.engine.host
    path = driver.path("undo" + driver.scene_ext)
    host.save_scene_as(path)
    if driver.undo_labels() is None:  # the shell and Blender: no chunk an open could break
        with host.undo_chunk("Load"):
            host.open_scene(path)
    else:
        with pytest.raises(Exception):
            with host.undo_chunk("Load"):
                host.open_scene(path)
    assert os.path.normcase(host.current_scene_path()) == os.path.normcase(path)


def test_the_loader_opens_outside_its_undo_chunk(driver):
    from apps.loader.loading import ActionCatalog, load_publishes
    host = driver.engine.host
    path = driver.path("to_open" + driver.scene_ext)
    host.save_scene_as(path)
    host.new_scene()
    catalog = ActionCatalog({"Scene": ["open"]}, host)
    report = load_publishes(catalog, [{"path": path, "published_file_type": "Scene",
                                       "name": "shot", "code": "shot"}])
    assert report.failed == []
    assert os.path.normcase(host.current_scene_path()) == os.path.normcase(path)
