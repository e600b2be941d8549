"""Checking an environment's settings against a bundle's manifest schema."""

import os

import six

from toolkit.errors import ConfigError
from toolkit.platform import hooks


def check_settings(info, block, project, engine_hooks_dir, where, reserved=("location",)):
    """Validate ``block`` (a YamlMap of settings) for bundle ``info``.

    Returns ``(settings, problems)``: settings with defaults filled in
    (``config_path`` values made absolute) and a list of :class:`ConfigError`,
    each naming the file and line of the setting, the bundle and the setting.
    ``where`` is the YAML path of the block (``engines.maya.apps.loader``).
    """
    from toolkit.config.includes import where as location
    schema = info.manifest.settings
    settings = {}
    problems = []

    def problem(name, message, present=True):
        source, line = location(block, name if present else None)
        problems.append(ConfigError("bundle %r: setting %r: %s" % (info.name, name, message),
                                    source, line, "%s.%s" % (where, name)))

    for name in block:
        if name in reserved:
            continue
        if name not in schema:
            problem(name, "unknown setting (%s takes: %s)" % (
                info.name, ", ".join(sorted(schema)) or "no settings"))
    folders = hooks.hook_folders(os.path.join(info.path, "hooks"),
                                 getattr(project, "hooks_dir", None), engine_hooks_dir)
    for name, spec in schema.items():
        present = name in block
        if present:
            value = block[name]
        elif spec.has_default:
            value = spec.default
        elif spec.allow_empty:
            value = None
        else:
            problem(name, "required setting is missing (%s)" % (spec.description or spec.type),
                    present=False)
            continue
        try:
            settings[name] = _check_value(spec, value, project, folders)
        except ConfigError as exc:
            problem(name, exc.message, present)
        except ValueError as exc:
            problem(name, str(exc), present)
    return settings, problems


def _check_value(spec, value, project, folders):
    if value is None or (value == "" and spec.type in ("template", "hook", "config_path")):
        if spec.allow_empty:
            return None
        raise ValueError("must not be empty (type %s)" % spec.type)
    kind = spec.type
    if kind == "str":
        _expect(value, six.string_types, "a string")
    elif kind == "int":
        if isinstance(value, bool) or not isinstance(value, six.integer_types):
            _wrong(value, "an integer")
    elif kind == "bool":
        _expect(value, bool, "true or false")
    elif kind == "list":
        _expect(value, list, "a list")
    elif kind == "dict":
        _expect(value, dict, "a mapping")
    elif kind == "template":
        _expect(value, six.string_types, "a template name")
        try:
            project.templates[value]
        except Exception:
            raise ValueError("unknown template %r" % value)
    elif kind == "hook":
        _expect(value, six.string_types, "a hook path like {self}/file.py")
        hooks.resolve_hook_paths(value, folders)
    elif kind == "config_path":
        _expect(value, six.string_types, "a path relative to the config folder")
        return _config_path(value, project.config_dir)
    return value


def _config_path(value, config_dir):
    parts = [p for p in value.replace("\\", "/").split("/") if p not in ("", ".")]
    if os.path.isabs(value) or ".." in parts or not parts:
        raise ValueError("%r must be a relative path inside the config folder" % value)
    path = os.path.join(config_dir, *parts)
    if not os.path.exists(path):
        raise ValueError("%s does not exist" % path)
    return path


def _expect(value, types_, what):
    if not isinstance(value, types_):
        _wrong(value, what)


def _wrong(value, what):
    raise ValueError("expected %s, got %s %r" % (what, type(value).__name__, value))
