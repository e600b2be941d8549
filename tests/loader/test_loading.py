"""Load actions: which are offered, the hook, batches with failures, the app entry points."""

import os

import pytest

from apps.loader.loading import (BUILTIN_ACTIONS, ActionCatalog, LoaderError,
                                 run_builtin_action)
from apps.loader.session import LoaderSession, default_setting
from tests.loader.recording_host import RecordingHost

LOADER = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "apps", "loader")


def _names(actions):
    return [a.name for a in actions]


def test_manifest_default_maps_every_common_type():
    actions = default_setting("actions")
    for ptype in ("Maya Scene", "Nuke Script", "Houdini Scene", "Blender File",
                  "Alembic Cache", "Rendered Image", "USD", "VDB Cache"):
        assert actions[ptype], ptype
        assert set(actions[ptype]) <= set(BUILTIN_ACTIONS), ptype


def test_host_supported_actions_limit_what_is_offered(by_name):
    action_map = default_setting("actions")
    maya = RecordingHost(actions=("reference", "import", "open"))
    nuke = RecordingHost(actions=("read_node", "import", "open"))
    blender = RecordingHost(actions=("link", "append", "open"))
    scene, render, abc = by_name("SH010_anim"), by_name("SH010_render"), by_name("sword_model")
    assert _names(ActionCatalog(action_map, maya).actions_for(scene)) == [
        "reference", "import", "open"]
    assert _names(ActionCatalog(action_map, nuke).actions_for(scene)) == ["import", "open"]
    assert _names(ActionCatalog(action_map, nuke).actions_for(render)) == ["read_node"]
    assert _names(ActionCatalog(action_map, maya).actions_for(render)) == []
    assert _names(ActionCatalog(action_map, blender).actions_for(abc)) == []
    assert _names(ActionCatalog(action_map, None).actions_for(scene)) == []
    catalog = ActionCatalog(action_map, maya)
    assert catalog.default_action(scene).label == "Reference"
    assert _names(catalog.common_actions([scene, abc])) == ["reference", "import"]
    assert catalog.common_actions([]) == []


def test_builtin_actions_call_the_host_api(by_name):
    host = RecordingHost()
    scene, render = by_name("SH010_anim"), by_name("SH010_render")
    assert run_builtin_action("reference", scene, host) == "ref:SH010_anim"
    run_builtin_action("import", scene, host)
    run_builtin_action("open", scene, host)
    assert run_builtin_action("read_node", render, host) == "Read1"
    run_builtin_action("link", scene, host)
    run_builtin_action("append", scene, host)
    assert [c[:3] for c in host.calls] == [
        ("reference_file", scene["path"], "SH010_anim"),
        ("import_file", scene["path"], "SH010_anim"),
        ("open_scene", scene["path"], None),
        ("load_image_sequence", render["path"], 1001),
        ("reference_file", scene["path"], None),
        ("import_file", scene["path"], None)]
    assert host.calls[3][3] == 1010
    # A sequence without a published range takes the scene's.
    undated = dict(render, first_frame=None, last_frame=None)
    run_builtin_action("read_node", undated, host)
    assert host.calls[-1][2:4] == (1001, 1100)
    with pytest.raises(LoaderError) as error:
        run_builtin_action("explode", scene, host)
    assert "explode" in str(error.value)
    with pytest.raises(LoaderError):
        run_builtin_action("open", dict(scene, path=None), host)


def test_a_batch_loads_in_one_undo_chunk_and_collects_errors(session, host, by_name):
    publishes = [by_name("SH020_anim"), by_name("SH020_cache"), by_name("SH030_anim")]
    report = session.load(publishes, "import")
    assert host.undo_chunks == ["Load"]
    assert [c[0] for c in host.calls] == ["import_file"] * 3
    assert all(c[-1] == "Load" for c in host.calls)  # every call inside the chunk
    assert [p["name"] for p, _ in report.loaded] == ["SH020_anim", "SH030_anim"]
    assert [p["name"] for p, _ in report.failed] == ["SH020_cache"]
    assert not report.ok
    assert report.summary() == "import: loaded 2 of 3 (1 failed)"
    assert report.error_lines() == [
        "SH020_cache.v001.BROKEN.abc v001: cannot read %s" % by_name("SH020_cache")["path"]]


