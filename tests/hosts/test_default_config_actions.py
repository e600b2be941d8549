"""The default config offers, in each host, only Loader actions that host can run:
an artist never sees an action that can only fail (a Maya scene "referenced" in Nuke)."""

import importlib
import os
import sys

import pytest

from toolkit.config import load_project
from toolkit.platform.discovery import BundleIndex
from toolkit.platform.environment import build_plan

CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), "config")
# The shell is not here: it is generic, keeps the manifest's full map, and its
# host filters what it cannot run.
HOSTS = [("maya", "MayaHost"), ("nuke", "NukeHost"), ("houdini", "HoudiniHost")]
if sys.version_info[:2] == (3, 11):  # real Blender (bpy) exists for this Python only
    HOSTS.append(("blender", "BlenderHost"))


@pytest.mark.parametrize("engine, host_class", HOSTS)
@pytest.mark.parametrize("env_name", ["project", "shot_step", "asset_step"])
def test_every_offered_action_is_one_the_host_can_run(fake_hosts, engine, host_class, env_name):
    project = load_project(CONFIG)
    problems = []
    plan = build_plan(project, env_name, engine, BundleIndex(project), problems)
    assert problems == []
    loader = [app for app in plan.apps if app.instance_name == "loader"]
    assert len(loader) == 1
    actions = loader[0].settings["actions"]
    host = getattr(importlib.import_module("engines.%s.host" % engine), host_class)()
    supported = host.supported_actions()
    offered = dict((pf_type, [a for a in names if a not in supported])
                   for pf_type, names in actions.items())
    assert dict((t, a) for t, a in offered.items() if a) == {}
    assert actions, "the %s Loader offers nothing" % engine


def test_hosts_load_what_they_should(fake_hosts):
    project = load_project(CONFIG)
    types = {}
    for engine in ("maya", "nuke", "houdini"):
        plan = build_plan(project, "shot_step", engine, BundleIndex(project), [])
        types[engine] = set(plan.apps[0].settings["actions"])
    assert "Maya Scene" in types["maya"] and "Maya Scene" not in types["nuke"]
    assert "Rendered Image" in types["nuke"] and "Rendered Image" not in types["maya"]
    assert "VDB Cache" in types["houdini"] and "VDB Cache" not in types["nuke"]
