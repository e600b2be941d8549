"""Paths that reach a storage root by another spelling: through a symlink, or by
the root's physical folder when the project names the link."""

import os

import pytest

from toolkit.config.project import ProjectConfig
from toolkit.context import Context
from toolkit.roots import under_root

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORK = os.path.join("sequences", "SQ01", "SH010", "comp", "work", "nuke", "SH010_main_v003.nk")
FIELDS = {"Sequence": "SQ01", "Shot": "SH010", "Step": "comp", "name": "main", "version": 3}


@pytest.fixture(params=["the project names the link", "the project names the folder"])
def spellings(request, tmpdir):
    """``(configured root, the other spelling of the same folder)``."""
    physical = tmpdir.join("filer", "vol3", "show")
    physical.ensure(dir=True)
    link = str(tmpdir.join("mnt_show"))
    os.symlink(str(physical), link)
    if request.param == "the project names the link":
        return link, str(physical)
    return str(physical), link


@pytest.fixture
def roots(spellings):  # the store fixture of conftest opens its store with these
    return {"primary": spellings[0]}


@pytest.fixture
def project(roots, store_settings):
    return ProjectConfig(os.path.join(REPO, "config"), {"name": "demo"}, roots, store_settings)


def test_templates_read_a_path_spelled_the_other_way(project, spellings):
    configured, other = spellings
    tset = project.templates
    template, fields = tset.match_path(os.path.join(other, WORK))
    assert template is tset["nuke_shot_work"]
    assert fields == FIELDS
    assert tset.match_path(os.path.join(configured, WORK)) == (template, fields)
    assert tset.template_from_path(os.path.join(other, WORK)) is template
    assert tset["nuke_shot_work"] in tset.templates_from_path(os.path.join(other, WORK))
    assert tset["nuke_shot_work"].get_fields(os.path.join(other, WORK)) == FIELDS


def test_a_path_under_neither_spelling_still_matches_nothing(project, spellings, tmpdir):
    tset = project.templates
    assert tset.match_path(str(tmpdir.join("elsewhere", WORK))) == (None, None)
    assert tset.match_path(os.path.join(spellings[1], "no_template", "here.txt")) == (None, None)
    with pytest.raises(Exception) as info:
        tset["nuke_shot_work"].get_fields(str(tmpdir.join("elsewhere", WORK)))
    assert "not under root" in str(info.value)


def test_under_root_writes_the_configured_spelling(spellings, tmpdir):
    configured, other = spellings
    assert under_root(os.path.join(other, WORK), [configured]) == os.path.join(configured, WORK)
    assert under_root(other, [configured]) == os.path.normpath(configured)
    assert under_root(os.path.join(configured, WORK), [configured]) is None  # already so
    assert under_root(str(tmpdir.join("elsewhere")), [configured]) is None
    assert under_root(other + "_not_it", [configured]) is None  # a longer name is not below


def test_the_path_cache_answers_for_either_spelling(store, spellings, project):
    configured, other = spellings
    seq = store.create("Sequence", {"code": "SQ01"})
    shot = store.create("Shot", {"code": "SH010", "sequence": seq})
    folder = os.path.join("sequences", "SQ01", "SH010")
    assert store.path_cache_add(os.path.join(other, folder), shot) is True
    # stored once, relative to the root: the configured spelling finds it too
    assert store.path_cache_add(os.path.join(configured, folder), shot) is False
    for root in (configured, other):
        found = store.path_cache_lookup(os.path.join(root, folder, "comp", "notes.txt"))
        assert (found["type"], found["id"]) == ("Shot", shot["id"])
    # the context of a file only the path cache knows, reached the other way
    context = Context.from_path(os.path.join(other, folder, "plates", "bg.exr"), project, store)
    assert context.entity["id"] == shot["id"]
    # and one the templates read, through the store for the rest
    context = Context.from_path(os.path.join(other, WORK), project, store)
    assert (context.entity["id"], context.step["code"]) == (shot["id"], "comp")