def test_default_action_per_publish_and_publishes_without_one(session, host, by_name):
    report = session.load([by_name("SH010_render"), by_name("hero_rig"),
                           by_name("villain_tex")])
    assert [c[0] for c in host.calls] == ["load_image_sequence", "reference_file"]
    assert [p["name"] for p, _ in report.failed] == ["villain_tex"]
    assert "Texture" in report.failed[0][1]


def test_loading_without_a_host_is_a_clear_error(store, by_name):
    with pytest.raises(LoaderError):
        LoaderSession(store).load([by_name("hero_rig")], "import")


PROJECT_HOOK = u'''
class StudioActions(HookBaseClass):
    def generate_actions(self, publish, host):
        actions = super(StudioActions, self).generate_actions(publish, host)
        if publish["published_file_type"] == "Texture":
            actions.append(("image_plane", "Create Image Plane"))
        return actions

    def execute_action(self, name, publish, host):
        if name == "image_plane":
            host.calls.append(("image_plane", publish["path"]))
            return "imagePlane1"
        return super(StudioActions, self).execute_action(name, publish, host)
'''


def test_a_project_hook_adds_and_runs_its_own_actions(tmpdir, store, host, by_name):
    from toolkit.platform.hooks import hook_folders, load_hook_class
    tmpdir.join("loader_actions.py").write_text(PROJECT_HOOK, encoding="utf-8")
    cls = load_hook_class("{self}/actions.py:{config}/loader_actions.py",
                          hook_folders(os.path.join(LOADER, "hooks"), str(tmpdir)))
    session = LoaderSession(store, host=host, hook=cls(None))
    image, scene = by_name("villain_tex"), by_name("hero_rig")
    assert session.catalog.actions_for(image) == [("image_plane", "Create Image Plane")]
    report = session.load([image, scene])
    assert report.ok
    assert [c[0] for c in host.calls] == ["image_plane", "reference_file"]


def test_the_default_hook_runs_builtin_actions(store, by_name):
    hook = LoaderSession(store).catalog.hook
    host = RecordingHost()
    assert hook.generate_actions(by_name("hero_rig"), host) == []
    assert hook.execute_action("open", by_name("hero_rig"), host) is None
    assert host.calls[0][0] == "open_scene"


class _Engine(object):
    """The few engine members LoaderApp uses, around a real store and host."""

    def __init__(self, store, host, project):
        self.store, self.host, self.project, self.context = store, host, project, None
        self.hooks_dir = None
        self.commands = {}
        self.panels = []

    def register_command(self, name, callback, properties=None):
        self.commands[name] = (callback, properties)

    def show_panel(self, widget_class, title, panel_id, *args):
        self.panels.append((widget_class.__name__, title, panel_id, args))
        return "panel"


class _ProjectConfig(object):
    name = "demo"
    hooks_dir = None


def test_app_registers_its_command_and_loads_headless(store, host, by_name):
    from toolkit.platform.discovery import BundleInfo
    from toolkit.platform.manifest import load_manifest
    from apps.loader.app import LoaderApp

    manifest = load_manifest(os.path.join(LOADER, "manifest.yml"))
    settings = dict((name, s.default) for name, s in manifest.settings.items())
    engine = _Engine(store, host, _ProjectConfig())
    app = LoaderApp(engine, BundleInfo(LOADER, "apps.loader", manifest, "repo"), settings)
    app.init_app()
    callback, properties = engine.commands["Loader..."]
    assert properties["short_name"] == "loader" and properties["type"] == "panel"
    assert app.session.project["code"] == "demo"
    report = app.load([by_name("hero_rig"), by_name("SH020_cache")], "import")
    assert [p["name"] for p, _ in report.loaded] == ["hero_rig"]
    assert [p["name"] for p, _ in report.failed] == ["SH020_cache"]
    assert _names(app.actions_for(by_name("hero_rig"))) == ["reference", "import", "open"]
    assert callback() == "panel"
    assert engine.panels[0][:3] == ("LoaderPanel", "Loader", "loader")
    assert engine.panels[0][3] == (app.session,)
