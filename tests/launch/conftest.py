"""Fixtures for the launcher tests: a project made from the default config, with
real publishes (a .blend made by Blender, an image sequence), and host stand-ins
that are real executables (a script that records what it was started with)."""

import io
import os
import shutil
import stat
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BLEND_SAMPLE = os.path.join(REPO, "toolkit", "demo", "data", "asset.blend")
PNG_SAMPLE = os.path.join(REPO, "docs", "images", "loader.png")

# A host stand-in: prints its arguments and the variables the launcher sets or
# must remove, then exits with the status in $FAKE_HOST_EXIT (default 0).
FAKE_HOST = u"""#!/bin/sh
echo "args: $*"
echo "REELKIT_ENGINE=$REELKIT_ENGINE"
echo "PYTHONPATH=$PYTHONPATH"
echo "VIRTUAL_ENV=${VIRTUAL_ENV-<unset>}"
echo "REELKIT_OPEN_FILE=${REELKIT_OPEN_FILE-<unset>}"
echo "pid $$ session $(ps -o sid= -p $$ | tr -d ' ')"
read line && echo "stdin: $line"
exit ${FAKE_HOST_EXIT:-0}
"""


def write_executable(path, text=FAKE_HOST):
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def studio(tmpdir):
    """``(project, store_records)``: the default config, an asset with a real .blend
    publish and a shot with an image-sequence publish."""
    from toolkit.cli.project_commands import init_project
    from toolkit.context import Context
    from toolkit.publish import publish_file
    from toolkit.store import open_store

    project = init_project(str(tmpdir.join("show")))
    staging = tmpdir.mkdir("staging")
    with open_store(project) as store:
        user = store.create("User", {"login": "amelie", "name": "Amelie"})
        asset = store.create("Asset", {"code": "hero", "sg_asset_type": "character"})
        surfacing = store.create("Step", {"code": "surfacing", "entity_type": "Asset"})
        seq = store.create("Sequence", {"code": "SQ010"})
        shot = store.create("Shot", {"code": "SH010", "sequence": seq})
        comp = store.create("Step", {"code": "comp", "entity_type": "Shot"})
        blend = str(staging.join("hero.blend"))
        shutil.copyfile(BLEND_SAMPLE, blend)
        asset_context = Context.from_entity(asset, project=project, store=store,
                                            step=surfacing, user=user)
        blend_publish = publish_file(project, asset_context, blend,
                                     project.templates["blender_asset_publish"],
                                     {"name": "main"}, "Blender File", store=store)
        for frame in (1001, 1002, 1003):
            shutil.copyfile(PNG_SAMPLE, str(staging.join("comp.%04d.exr" % frame)))
        shot_context = Context.from_entity(shot, project=project, store=store, step=comp,
                                           user=user)
        render = publish_file(project, shot_context, str(staging.join("comp.%04d.exr")),
                              project.templates["nuke_shot_render"], {"name": "comp"},
                              "Image Sequence", store=store)
    return project, {"blend": blend_publish, "render": render}


@pytest.fixture
def clean_launch_env(tmpdir, monkeypatch):
    """Logs and host-Python folders of this test only."""
    monkeypatch.setenv("REELKIT_LOG_DIR", str(tmpdir.join("logs")))
    monkeypatch.setenv("REELKIT_HOST_PYTHON", str(tmpdir.join("host-python")))
    return str(tmpdir.join("logs"))


def python_exe():
    return sys.executable
