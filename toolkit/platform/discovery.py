"""Finding bundles and importing their code.

A bundle is looked up by name, first found wins:

1. the folders the project config lists in ``bundle_paths`` (project.yml,
   relative to the config folder): each is a bundle folder or holds bundle
   folders -- a studio's own or patched bundles win over Reelkit's;
2. Reelkit's own ``engines/`` and ``apps/`` folders (see :func:`shipped_folder`);
3. installed distributions declaring a ``reelkit.bundles`` entry point whose
   value names the bundle's package (``studio_publish = studio_publish``).

Installed distributions are only scanned when a name is not found in 1-2, so
a start-up that needs none of them never pays for reading package metadata.

Bundle code is imported as a package so relative imports work: a repo bundle
``apps/loader`` is ``apps.loader`` in a checkout and ``reelkit_apps.loader``
once Reelkit is installed from its wheel or sdist (setup.py installs the
repository folders under Reelkit's own names: a top-level ``apps`` in
site-packages would clash with other distributions); a bundle from an entry
point keeps its own package name, a folder from ``bundle_paths`` becomes
``reelkit_bundles.<name>_<hash of the folder>``. Bundles therefore import their
own modules relatively and never spell their absolute package.
"""

import hashlib
import importlib
import os
import re
import sys
import types

from toolkit.errors import ConfigError
from toolkit.platform.manifest import load_manifest

ENTRY_POINT_GROUP = "reelkit.bundles"
# The folder holding the ``toolkit`` package: a checkout, site-packages or a
# ``pip install --target`` folder.
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPO_FOLDERS = ("engines", "apps", "frameworks")
# Repository folder -> the name it is installed under (setup.py's SHIPPED).
INSTALLED_NAMES = {"engines": "reelkit_engines", "apps": "reelkit_apps",
                   "frameworks": "reelkit_frameworks", "config": "reelkit_config"}
_SYNTHETIC = "reelkit_bundles"


class BundleInfo(object):
    """A found bundle: its folder, manifest, Python package and where it came from."""

    def __init__(self, path, package, manifest, origin):
        self.path = path
        self.package = package
        self.manifest = manifest
        self.origin = origin  # "config", "repo" or "entry point <dist>"

    @property
    def name(self):
        return self.manifest.name

    def import_package(self):
        """Import (once) and return the bundle's package module."""
        if self.package in sys.modules:
            return sys.modules[self.package]
        if self.package.startswith(_SYNTHETIC + "."):
            return _import_folder_as_package(self.package, self.path)
        if self.origin == "repo":
            _import_shipped_parent(self.package.split(".")[0], os.path.dirname(self.path))
        return importlib.import_module(self.package)

    def load_class(self, base):
        """The manifest's entry class; ConfigError if missing or not a ``base``."""
        self.import_package()
        manifest = self.manifest
        where = (manifest.path, manifest.data.key_line("entry"), "entry")
        try:
            module = importlib.import_module("%s.%s" % (self.package, manifest.entry_module))
        except ImportError as exc:
            raise ConfigError("cannot import %s.%s: %s" % (self.package, manifest.entry_module,
                                                           exc), *where)
        cls = getattr(module, manifest.entry_class, None)
        if not (isinstance(cls, type) and issubclass(cls, base)):
            raise ConfigError("%s is not a %s subclass in %s" % (
                manifest.entry_class, base.__name__, module.__name__), *where)
        return cls

    def __repr__(self):
        return "<BundleInfo %s %s (%s) at %s>" % (self.name, self.manifest.version,
                                                   self.origin, self.path)


class BundleIndex(object):
    """Bundles visible to one project, looked up lazily by name."""

    def __init__(self, project=None, extra_paths=()):
        self.search_paths = list(extra_paths) + _config_paths(project)
        self._local = None      # name -> BundleInfo from config paths + repo
        self._installed = None  # name -> BundleInfo from entry points

    def get(self, name):
        """The bundle called ``name``, or None."""
        info = self._local_bundles().get(name)
        if info is None:
            info = self._installed_bundles().get(name)
        return info

    def all(self):
        """Every visible bundle, name -> BundleInfo (the first found wins)."""
        found = dict(self._installed_bundles())
        found.update(self._local_bundles())
        return found

    def _local_bundles(self):
        if self._local is None:
            found = {}
            for folder in self.search_paths:
                for path in _bundle_folders(folder):
                    _add(found, path, None, "config")
            for kind in REPO_FOLDERS:
                folder, package = shipped_folder(kind)
                for path in _bundle_folders(folder):
                    _add(found, path, "%s.%s" % (package, os.path.basename(path)), "repo")
            self._local = found
        return self._local

    def _installed_bundles(self):
        if self._installed is None:
            found = {}
            for dist, ep_name, value in installed_entry_points(ENTRY_POINT_GROUP):
                package = value.split(":")[0].strip()
                path = _package_folder(package)
                if path is None:
                    raise ConfigError("entry point %r of %s names package %r, which cannot be "
                                      "found" % (ep_name, dist, package))
                _add(found, path, package, "entry point of %s" % dist)
            self._installed = found
        return self._installed


def import_bundle_module(bundle, module):
    """Import ``module`` of Reelkit's bundle ``bundle``, wherever it is installed.

    For host start files, which run before any engine and must not spell the
    bundle's package (``engines.houdini`` in a checkout, ``reelkit_engines.houdini``
    installed): ``import_bundle_module("houdini", "startup_hook").start_reelkit()``.
    """
    info = BundleIndex().get(bundle)
    if info is None:
        raise ConfigError("no bundle %r is installed" % bundle)
    info.import_package()
    return importlib.import_module("%s.%s" % (info.package, module))


