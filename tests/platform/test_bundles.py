"""Finding bundles (repo, config folder, entry point) and checking manifests."""

import io
import os
import sys

import pytest

from toolkit.errors import ConfigError
from toolkit.platform import Application
from toolkit.platform.discovery import BundleIndex
from toolkit.platform.manifest import core_satisfies, load_manifest

from .conftest import app_bundle, write_tree


def test_repo_bundles_are_packages_of_the_repo():
    index = BundleIndex()
    shell = index.get("shell")
    assert shell.origin == "repo" and shell.package == "engines.shell"
    loader = index.get("loader")
    assert loader.package == "apps.loader"
    assert loader.load_class(Application).__module__ == "apps.loader.app"


def test_config_folder_bundle_imports_with_relative_imports(make_project):
    project = make_project()
    info = BundleIndex(project).get("demo")
    assert info.origin == "config"
    cls = info.load_class(Application)
    assert cls.__module__.startswith("reelkit_bundles.demo_")
    # app.py does `from .logic import answer`: the bundle is a real package
    assert sys.modules[info.package + ".logic"].answer() == 42


def test_config_folder_wins_over_repo(make_project):
    project = make_project(bundles={"shell": dict(app_bundle("shell"))})
    assert BundleIndex(project).get("shell").origin == "config"


def test_entry_point_bundle_from_an_installed_distribution(tmpdir, monkeypatch):
    site = str(tmpdir.mkdir("site"))
    write_tree(os.path.join(site, "studio_tool"), app_bundle("studio_tool"))
    write_tree(site, {
        "studio_tool-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: studio-tool\n"
                                              "Version: 1.0\n",
        "studio_tool-1.0.dist-info/entry_points.txt": "[reelkit.bundles]\n"
                                                      "studio_tool = studio_tool\n",
        "studio_tool-1.0.dist-info/RECORD": "",
    })
    monkeypatch.syspath_prepend(site)
    index = BundleIndex()
    assert index.get("nothing_called_this") is None
    info = index.get("studio_tool")
    assert info is not None, "entry point not found"
    assert info.origin == "entry point of studio-tool"
    assert os.path.samefile(info.path, os.path.join(site, "studio_tool"))
    cls = info.load_class(Application)
    assert cls.__module__ == "studio_tool.app"


def test_bundle_paths_folder_must_exist(make_project):
    project = make_project(project_extra="")
    project.bundle_paths.append(os.path.join(project.config_dir, "nope"))
    with pytest.raises(ConfigError) as err:
        BundleIndex(project).get("demo")
    assert "nope" in str(err.value) and "project.yml" in str(err.value)


@pytest.mark.parametrize("text, line, words", [
    ("version: 1\nentry: 'a:B'\n", 1, "name"),
    ("name: x\nversion: 1\nentry: nocolon\n", 3, "module:Class"),
    ("name: x\nversion: 1\nentry: 'a:B'\nsettings:\n  s: {type: float}\n", 5, "float"),
    ("name: x\nversion: 1\nentry: 'a:B'\nsettings:\n  s: {type: str, dflt: 1}\n", 5, "dflt"),
    ("name: x\nversion: 1\nentry: 'a:B'\nrequires_core: '>=99.0'\n", 4, "99.0"),
    ("name: x\nversion: 1\nentry: 'a:B'\nbogus: 1\n", 4, "unknown manifest field"),
])
def test_manifest_errors_name_file_and_line(tmpdir, text, line, words):
    path = str(tmpdir.join("manifest.yml"))
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(text if isinstance(text, type(u"")) else text.decode("utf-8"))
    with pytest.raises(ConfigError) as err:
        load_manifest(path)
    assert err.value.path == path and err.value.line == line
    assert words in str(err.value)


def test_manifest_schema_and_core_versions():
    manifest = load_manifest(os.path.join(BundleIndex().get("shell").path, "manifest.yml"))
    assert manifest.settings["menu_name"].default == "Reelkit"
    assert manifest.supports("anything")
    assert core_satisfies(">=0.1,<2", "0.1.0") and not core_satisfies("<0.1", "0.1.0")
    with pytest.raises(ValueError):
        core_satisfies("~=0.1")


def test_entry_class_must_derive_from_the_expected_base(make_project):
    bundle = app_bundle("wrong")
    bundle["app.py"] = "class TheApp(object):\n    pass\n"
    info = BundleIndex(make_project(bundles={"wrong": bundle})).get("wrong")
    with pytest.raises(ConfigError) as err:
        info.load_class(Application)
    assert "not a Application subclass" in str(err.value) and err.value.line == 6
