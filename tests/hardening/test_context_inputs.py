"""Context entry points on hostile input: one ContextError or ArgumentTypeError, no crash."""

import os

import pytest

from toolkit.context import Context
from toolkit.errors import ArgumentTypeError, ContextError


@pytest.fixture
def project(project_dir):
    from toolkit.config import load_project
    return load_project(project_dir)


@pytest.mark.parametrize("text", [u"[" * 100000, u'{"entity": {"type": "Shot", "id": 1, "code": {"a": 1}}}',
                                  u'{"entity": {"type": "Shot", "code": ["SH010"]}}', u"", u"null"])
def test_a_hostile_serialised_context_is_a_context_error(project, text):
    with pytest.raises(ContextError):
        Context.deserialize(text, project)


@pytest.mark.parametrize("path", [5, None, ["a"], 1.5])
def test_from_path_names_a_path_of_the_wrong_type(project, path):
    with pytest.raises(ArgumentTypeError) as info:
        Context.from_path(path, project)
    assert "Context.from_path" in str(info.value)


@pytest.mark.parametrize("text", [5, ["Shot", "SH010"], {"a": 1}])
def test_from_string_refuses_what_is_not_text(project, text):
    with pytest.raises(ContextError):
        Context.from_string(text, project)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_from_path_reads_dotdot_through_a_symlink_as_the_os_does(project, project_dir, tmpdir):
    folder = os.path.join(project_dir, "sequences", "SQ010", "SH010", "anim", "work", "maya")
    os.makedirs(folder)
    link = str(tmpdir.join("lnk"))
    os.symlink(os.path.join(project_dir, "sequences", "SQ010"), link)
    through = os.path.join(link, "..", "SQ010", "SH010", "anim", "work", "maya", "SH010_main_v003.ma")
    context = Context.from_path(through, project)
    assert context.entity is not None and context.entity.get("code") == "SH010"