def is_installed(root=None):
    """True when ``root`` (default: :data:`REPO_ROOT`) holds an installed Reelkit.

    The wheel always carries ``reelkit_engines``; a checkout never has it.
    """
    return os.path.isdir(os.path.join(root or REPO_ROOT, INSTALLED_NAMES["engines"]))


def shipped_folder(kind, root=None):
    """``(folder, package)`` of Reelkit's own ``kind``: engines, apps, frameworks or config.

    In a checkout (or an editable install of one) that is ``<root>/apps`` imported
    as ``apps``; installed, ``<site-packages>/reelkit_apps`` as ``reelkit_apps``.
    The folder may not exist (no frameworks yet). ``config`` is data: its package
    name is only where it lies.
    """
    root = root or REPO_ROOT
    name = INSTALLED_NAMES[kind] if is_installed(root) else kind
    return os.path.join(root, name), name


def _import_shipped_parent(package, folder):
    """Import Reelkit's ``apps``/``engines`` package from ``folder``, not from sys.path.

    An editable install maps only the installed names, and a host's sys.path may
    hold another distribution's ``apps``: loading the folder beside ``toolkit``
    by path keeps the core and its bundles from one copy of Reelkit.
    """
    module = sys.modules.get(package)
    if module is None:
        return _load_package(package, folder)
    paths = [os.path.normcase(os.path.realpath(p)) for p in getattr(module, "__path__", [])]
    if os.path.normcase(os.path.realpath(folder)) not in paths:
        raise ConfigError("the module %r already imported comes from %s, not from Reelkit's %s"
                          % (package, getattr(module, "__file__", None) or paths, folder))
    return module


def _add(found, path, package, origin):
    manifest = load_manifest(os.path.join(path, "manifest.yml"))
    if manifest.name in found:
        return
    if package is None:
        # The folder's hash keeps two projects' same-named bundles apart in sys.modules.
        digest = hashlib.sha1(os.path.abspath(path).encode("utf-8")).hexdigest()[:8]
        package = "%s.%s_%s" % (_SYNTHETIC, re.sub(r"\W", "_", manifest.name), digest)
    found[manifest.name] = BundleInfo(path, package, manifest, origin)


def _config_paths(project):
    """The project's ``bundle_paths`` (already absolute in the loaded config)."""
    if project is None:
        return []
    result = []
    for path in getattr(project, "bundle_paths", None) or []:
        if not os.path.isdir(path):
            raise ConfigError("bundle folder %s does not exist" % path,
                              os.path.join(project.config_dir, "project.yml"), None,
                              "bundle_paths")
        result.append(path)
    return result


def _bundle_folders(folder):
    """``folder`` if it is a bundle, else its sub-folders that are bundles."""
    if os.path.isfile(os.path.join(folder, "manifest.yml")):
        return [folder]
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [os.path.join(folder, n) for n in names
            if os.path.isfile(os.path.join(folder, n, "manifest.yml"))]


def installed_entry_points(group):
    """``[(distribution, name, value)]`` of entry points in ``group``, read fresh."""
    if sys.version_info[0] < 3:
        import pkg_resources  # Python 2 hosts ship setuptools, not importlib_metadata
        working_set = pkg_resources.WorkingSet(sys.path)  # sees paths added since start-up
        return [(ep.dist.project_name, ep.name, str(ep).split("=", 1)[1].strip())
                for ep in working_set.iter_entry_points(group)]
    try:
        from importlib import metadata
    except ImportError:  # Python 3.7
        import importlib_metadata as metadata
    result = []
    seen = set()
    for dist in metadata.distributions():
        for ep in dist.entry_points:
            if ep.group == group and (ep.name, ep.value) not in seen:
                seen.add((ep.name, ep.value))
                result.append((dist.metadata["Name"], ep.name, ep.value))
    return result


def _package_folder(package):
    """Folder of an importable package, found without running its code."""
    if sys.version_info[0] < 3:
        import pkgutil
        try:
            loader = pkgutil.get_loader(package)
        except ImportError:
            return None
        filename = getattr(loader, "filename", None)
        return filename if filename and os.path.isdir(filename) else None
    import importlib.util
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    return list(spec.submodule_search_locations)[0]


def _import_folder_as_package(package, folder):
    """Import ``folder`` as package ``package`` (a ``reelkit_bundles`` child)."""
    if _SYNTHETIC not in sys.modules:
        parent = types.ModuleType(_SYNTHETIC)
        parent.__path__ = []
        sys.modules[_SYNTHETIC] = parent
    return _load_package(package, folder)


def _load_package(package, folder):
    """Import ``folder`` as ``package`` by path; its parent, if any, is imported."""
    module = types.ModuleType(package)
    module.__path__ = [folder]
    module.__package__ = package
    init = os.path.join(folder, "__init__.py")
    module.__file__ = init
    sys.modules[package] = module
    try:
        if os.path.isfile(init):
            import io
            import six
            with io.open(init, "r", encoding="utf-8") as handle:
                six.exec_(compile(handle.read(), init, "exec"), module.__dict__)
    except Exception:
        del sys.modules[package]
        raise
    if "." in package:
        parent, _, child = package.rpartition(".")
        setattr(sys.modules[parent], child, module)
    return module
