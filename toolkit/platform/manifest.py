"""``manifest.yml``: what a bundle is, what it needs and which settings it takes.

::

    name: loader
    version: 0.1.0
    description: Browse publishes and bring them into the scene.
    requires_core: ">=0.1"
    supported_engines: []            # empty: every engine
    entry: "app:LoaderApp"           # module in the bundle folder : class
    settings:
      actions: {type: dict, default: {}, description: ...}
      hook_actions: {type: hook, default: "{self}/actions.py"}
      work_template: {type: template, allow_empty: true}
    commands:                         # optional, informative (``reelkit apps``)
      - {name: "Loader...", short_name: loader}
    launch: {...}                     # engines only, see toolkit.platform.launch
    cli: "cli:register"               # optional: module:function adding `reelkit` sub-commands
"""

import re

import six

from toolkit.errors import ConfigError

SETTING_TYPES = ("str", "int", "bool", "list", "dict", "template", "hook", "config_path")
_REQUIRED = ("name", "version", "entry")
_KNOWN = ("name", "version", "description", "requires_core", "supported_engines", "entry",
          "settings", "commands", "launch", "type", "cli")
_SETTING_KEYS = ("type", "default", "description", "allow_empty")
_ENTRY = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
_SPEC = re.compile(r"^\s*(>=|<=|==|!=|>|<)?\s*(\d+(?:\.\d+)*)\s*$")


class Setting(object):
    """One entry of a manifest's settings schema."""

    def __init__(self, name, type, default=None, description="", allow_empty=False,
                 has_default=False):
        self.name = name
        self.type = type
        self.default = default
        self.description = description
        self.allow_empty = allow_empty
        self.has_default = has_default

    @property
    def required(self):
        return not self.has_default and not self.allow_empty


class Manifest(object):
    """A parsed, checked ``manifest.yml``."""

    def __init__(self, data, path):
        self.path = path
        self.data = data
        self.name = data["name"]
        self.version = str(data["version"])
        self.description = data.get("description") or ""
        self.requires_core = data.get("requires_core")
        self.supported_engines = list(data.get("supported_engines") or [])
        self.entry = data["entry"]
        self.commands = list(data.get("commands") or [])
        self.launch = data.get("launch") or {}
        #: ``"module:function"`` whose function takes argparse sub-parsers, or None.
        self.cli = data.get("cli")
        self.settings = {}
        for name, spec in (data.get("settings") or {}).items():
            self.settings[name] = Setting(name, spec["type"], spec.get("default"),
                                          spec.get("description") or "",
                                          bool(spec.get("allow_empty", False)),
                                          "default" in spec)

    @property
    def entry_module(self):
        return self.entry.split(":")[0]

    @property
    def entry_class(self):
        return self.entry.split(":")[1]

    def supports(self, engine_name):
        return not self.supported_engines or engine_name in self.supported_engines


def load_manifest(path):
    """Load and check the manifest at ``path``; ConfigError naming file and line."""
    from toolkit.config.yamlfile import load_yaml, location
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError("a manifest must be a mapping", path, getattr(data, "line", None))

    def fail(message, key=None, container=data):
        raise ConfigError(message, path, location(container, key)[1], key)

    for key in _REQUIRED:
        if data.get(key) in (None, ""):
            fail("missing required field %r" % key)
    for key in data:
        if key not in _KNOWN:
            fail("unknown manifest field (expected one of %s)" % ", ".join(_KNOWN), key)
    if not isinstance(data["name"], six.string_types) or not re.match(r"^[A-Za-z_][\w-]*$",
                                                                      data["name"]):
        fail("name must be an identifier-like string", "name")
    if not isinstance(data["entry"], six.string_types) or not _ENTRY.match(data["entry"]):
        fail("entry must be 'module:Class', got %r" % (data["entry"],), "entry")
    if not isinstance(data.get("supported_engines") or [], list):
        fail("supported_engines must be a list of engine names", "supported_engines")
    if data.get("requires_core") is not None:
        requires = str(data["requires_core"])
        try:
            ok = core_satisfies(requires)
        except ValueError as exc:
            fail(str(exc), "requires_core")
        if not ok:
            from toolkit import __version__
            fail("needs Reelkit core %s, this is %s" % (requires, __version__), "requires_core")
    settings = data.get("settings") or {}
    if not isinstance(settings, dict):
        fail("settings must be a mapping of setting name -> schema", "settings")
    for name, spec in settings.items():
        if not isinstance(spec, dict):
            fail("a setting schema must be a mapping with 'type'", name, settings)
        if spec.get("type") not in SETTING_TYPES:
            fail("setting type must be one of %s, got %r"
                 % (", ".join(SETTING_TYPES), spec.get("type")), name, settings)
        for key in spec:
            if key not in _SETTING_KEYS:
                fail("unknown schema field %r (expected %s)" % (key, ", ".join(_SETTING_KEYS)),
                     name, settings)
        if name in ("location", "apps", "frameworks"):
            fail("%r is reserved in environment files and cannot be a setting" % name,
                 name, settings)
    for key in ("commands",):
        if not isinstance(data.get(key) or [], list):
            fail("%s must be a list" % key, key)
    if data.get("cli") is not None and (not isinstance(data["cli"], six.string_types)
                                        or not _ENTRY.match(data["cli"])):
        fail("cli must be 'module:function', got %r" % (data["cli"],), "cli")
    if not isinstance(data.get("launch") or {}, dict):
        fail("launch must be a mapping", "launch")
    return Manifest(data, path)


def _version_tuple(text):
    return tuple(int(part) for part in re.findall(r"\d+", text)[:3])


def core_satisfies(spec, version=None):
    """True if core ``version`` (default: this one) meets ``spec`` like ``">=0.1,<2"``."""
    if version is None:
        from toolkit import __version__ as version
    have = _version_tuple(version)
    for clause in spec.split(","):
        match = _SPEC.match(clause)
        if not match:
            raise ValueError("requires_core must look like '>=0.1' or '>=0.1,<2', got %r" % spec)
        op, want = match.group(1) or "==", _version_tuple(match.group(2))
        width = max(len(have), len(want))
        a, b = have + (0,) * (width - len(have)), want + (0,) * (width - len(want))
        if not {"==": a == b, "!=": a != b, ">=": a >= b, "<=": a <= b,
                ">": a > b, "<": a < b}[op]:
            return False
    return True
