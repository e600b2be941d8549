"""Review findings on the host engines: what an artist would hit in a real session."""

import io
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _catalog(host):
    from apps.loader.loading import ActionCatalog
    from apps.loader.session import default_setting
    return ActionCatalog(default_setting("actions"), host)


def _names(actions):
    return [a.name for a in actions]


@pytest.mark.parametrize("module, cls", [("engines.nuke.host", "NukeHost"),
                                         ("engines.houdini.host", "HoudiniHost")])
def test_rendered_images_can_be_loaded_in_compositing_hosts(fake_hosts, module, cls):
    # The loader's action is "read_node": a host advertising another word offers nothing,
    # and the artist sees "No action for this selection" on every render.
    import importlib
    host = getattr(importlib.import_module(module), cls)()
    render = {"published_file_type": "Rendered Image", "path": "/r/sh010.%04d.exr"}
    assert _names(_catalog(host).actions_for(render)) == ["read_node"]


def test_houdini_offers_a_file_node_for_caches_once(fake_hosts):
    from engines.houdini.host import HoudiniHost
    catalog = _catalog(HoudiniHost())
    vdb = {"published_file_type": "VDB Cache", "path": "/c/smoke.vdb"}
    assert _names(catalog.actions_for(vdb))[0] == "file_node"
    abc = {"published_file_type": "Alembic Cache", "path": "/c/chair.abc"}
    labels = [a.label for a in catalog.actions_for(abc)]
    assert len(labels) == len(set(labels)), labels  # one menu entry per thing it does


def test_blender_startup_finds_reelkit_without_pythonpath(tmpdir):
    # Blender's bundled Python ignores PYTHONPATH (unless --python-use-system-env):
    # the startup script must find Reelkit from its own location.
    fake = tmpdir.mkdir("fake")
    fake.join("bpy.py").write("class app(object):\n    background = True\n")
    startup = os.path.join(REPO, "engines", "blender", "startup", "reelkit_startup.py")
    code = "\n".join([
        "import logging, os, sys",
        "logging.basicConfig()",
        "repo = os.path.normcase(os.path.realpath(%r))" % REPO,
        "sys.path[:] = [p for p in sys.path if p and"
        " os.path.normcase(os.path.realpath(p)) != repo]",
        "sys.meta_path[:] = [f for f in sys.meta_path if 'editable' not in repr(f)]",
        "sys.path.insert(0, %r)" % str(fake),
        "path = %r" % startup,
        "exec(compile(open(path).read(), path, 'exec'),"
        " {'__name__': '__main__', '__file__': path})",
    ])
    env = dict((k, v) for k, v in os.environ.items()
               if k not in ("PYTHONPATH", "REELKIT_PROJECT", "REELKIT_CONTEXT"))
    process = subprocess.Popen([sys.executable, "-c", code], cwd=str(tmpdir), env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate()
    err = err.decode("utf-8", "replace")
    assert "No module named" not in err, err
    assert "REELKIT_PROJECT" in err, err  # reached the bootstrap, which names what is missing


def test_houdini_opens_and_merges_a_hip_that_loads_with_warnings(fake_hosts, tmpdir, caplog):
    # A missing HDA makes Houdini raise hou.LoadWarning *after* loading the file:
    # the Loader reported "Open failed" on a scene that was open.
    import json
    from engines.houdini.host import HoudiniHost
    host = HoudiniHost()
    hip = str(tmpdir.join("shot.hip"))
    with io.open(hip, "w", encoding="utf-8") as handle:
        handle.write(u"%s" % json.dumps({
            "nodes": [{"path": "/obj/chair", "type": "geo", "parms": {}}],
            "frame_range": [1, 10], "warnings": ["Missing definition for studio::prop"]}))
    host.open_scene(hip)
    assert host.current_scene_path() == hip
    host.new_scene()
    assert host.import_file(hip) == ["/obj/chair"]
    assert "studio::prop" in caplog.text  # the artist still learns about it


def test_maya_refuses_to_repoint_a_node_that_is_no_reference(fake_hosts, tmpdir):
    # docs/engines.md: repointing a node that does not exist raises ReelkitError
    # before anything changes (Maya's own answer is a bare RuntimeError).
    from toolkit.errors import ReelkitError
    from engines.maya.host import MayaHost
    host = MayaHost()
    with pytest.raises(ReelkitError):
        host.update_reference("noSuchRN", str(tmpdir.join("chair.ma")))
