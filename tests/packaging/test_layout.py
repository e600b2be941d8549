"""Finding Reelkit's own bundles and config in a checkout and in an installed copy.

An installed copy is made here the way the wheel lays it out (``reelkit_engines``,
``reelkit_apps`` and ``reelkit_config`` beside ``toolkit``) from the repository's
folders, and discovery is pointed at it.
"""

import io
import os
import re
import shutil
import sys

import pytest

from toolkit.errors import ConfigError
from toolkit.platform import Application, Engine, discovery

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHIPPED = ("engines", "apps", "frameworks", "config")
ABSOLUTE_SELF_IMPORT = re.compile(r"^\s*(from|import)\s+(apps|engines|frameworks)(\.|\s|$)")


def _forget(prefixes):
    for name in list(sys.modules):
        if name.split(".")[0] in prefixes:
            del sys.modules[name]


@pytest.fixture
def installed(tmpdir, monkeypatch):
    """A folder laid out like site-packages after ``pip install reelkit``."""
    root = str(tmpdir.join("site-packages"))
    for kind in SHIPPED:
        if os.path.isdir(os.path.join(REPO, kind)):
            shutil.copytree(os.path.join(REPO, kind),
                            os.path.join(root, discovery.INSTALLED_NAMES[kind]),
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    monkeypatch.setattr(discovery, "REPO_ROOT", root)
    names = set(discovery.INSTALLED_NAMES.values())
    _forget(names)
    yield root
    _forget(names)


def test_a_checkout_uses_the_repository_folders_and_names():
    assert not discovery.is_installed(REPO)
    assert discovery.shipped_folder("apps", REPO) == (os.path.join(REPO, "apps"), "apps")
    assert discovery.shipped_folder("config", REPO) == (os.path.join(REPO, "config"), "config")


def test_an_installed_copy_uses_reelkit_names(installed):
    assert discovery.is_installed()
    assert discovery.shipped_folder("engines") == (
        os.path.join(installed, "reelkit_engines"), "reelkit_engines")
    from toolkit.cli.project_commands import default_config_dir
    assert default_config_dir() == os.path.join(installed, "reelkit_config")
    assert os.path.isfile(os.path.join(default_config_dir(), "project.yml"))


def test_installed_bundles_import_under_reelkit_names_and_never_the_checkout(installed):
    before = set(sys.modules)
    index = discovery.BundleIndex()
    shell, loader = index.get("shell"), index.get("loader")
    assert (shell.package, loader.package) == ("reelkit_engines.shell", "reelkit_apps.loader")
    assert shell.path == os.path.join(installed, "reelkit_engines", "shell")
    engine_class = shell.load_class(Engine)
    app_class = loader.load_class(Application)
    assert engine_class.__module__ == "reelkit_engines.shell.engine"
    assert app_class.__module__ == "reelkit_apps.loader.app"
    import reelkit_apps.loader.session as session  # the whole headless Loader, by its new name
    assert session.__file__.startswith(installed)
    leaked = sorted(n for n in set(sys.modules) - before
                    if n.split(".")[0] in ("apps", "engines", "frameworks"))
    assert leaked == [], "an installed bundle imported the checkout's own package"


def test_a_checkout_bundle_is_imported_from_the_folder_beside_toolkit(tmpdir, monkeypatch):
    """An editable install maps only the installed names: ``apps`` is not on sys.path."""
    root = str(tmpdir)
    shutil.copytree(os.path.join(REPO, "engines", "shell"), os.path.join(root, "engines", "shell"),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    io.open(os.path.join(root, "engines", "__init__.py"), "w").close()
    saved = dict((n, m) for n, m in sys.modules.items() if n.split(".")[0] == "engines")
    _forget(["engines"])
    monkeypatch.setattr(discovery, "REPO_ROOT", root)
    try:
        info = discovery.BundleIndex().get("shell")
        assert info.load_class(Engine).__module__ == "engines.shell.engine"
        assert sys.modules["engines.shell"].__file__.startswith(root)
    finally:
        _forget(["engines"])
        sys.modules.update(saved)


def test_another_distributions_package_of_the_same_name_is_refused(tmpdir, monkeypatch):
    root = str(tmpdir)
    shutil.copytree(os.path.join(REPO, "engines", "shell"), os.path.join(root, "engines", "shell"),
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    import types
    foreign = types.ModuleType("engines")
    foreign.__path__ = [str(tmpdir.mkdir("elsewhere"))]
    saved = dict((n, m) for n, m in sys.modules.items() if n.split(".")[0] == "engines")
    _forget(["engines"])
    sys.modules["engines"] = foreign
    monkeypatch.setattr(discovery, "REPO_ROOT", root)
    try:
        with pytest.raises(ConfigError) as raised:
            discovery.BundleIndex().get("shell").import_package()
        assert "elsewhere" in str(raised.value) and os.path.join(root, "engines") in str(
            raised.value)
    finally:
        _forget(["engines"])
        sys.modules.update(saved)


def test_no_shipped_file_imports_a_bundle_by_its_repository_name():
    """Installed, ``apps``/``engines`` do not exist: bundles import themselves
    relatively, and startup scripts and hooks (loaded by path) reach bundle code
    through ``toolkit`` or the hook's parent."""
    offenders = []
    for kind in SHIPPED + ("toolkit",):
        for folder, dirs, files in os.walk(os.path.join(REPO, kind)):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in sorted(f for f in files if f.endswith(".py")):
                path = os.path.join(folder, name)
                with io.open(path, encoding="utf-8") as handle:
                    for number, line in enumerate(handle, 1):
                        if ABSOLUTE_SELF_IMPORT.match(line):
                            offenders.append("%s:%d: %s" % (os.path.relpath(path, REPO),
                                                            number, line.strip()))
    assert offenders == []
