"""Hook files: the three folder tokens, inheritance chains, refused paths."""

import os

import pytest

from toolkit.platform import Hook
from toolkit.platform.errors import HookError
from toolkit.platform.hooks import hook_folders, load_hook_class, resolve_hook_paths

from .conftest import write_tree


@pytest.fixture
def folders(tmpdir):
    root = str(tmpdir)
    write_tree(root, {
        "bundle/hooks/scan.py": """
            from toolkit.platform import Hook
            class Scan(Hook):
                def execute(self):
                    return ["bundle"]
                def name(self):
                    return "bundle"
            """,
        "config/hooks/scan.py": """
            class StudioScan(HookBaseClass):
                def execute(self):
                    return super(StudioScan, self).execute() + ["studio"]
            """,
        "config/hooks/show/scan.py": """
            class ShowScan(HookBaseClass):
                def execute(self):
                    return super(ShowScan, self).execute() + ["show"]
            """,
        "engine/hooks/scan.py": """
            class EngineScan(HookBaseClass):
                def name(self):
                    return "engine"
            """,
        "config/hooks/two.py": """
            class A(HookBaseClass):
                pass
            class B(HookBaseClass):
                pass
            """,
        "config/hooks/none.py": "x = 1\n",
        "config/hooks/broken.py": "def oops(:\n",
        "config/outside.py": "class X(object):\n    pass\n",
    })
    return hook_folders(os.path.join(root, "bundle", "hooks"),
                        os.path.join(root, "config", "hooks"),
                        os.path.join(root, "engine", "hooks"))


class Parent(object):
    engine = "the engine"


def test_each_token_names_its_folder(folders):
    for token in ("self", "config", "engine"):
        path, = resolve_hook_paths("{%s}/scan.py" % token, folders)
        assert path == os.path.join(folders[token], "scan.py")


def test_chain_inherits_from_the_previous_file(folders):
    cls = load_hook_class("{self}/scan.py:{config}/scan.py:{config}/show/scan.py:"
                          "{engine}/scan.py", folders)
    hook = cls(Parent())
    assert issubclass(cls, Hook) and cls.__name__ == "EngineScan"
    assert hook.execute() == ["bundle", "studio", "show"]
    assert hook.name() == "engine"
    assert hook.parent.engine == "the engine" and hook.engine == "the engine"


def test_hook_classes_are_loaded_once(folders):
    assert load_hook_class("{self}/scan.py", folders) is load_hook_class("{self}/scan.py",
                                                                         folders)


@pytest.mark.parametrize("spec, words", [
    ("/abs/scan.py", "must start with"),
    ("scan.py", "must start with"),
    ("{home}/scan.py", "must start with"),
    ("{config}/../outside.py", "without '..'"),
    ("{config}/show/../../outside.py", "without '..'"),
    ("{config}", "without '..'"),
    ("{config}/scan.txt", ".py"),
    ("{config}/nothere.py", "does not exist"),
    ("", "non-empty"),
])
def test_other_paths_are_refused(folders, spec, words):
    with pytest.raises(HookError) as err:
        resolve_hook_paths(spec, folders)
    assert words in str(err.value)


@pytest.mark.parametrize("name, words", [
    ("two.py", "exactly one class deriving from Hook, found 2 (A, B)"),
    ("none.py", "found 0"),
    ("broken.py", "SyntaxError"),
])
def test_a_hook_file_holds_exactly_one_hook_class(folders, name, words):
    with pytest.raises(HookError) as err:
        load_hook_class("{config}/" + name, folders)
    assert words in str(err.value) and err.value.path.endswith(name)


def test_missing_folder_token(folders):
    folders["engine"] = None
    with pytest.raises(HookError) as err:
        resolve_hook_paths("{engine}/scan.py", folders)
    assert "no {engine} folder" in str(err.value)


def test_pick_environment_override_example_from_the_default_config(make_project):
    import io
    from toolkit.context import Context
    from toolkit.platform.environment import pick_environment
    from .conftest import REPO
    example = io.open(os.path.join(REPO, "config", "hooks", "pick_environment_sequence.py"),
                      encoding="utf-8").read()
    project = make_project(hooks={"pick_environment_sequence.py": example})
    # what `core_hooks:` in project.yml sets
    project.settings["core_hooks"] = {
        "pick_environment": "{config}/pick_environment.py:{config}/pick_environment_sequence.py"}
    sequence = Context(project, {"type": "Sequence", "code": "SQ01"})
    assert pick_environment(project, sequence) == "shot_step"
    assert pick_environment(project, Context(project, {"type": "Asset", "code": "hero"})) \
        == "asset_step"
    assert pick_environment(project, Context(project)) == "project"
