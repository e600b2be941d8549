"""Fixtures of the work-file tests: a project made from the default config, a shell host."""

import os
import sys

import pytest

collect_ignore = []
# Real Blender (bpy from PyPI) exists for CPython 3.11 only.
if sys.version_info[:2] != (3, 11):
    collect_ignore.append("test_blender_race.py")


@pytest.fixture
def project(tmpdir):
    """A fresh project (the repo's default config) in a temporary folder."""
    from toolkit.cli.project_commands import init_project
    return init_project(str(tmpdir.join("show")))


@pytest.fixture
def host():
    """The shell engine's host adapter: a real scene saved as JSON."""
    from engines.shell.host import ShellHost
    return ShellHost()


SHOT = {"Sequence": "SQ010", "Shot": "SH010", "Step": "anim", "Task": "blocking",
        "name": "main", "extension": "ma"}


def work_path(project, version, user="alice", template="maya_shot_work", **changes):
    """A work file path of the test shot (not created)."""
    fields = dict(SHOT, version=version, **changes)
    if user is not None:
        fields["HumanUser"] = user
    return project.templates[template].apply_fields(fields)


def touch(path, content=b"x"):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with open(path, "wb") as handle:
        handle.write(content)
    return path


@pytest.fixture
def show(tmpdir):
    """A project whose store holds SQ010 (SH010, SH020, step anim, task blocking) and the
    users alice and bob: ``(project, store, entities)``."""
    from toolkit.cli.project_commands import init_project
    from toolkit.store import open_store
    project = init_project(str(tmpdir.join("show")))
    store = open_store(project)
    link = store.project
    step = store.create("Step", {"code": "anim", "entity_type": "Shot"})
    seq = store.create("Sequence", {"code": "SQ010", "project": link})
    entities = {"step": step, "users": {}}
    for login in ("alice", "bob"):
        entities["users"][login] = store.create("User", {"login": login, "name": login.title()})
    for code in ("SH010", "SH020"):
        shot = store.create("Shot", {"code": code, "project": link,
                                     "sequence": {"type": "Sequence", "id": seq["id"],
                                                  "code": "SQ010"}})
        task = store.create("Task", {"content": "blocking", "project": link,
                                     "step": {"type": "Step", "id": step["id"], "code": "anim"},
                                     "entity": {"type": "Shot", "id": shot["id"],
                                                "code": code}})
        entities[code] = (shot, task)
    yield project, store, entities
    store.close()


def shot_context(project, store, code="SH010", login="alice"):
    from toolkit.context import Context
    context = Context.from_string("Shot %s anim/blocking" % code, project, store)
    return Context(project, context.entity, context.step, context.task,
                   {"type": "User", "login": login})


def shell_work(project, code, version, user, name="main", template="shell_shot_work",
               **more):
    """A shell work file path of shot ``code`` (not created)."""
    fields = {"Sequence": "SQ010", "Shot": code, "Step": "anim", "Task": "blocking",
              "name": name, "version": version, "HumanUser": user}
    fields.update(more)
    return project.templates[template].apply_fields(fields)


def shell_scene(path, marker="scene"):
    """Write a shell scene (JSON) at ``path`` holding one import of ``marker``."""
    import json
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with open(path, "w") as handle:
        json.dump({"version": 1, "selection": [], "frame_range": [1001, 1100],
                   "references": [{"node": marker, "path": "/lib/%s.abc" % marker,
                                   "kind": "import"}]}, handle)
    return path
