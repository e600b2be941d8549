"""Fixtures of the Publisher tests: a project made from the default config, with a shot.

``project`` is ``reelkit init`` of the repo's config into a temporary folder,
plus two templates the shell engine publishes its scenes through (the default
config gives the shell no workfile templates), and a store holding sequence
SQ010, shot SH010 with the comp step and task, and user ``artist``.
"""

import io
import os
import sys

import pytest

collect_ignore = []
# Real Blender (bpy) exists for CPython 3.11 only.
if sys.version_info[:2] != (3, 11):
    collect_ignore.append("test_blender.py")

SHELL_TEMPLATES = u"""
  # added by the Publisher tests: where shell scenes live and publish
  shell_shot_work: sequences/{Sequence}/{Shot}/{Step}/work/shell/{Shot}_{name}_v{version}.json
  shell_shot_publish: sequences/{Sequence}/{Shot}/{Step}/publish/shell/{Shot}_{name}_v{version}.json
"""


def make_project(directory):
    """A project in ``directory`` (see the module docstring); returns (project, store, context)."""
    from toolkit.cli.project_commands import init_project
    from toolkit.config import load_project
    from toolkit.context import Context
    from toolkit.store import open_store

    init_project(directory)
    templates = os.path.join(directory, "config", "templates.yml")
    with io.open(templates, encoding="utf-8") as handle:
        text = handle.read()
    marker = u"\npaths:\n"
    assert marker in text, "templates.yml has no paths: section"
    text = text.replace(marker, marker + SHELL_TEMPLATES, 1)
    with io.open(templates, "w", encoding="utf-8") as handle:
        handle.write(text)
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
