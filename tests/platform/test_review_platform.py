# -*- coding: utf-8 -*-
"""Review findings on the platform: hooks a studio writes, panels across context switches."""

import io
import os

from toolkit.context import Context
from toolkit.platform import change_context, start_engine
from toolkit.platform.hooks import hook_folders, load_hook_class

from .conftest import shot_env


def test_hook_file_with_a_coding_declaration_loads(tmpdir):
    # Python 2 studio code starts with a coding line; compiling it as unicode fails
    # on Python 2 ("encoding declaration in Unicode string").
    folder = tmpdir.mkdir("hooks")
    with io.open(os.path.join(str(folder), "notify.py"), "w", encoding="utf-8") as handle:
        handle.write(u"# -*- coding: utf-8 -*-\n"
                     u"class Notify(HookBaseClass):\n"
                     u"    def execute(self):\n"
                     u"        return u\"caf\\u00e9 \u00e9t\u00e9\"\n")
    cls = load_hook_class("{self}/notify.py", hook_folders(str(folder)))
    assert cls(None).execute() == u"caf\u00e9 \u00e9t\u00e9"


def test_hook_file_without_declaration_may_hold_utf8(tmpdir):
    folder = tmpdir.mkdir("hooks")
    with io.open(os.path.join(str(folder), "notify.py"), "w", encoding="utf-8") as handle:
        handle.write(u"class Notify(HookBaseClass):\n"
                     u"    def execute(self):\n"
                     u"        return u\"\u00e9t\u00e9\"\n")
    cls = load_hook_class("{self}/notify.py", hook_folders(str(folder)))
    assert cls(None).execute() == u"\u00e9t\u00e9"


def _panel_class():
    from toolkit import qt

    class Panel(qt.QtWidgets.QLabel):
        closed = []

        def closeEvent(self, event):  # where a panel stops its worker threads
            Panel.closed.append(self.text())
            super(Panel, self).closeEvent(event)

    return Panel


def test_change_context_closes_the_panels_of_the_old_apps(qtbot, make_project):
    project = make_project(envs={"shot_step": shot_env(), "asset_step": shot_env(),
                                 "project": shot_env()})
    shot = Context.from_string("Shot SH010 comp", project=project)
    asset = Context.from_string("Asset hero model", project=project)
    engine = start_engine("recorder", shot, project)
    try:
        Panel = _panel_class()
        old = engine.show_panel(Panel, "Demo", "demo_panel", "shot")
        change_context(asset)
        # The old panel belongs to an app that was destroyed: showing the panel
        # again must build it for the new context, not raise the stale one.
        new = engine.show_panel(Panel, "Demo", "demo_panel", "asset")
        assert new is not old and new.text() == "asset"
        assert "shot" in Panel.closed
    finally:
        engine.destroy()


def test_destroy_closes_the_panel_widgets_themselves(qtbot, shot):
    project, context = shot
    engine = start_engine("recorder", context, project)
    Panel = _panel_class()
    engine.show_panel(Panel, "Demo", "demo_panel", "first")
    engine.destroy()
    # Only the container window was closed: the panel never heard of it and its
    # background work (Loader thumbnails) outlived the engine.
    assert "first" in Panel.closed
