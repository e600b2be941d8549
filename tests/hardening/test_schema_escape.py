"""The folder schema cannot put folders outside the project (issue #14)."""

import pytest

from toolkit.config.yamlfile import load_yaml_text
from toolkit.errors import ConfigError
from toolkit.folders.schema import parse_schema


@pytest.mark.parametrize("name", ["..", ".", " .. ", "...", "a\nb", "x\x00"])
def test_a_static_folder_that_would_leave_its_parent_is_refused_with_file_and_line(name):
    text = u"root: primary\nfolders:\n  - name: sequences\n    folders:\n      - name: %s\n" % (
        u'"%s"' % name.replace("\n", "\\n").replace("\x00", "\\0"))
    with pytest.raises(ConfigError) as info:
        parse_schema(load_yaml_text(text, "folders.yml"), "folders.yml")
    assert str(info.value).startswith("folders.yml:5: folders[0].folders[0].name")


@pytest.mark.parametrize("name", ["{code.__class__}", "{code[0]}"])
def test_an_entity_folder_name_takes_plain_fields_only(name):
    from toolkit.folders.creation import _format
    schema = parse_schema(load_yaml_text(
        u"folders:\n  - {type: entity, entity_type: Sequence, name: '%s'}\n" % name, "f.yml"), "f.yml")
    from toolkit.folders.errors import FolderError
    with pytest.raises(FolderError):
        _format(schema.nodes[0], {"code": "SQ010"})


def test_a_plan_reaching_outside_the_root_is_refused_before_anything_is_made(tmpdir):
    from toolkit.folders.creation import FolderPlan
    from toolkit.folders.errors import FolderError
    root = tmpdir.join("show")
    plan = FolderPlan(store=None, schema=None, root=str(root), engine=None, user=None)
    plan.folders.append(str(tmpdir.join("elsewhere")))
    with pytest.raises(FolderError):
        plan.check()
    assert not tmpdir.join("elsewhere").check()
