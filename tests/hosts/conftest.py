"""Fixtures for the host engines: fake host modules, a project, running engines.

``tests/hosts/fakes`` holds fake ``maya``, ``nuke`` and ``hou`` modules; the
``fake_hosts`` fixture puts them on ``sys.path`` with a fresh scene each test.
Real Blender (``bpy``) is used as is where it is installed (Python 3.11).
"""

import io
import os
import sys

import pytest

from tests.hosts import drivers

HERE = os.path.dirname(os.path.abspath(__file__))
FAKES = os.path.join(HERE, "fakes")
REPO = os.path.dirname(os.path.dirname(HERE))

#: A test app: one good command and one that raises.
PROBE_APP = {
    "manifest.yml": (
        'name: probe\nversion: 0.1.0\ndescription: Registers commands for the host tests.\n'
        'requires_core: ">=0.1"\nentry: "app:ProbeApp"\nsettings: {}\n'),
    "__init__.py": "",
    "app.py": (
        "from toolkit.platform import Application\n\n\n"
        "class ProbeApp(Application):\n"
        "    calls = []\n\n"
        "    def init_app(self):\n"
        "        self.engine.register_command('Probe', lambda: ProbeApp.calls.append('probe'),\n"
        "                                     {'short_name': 'probe'})\n"
        "        self.engine.register_command('Explode', self.explode, {'short_name': 'explode'})\n\n"
        "    def explode(self):\n"
        "        raise ValueError('exploded on purpose')\n"),
}

ENGINES = ("maya", "nuke", "houdini", "blender", "shell")


@pytest.fixture
def fake_hosts():
    """Import fake ``maya``/``nuke``/``hou`` from ``tests/hosts/fakes``, fresh each test.

    The modules are imported once (the engines keep references to them) and
    reset to an empty session before every test.
    """
    if FAKES not in sys.path:
        sys.path.insert(0, FAKES)
    import hdefereval
    import hou
    import maya.api.OpenMaya  # noqa: F401
    import maya.cmds
    import maya.OpenMayaUI
    import maya.utils
    import nuke
    for module in (maya.cmds, nuke, hou):
        module._reset()
    maya.OpenMayaUI._set_main_window(None)
    del maya.utils._deferred[:]
    del hdefereval._pending[:]
    yield


@pytest.fixture
def project_dir(tmpdir):
    """A project whose every environment runs each host engine with the probe app."""
    root = str(tmpdir.mkdir("project"))
    engines = "".join("  %s:\n    apps:\n      probe: {location: probe}\n" % name
                      for name in ENGINES)
    env = "engines:\n" + engines
    with io.open(os.path.join(REPO, "config", "hooks", "pick_environment.py"),
                 encoding="utf-8") as handle:
        pick = handle.read()
    files = {
        "config/project.yml": ("name: hosttest\nroots: {primary: ..}\n"
                               "bundle_paths: [../bundles]\n"),
        "config/hooks/pick_environment.py": pick,
    }
    for env_name in ("project", "shot_step", "asset_step", "sequence", "shot", "asset"):
        files["config/env/%s.yml" % env_name] = env
    for name, text in PROBE_APP.items():
        files["bundles/probe/" + name] = text
    for rel, text in files.items():
        path = os.path.join(root, *rel.split("/"))
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        with io.open(path, "w", encoding="utf-8") as handle:
            handle.write(u"%s" % text)
    return root


@pytest.fixture
def reelkit_env(project_dir, monkeypatch):
    """The REELKIT_* variables a launcher sets, for a project-level context."""
    from toolkit.config import load_project
    from toolkit.context import Context
    project = load_project(project_dir)
    context = Context(project=project)
    monkeypatch.setenv("REELKIT_PROJECT", project_dir)
    monkeypatch.setenv("REELKIT_CONTEXT", context.serialize())
    return project, context


@pytest.fixture(autouse=True)
def engine_variable_restored(monkeypatch):
    """Startup scripts set REELKIT_ENGINE with setdefault: never let it leak out of a test."""
    monkeypatch.setenv("REELKIT_ENGINE", "unset")
    monkeypatch.delenv("REELKIT_ENGINE")



def host_params():
    """The hosts the contract suite runs against in this interpreter."""
    return list(drivers.available())


@pytest.fixture(params=host_params())
def driver(request, fake_hosts, reelkit_env, tmpdir):
    """A started engine on one host, with a driver to inspect the host's own state."""
    from toolkit.platform import start_engine
    project, context = reelkit_env
    host_driver = drivers.make(request.param, str(tmpdir))
    host_driver.setup()
    host_driver.engine = start_engine(request.param, context, project)
    yield host_driver
    host_driver.teardown()
