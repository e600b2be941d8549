"""Fixtures of the work-file tests: a project made from the default config, a shell host."""

import os

import pytest


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
