"""The next free version and claiming it: across users, the publish area, and processes."""

import os
import subprocess
import sys

import pytest

from tests.workfiles.conftest import SHOT, touch, work_path
from toolkit.workfiles import (WorkArea, WorkfilesError, claim_version, existing_versions,
                               next_free_version, version_up)


def area_of(project):
    return WorkArea.for_names(project, "maya_shot_work")


def test_area_follows_the_naming_convention(project):
    area = area_of(project)
    assert area.publish.name == "maya_shot_publish"
    assert area.snapshot.name == "maya_shot_snapshot"


def test_an_explicit_template_name_must_exist(project):
    with pytest.raises(WorkfilesError) as caught:
        WorkArea.for_names(project, "maya_shot_work", publish="no_such_publish")
    assert "no_such_publish" in str(caught.value)


def test_next_free_version_spans_every_sandbox_and_the_publish_area(project):
    area = area_of(project)
    touch(work_path(project, 3, "alice"))
    touch(work_path(project, 7, "bob", extension="mb"))  # other user, other extension
    touch(work_path(project, 2, None))                    # the shared area
    assert next_free_version(area, dict(SHOT, HumanUser="alice")) == 8
    touch(project.templates["maya_shot_publish"].apply_fields(dict(SHOT, version=11)))
    assert next_free_version(area, dict(SHOT, HumanUser="carol")) == 12
    versions = existing_versions(area, SHOT)
    assert sorted(versions) == [2, 3, 7, 11]


def test_other_names_and_tasks_do_not_count(project):
    area = area_of(project)
    touch(work_path(project, 9, "alice", name="cloth"))
    touch(work_path(project, 5, "alice", Task="polish"))
    assert next_free_version(area, dict(SHOT, HumanUser="alice")) == 1


def test_a_claim_never_reuses_a_version_even_when_its_file_is_gone(project):
    area = area_of(project)
    fields = dict(SHOT, HumanUser="alice")
    version, path = claim_version(area, fields)
    assert version == 1 and os.path.getsize(path) == 0
    os.remove(path)  # the saving process died before writing
    assert claim_version(area, dict(fields, HumanUser="bob"))[0] == 2


def test_claims_collide_across_sandboxes(project):
    """Alice and Bob both start from version 1: the shared claim gives Bob 2."""
    area = area_of(project)
    assert claim_version(area, dict(SHOT, HumanUser="alice"), first=1)[0] == 1
    version, path = claim_version(area, dict(SHOT, HumanUser="bob"), first=1)
    assert version == 2 and "/bob/" in path.replace(os.sep, "/")


def test_an_existing_file_is_never_overwritten(project):
    """A file written without a claim (another tool) is skipped, not replaced."""
    area = area_of(project)
    existing = touch(work_path(project, 1, "alice"), b"someone's work")
    version, path = claim_version(area, dict(SHOT, HumanUser="alice"), first=1)
    assert version == 2
    with open(existing, "rb") as handle:
        assert handle.read() == b"someone's work"


_RACER = r"""
import sys
sys.path.insert(0, sys.argv[1])
from toolkit.config import load_project
from toolkit.workfiles import WorkArea, claim_version
project = load_project(sys.argv[2])
area = WorkArea.for_names(project, "maya_shot_work")
fields = {"Sequence": "SQ010", "Shot": "SH010", "Step": "anim", "Task": "blocking",
          "name": "main", "extension": "ma", "HumanUser": sys.argv[3]}
sys.stdin.readline()  # start together
for _ in range(int(sys.argv[4])):
    version, path = claim_version(area, fields)
    print(version)
"""


def test_two_processes_claiming_at_once_get_distinct_versions(project, tmpdir):
    script = tmpdir.join("racer.py")
    script.write(_RACER)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    count = 15
    racers = [subprocess.Popen([sys.executable, str(script), root, project.root, user,
                                str(count)], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
              for user in ("alice", "bob")]
    for racer in racers:
        racer.stdin.write(b"go\n")
        racer.stdin.flush()
    outputs = [racer.communicate()[0] for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0]
    versions = [int(v) for out in outputs for v in out.split()]
    assert len(versions) == 2 * count
    assert sorted(versions) == list(range(1, 2 * count + 1))


def test_version_up_saves_the_next_version_in_my_sandbox(project, host):
    first = touch(work_path(project, 1, "bob"))
    host.save_scene_as(first)
    host.import_file("/tmp/prop.abc")
    touch(work_path(project, 4, "carol"))
    from toolkit.context import Context
    context = Context(project, user={"type": "User", "login": "alice"})
    path = version_up(host, project, context)
    assert path == work_path(project, 5, "alice")
    assert host.current_scene_path() == path
    assert not host.is_modified()
    with open(path) as handle:
        assert "prop.abc" in handle.read()


def test_version_up_keeps_a_shared_area_file_shared(project, host):
    host.save_scene_as(touch(work_path(project, 2, None)))
    assert version_up(host, project) == work_path(project, 3, None)


def test_version_up_refuses_an_unsaved_scene(project, host):
    with pytest.raises(WorkfilesError) as caught:
        version_up(host, project)
    assert "never saved" in str(caught.value)


def test_version_up_refuses_a_file_outside_work_templates(project, host):
    published = project.templates["maya_shot_publish"].apply_fields(dict(SHOT, version=1))
    host.save_scene_as(touch(published))
    with pytest.raises(WorkfilesError) as caught:
        version_up(host, project)
    assert "maya_shot_publish" in str(caught.value) and "not a work file" in str(caught.value)
    outside = touch(os.path.join(project.root, "notes", "scene.ma"))
    host.save_scene_as(outside)
    with pytest.raises(WorkfilesError) as caught:
        version_up(host, project)
    assert "in no template" in str(caught.value)


def test_a_failed_save_leaves_no_empty_file(project, host):
    host.save_scene_as(touch(work_path(project, 1, "alice")))

    def broken(path):
        raise IOError("disk full")
    host.save_scene_as = broken
    from toolkit.context import Context
    with pytest.raises(IOError):
        version_up(host, project, Context(project, user={"type": "User", "login": "alice"}))
    assert not os.path.exists(work_path(project, 2, "alice"))
    assert os.path.isdir(os.path.dirname(work_path(project, 2, "alice")))
