"""Fixtures of the Publisher tests: a project made from the default config, with a shot.

``project`` is ``reelkit init`` of the repo's config into a temporary folder
(its ``shell_shot_work``/``shell_shot_publish`` templates are where the shell
engine's scenes live), and a store holding sequence SQ010, shot SH010 with the
comp step and task, and user ``artist``.
"""

import io
import os
import sys

import pytest

collect_ignore = []
# Real Blender (bpy) exists for CPython 3.11 only.
if sys.version_info[:2] != (3, 11):
    collect_ignore.append("test_blender.py")

def make_project(directory):
    """A project in ``directory`` (see the module docstring); returns (project, store, context)."""
    from toolkit.cli.project_commands import init_project
    from toolkit.config import load_project
    from toolkit.context import Context
    from toolkit.store import open_store

    init_project(directory)
    project = load_project(directory)
    store = open_store(project)
    link = store.project
    seq = store.create("Sequence", {"code": "SQ010", "project": link})
    shot = store.create("Shot", {"code": "SH010", "project": link,
                                 "sequence": {"type": "Sequence", "id": seq["id"]}})
    step = store.create("Step", {"code": "comp", "entity_type": "Shot"})
    task = store.create("Task", {"content": "comp", "project": link,
                                 "entity": {"type": "Shot", "id": shot["id"]},
                                 "step": {"type": "Step", "id": step["id"]}})
    user = store.create("User", {"login": "artist", "name": "An Artist"})
    context = Context.from_entity(shot, project=project, store=store, step=step, task=task,
                                  user=user)
    return project, store, context


@pytest.fixture
def shot_project(tmpdir):
    project, store, context = make_project(str(tmpdir.join("show")))
    yield project, store, context
    store.close()


def work_path(project, context, version=1, name="main"):
    """The shell work file of ``context`` at ``version``."""
    fields = dict(context.as_template_fields(), name=name, version=version)
    fields.pop("User", None)
    return project.templates["shell_shot_work"].apply_fields(fields)


def write_frames(folder, frames, stem="plate"):
    """Frames ``stem.####.exr`` in ``folder``; returns the ``%04d`` spelling."""
    if not os.path.isdir(folder):
        os.makedirs(folder)
    for frame in frames:
        with io.open(os.path.join(folder, "%s.%04d.exr" % (stem, frame)), "wb") as handle:
            handle.write(b"frame %d" % frame)
    return os.path.join(folder, stem + ".%04d.exr")


@pytest.fixture
def shell(shot_project):
    """The shell engine running in the shot's context, its scene saved as work v001."""
    from toolkit.platform import start_engine
    project, store, context = shot_project
    engine = start_engine("shell", context, project)
    path = work_path(project, context)
    os.makedirs(os.path.dirname(path))
    engine.host.save_scene_as(path)
    yield engine
    engine.destroy()


@pytest.fixture
def session(shell):
    return shell.apps["publisher"].session
