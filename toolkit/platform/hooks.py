"""Hooks: small Python files a project uses to override a bundle's behaviour.

A hook setting names one file or a chain of files separated by ``:``::

    hook_scan: "{self}/scan.py:{config}/scan.py"

Each element starts with a folder token -- ``{self}`` (the bundle's ``hooks/``),
``{config}`` (the project config's ``hooks/``) or ``{engine}`` (the running
engine's ``hooks/``) -- followed by a relative path. Nothing else is accepted:
no absolute path, no ``..``, so a config cannot run code from anywhere.

Files are executed in order; each one sees the previous file's hook class as
the module global ``HookBaseClass`` (the first sees :class:`Hook`), and must
define exactly one class deriving from it. The last class is the hook.
"""

import io
import logging
import os
import re
import sys
import types

import six

from toolkit.platform.errors import HookError

TOKENS = ("self", "config", "engine")
_TOKEN = re.compile(r"^\{(\w+)\}(.*)$")
_cache = {}  # (paths, mtimes, base) -> class
_CODING = re.compile(br"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")  # PEP 263


class Hook(object):
    """Base class of every hook. ``self.parent`` is the bundle that created it."""

    def __init__(self, parent, **kwargs):
        self.parent = parent
        self.logger = logging.getLogger("reelkit.hook.%s" % type(self).__name__)

    @property
    def engine(self):
        return getattr(self.parent, "engine", None)

    def execute(self, *args, **kwargs):
        """The default entry point of single-method hooks."""
        raise NotImplementedError("%s does not implement execute()" % type(self).__name__)


def hook_folders(self_dir, config_dir=None, engine_dir=None):
    """The token -> folder mapping hook paths resolve against."""
    return {"self": self_dir, "config": config_dir, "engine": engine_dir}


def resolve_hook_paths(spec, folders):
    """Absolute files of the hook chain ``spec``; :class:`HookError` if one is refused.

    The error does not name the config file: callers that know where the
    setting was written re-raise with file and line.
    """
    if not isinstance(spec, six.string_types) or not spec.strip():
        raise HookError("a hook setting must be a non-empty string, got %r" % (spec,))
    paths = []
    for element in spec.split(":"):
        match = _TOKEN.match(element.strip())
        if not match or match.group(1) not in TOKENS:
            raise HookError("hook path %r must start with {self}, {config} or {engine}"
                            % element)
        token, rest = match.group(1), match.group(2).replace("\\", "/")
        folder = folders.get(token)
        if not folder:
            raise HookError("hook path %r: there is no {%s} folder here" % (element, token))
        parts = [p for p in rest.split("/") if p not in ("", ".")]
        if not parts or ".." in parts or not rest.startswith("/"):
            raise HookError("hook path %r must be {%s}/relative/file.py without '..'"
                            % (element, token))
        if not parts[-1].endswith(".py"):
            raise HookError("hook path %r must name a .py file" % element)
        path = os.path.join(os.path.abspath(folder), *parts)
        if not os.path.isfile(path):
            raise HookError("hook file %s does not exist (from %r)" % (path, element))
        paths.append(path)
    return paths


def load_hook_class(spec, folders, base=None):
    """The hook class at the end of the chain ``spec`` (loaded once, reloaded if edited)."""
    base = base or Hook
    paths = resolve_hook_paths(spec, folders)
    key = (tuple(paths), tuple(os.path.getmtime(p) for p in paths), base)
    cls = _cache.get(key)
    if cls is None:
        cls = base
        for path in paths:
            cls = _load_one(path, cls)
        _cache[key] = cls
    return cls


def _load_one(path, base):
    name = "reelkit_hook_%x_%s" % (abs(hash((path, base))),
                                     re.sub(r"\W", "_", os.path.basename(path)[:-3]))
    module = types.ModuleType(name)
    module.__file__ = path
    module.HookBaseClass = base
    with io.open(path, "rb") as handle:
        data = handle.read()
    try:
        # A file declaring its encoding compiles from bytes (Python 2 refuses a
        # declaration in a unicode string); any other file is UTF-8 (a BOM from a
        # Windows editor allowed).
        source = data if _declares_encoding(data) else data.decode("utf-8-sig")
        code = compile(source, path, "exec")
        sys.modules[name] = module
        six.exec_(code, module.__dict__)
    except Exception as exc:
        sys.modules.pop(name, None)
        raise HookError("hook file could not be loaded: %s: %s" % (type(exc).__name__, exc),
                        path)
    found = [value for value in module.__dict__.values()
             if isinstance(value, type) and issubclass(value, base)
             and value is not base and value.__module__ == name]
    if len(found) != 1:
        raise HookError("a hook file must define exactly one class deriving from %s, found %d"
                        " (%s)" % (base.__name__, len(found),
                                   ", ".join(sorted(c.__name__ for c in found)) or "none"), path)
    # The class keeps its module alive: a reload under the same name replaces it
    # in sys.modules, and Python 2 would then set the old module's globals to None
    # under a class that is still cached and in use.
    found[0]._reelkit_hook_module = module
    return found[0]


def _declares_encoding(data):
    """True when one of the first two lines of ``data`` (bytes) is a PEP 263 declaration."""
    return any(_CODING.match(line) for line in data.splitlines()[:2])
