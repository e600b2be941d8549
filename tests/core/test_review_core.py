# -*- coding: utf-8 -*-
"""Core bugs found in the pre-release review, each pinned by a test."""

import io
import os

import pytest

from toolkit.config import load_project
from toolkit.config.yamlfile import load_yaml
from toolkit.context import Context
from toolkit.errors import ConfigError
from toolkit.store import ensure_project, open_store_from_settings
from tests.core.files import write

TEMPLATES = u"""\
keys:
  Sequence: {type: str}
  Shot: {type: str}
  Step: {type: str}
  version: {type: int, format_spec: "03"}
paths:
  shot_step_root: sequences/{Sequence}/{Shot}/{Step}
  shot_work: sequences/{Sequence}/{Shot}/{Step}/work/{Shot}_{Step}_v{version}.ma
"""


@pytest.fixture
def project(tmpdir):
    write(tmpdir, "config/project.yml", "name: show\nroots:\n  primary: .\n")
    write(tmpdir, "config/templates.yml", TEMPLATES)
    return load_project(str(tmpdir))


@pytest.fixture
def store(tmpdir, project):
    opened = open_store_from_settings({"backend": "sqlite", "path": str(tmpdir.join("db.sqlite"))},
                                      roots=project.roots)
    opened.project = ensure_project(opened, project.name)
    yield opened
    opened.close()


def test_a_config_file_not_in_utf8_is_a_config_error(tmpdir):
    """A project.yml saved as cp1252 by a Windows editor: file and reason, no traceback."""
    path = str(tmpdir.join("project.yml"))
    with io.open(path, "wb") as handle:
        handle.write(u"name: show\ndescription: Caf\xe9 du coin\n".encode("cp1252"))
    with pytest.raises(ConfigError) as info:
        load_yaml(path)
    assert info.value.path == path
    assert info.value.line == 2
    assert "UTF-8" in str(info.value)


@pytest.mark.parametrize("suffix", ["/", "//", "/./"])
def test_context_from_a_folder_path_written_loosely(project, suffix):
    """``.../anim/`` (a folder picked in a file dialog), ``SQ01//SH010``: same context."""
    folder = os.path.join(project.root, "sequences", "SQ01") + suffix + "SH010/anim"
    for path in (folder, folder + "/"):
        context = Context.from_path(path, project)
        assert context.as_template_fields() == {"Sequence": "SQ01", "Shot": "SH010",
                                                "Step": "anim"}, path


def test_context_from_string_picks_the_step_of_the_entity_type(project, store):
    """Steps of the same code exist for Shots and for Assets (fx, lighting): an
    Asset context must get the Asset step, and so find its task."""
    store.create("Step", {"code": "fx", "entity_type": "Shot"})
    asset_fx = store.create("Step", {"code": "fx", "entity_type": "Asset"})
    sword = store.create("Asset", {"code": "sword", "sg_asset_type": "prop"})
    task = store.create("Task", {"content": "fx_main", "entity": sword, "step": asset_fx})
    context = Context.from_string("Asset sword fx/fx_main", project, store)
    assert context.step["id"] == asset_fx["id"]
    assert context.task["id"] == task["id"]


def test_context_from_string_keeps_a_step_of_another_type_by_name(project, store):
    """Only a Shot step is called 'model': an Asset context is not linked to it."""
    store.create("Step", {"code": "model", "entity_type": "Shot"})
    store.create("Asset", {"code": "sword", "sg_asset_type": "prop"})
    context = Context.from_string("Asset sword model", project, store)
    assert context.step == {"type": "Step", "code": "model"}


def test_context_from_string_takes_a_step_without_entity_type(project, store):
    generic = store.create("Step", {"code": "comp"})
    seq = store.create("Sequence", {"code": "SQ01"})
    store.create("Shot", {"code": "SH010", "sequence": seq})
    store.create("Asset", {"code": "sword", "sg_asset_type": "prop"})
    asset_comp = store.create("Step", {"code": "comp", "entity_type": "Asset"})
    assert Context.from_string("Shot SH010 comp", project, store).step["id"] == generic["id"]
    # a step made for the entity's type wins over a generic one
    assert Context.from_string("Asset sword comp", project, store).step["id"] == asset_comp["id"]


def test_find_sequences_with_a_non_ascii_field(tmpdir):
    """Python 2: grouping frames must not str() a unicode field (UnicodeEncodeError)."""
    from toolkit.config.yamlfile import load_yaml_text
    from toolkit.templates import TemplateSet
    tset = TemplateSet.from_data(load_yaml_text(u"""
keys:
  name: {type: str}
  SEQ: {type: sequence, format_spec: "04"}
  version: {type: int, format_spec: "03"}
paths:
  render: renders/{name}_v{version}.{SEQ}.exr
"""), roots={"primary": str(tmpdir)})
    render = tset["render"]
    for frame in (1001, 1002):
        path = render.apply_fields({"name": u"h\xe9ro", "version": 1, "SEQ": frame})
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        io.open(path, "wb").close()
    found = render.find_sequences({"name": u"h\xe9ro"})
    assert [(os.path.basename(path), str(frames)) for path, frames in found] == [
        (u"h\xe9ro_v001.%04d.exr", "1001-1002")]
