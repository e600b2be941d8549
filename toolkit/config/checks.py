"""Shape checks of ``project.yml`` sections and environment files.

Every section has one expected type; a value of another type is reported by
``validate-config`` (and refused by ``load_project``) with its file, line and
entry, instead of failing later with a traceback in whatever code reads it.
"""


import six

from toolkit.config.includes import where
from toolkit.errors import ConfigError

#: Top-level keys of an environment file (``_``-prefixed keys are free blocks).
ENVIRONMENT_KEYS = ("engines", "launchers", "description", "include")


def _error(container, key, message, entry):
    source, line = where(container, key)
    return ConfigError(message, source, line, entry)


def did_you_mean(word, known):
    """``"did you mean 'engines'? "`` when ``word`` is a near miss of one of
    ``known``, else ``""``. (difflib is imported here: only a mistake needs it,
    and it costs a millisecond of every start.)"""
    import difflib
    guess = difflib.get_close_matches(word, known, n=1)
    return "did you mean '%s'? " % guess[0] if guess else ""


def check_project_sections(settings, errors):
    """Append a ConfigError to ``errors`` for each mistyped section of project.yml
    (``description``, ``core_hooks``, ``launchers``)."""
    description = settings.get("description")
    if description is not None and not isinstance(description, six.string_types):
        errors.append(_error(settings, "description", "must be text", "description"))
    hooks = settings.get("core_hooks")
    if hooks is not None:
        if not isinstance(hooks, dict):
            errors.append(_error(settings, "core_hooks", "must be a mapping hook name -> hook "
                                 "file, e.g. {pick_environment: '{config}/pick_env.py'}",
                                 "core_hooks"))
        else:
            for name, spec in hooks.items():
                if not isinstance(spec, six.string_types) or not spec:
                    errors.append(_error(hooks, name, "must be a hook file path",
                                         "core_hooks.%s" % (name,)))
    check_launchers(settings, errors)


def check_launchers(container, errors):
    """``launchers:`` of project.yml or an environment: engine -> path or per-OS mapping."""
    from toolkit.config.project import OS_NAMES
    launchers = container.get("launchers")
    if launchers is None:
        return
    if not isinstance(launchers, dict):
        errors.append(_error(container, "launchers", "must be a mapping engine -> executable "
                             "(a path or {linux: ..., windows: ..., args: [...]})", "launchers"))
        return
    for engine, entry in launchers.items():
        key = "launchers.%s" % (engine,)
        if isinstance(entry, six.string_types):
            continue
        if not isinstance(entry, dict):
            errors.append(_error(launchers, engine, "must be an executable path or a mapping "
                                 "{linux: ..., darwin: ..., windows: ..., args: [...]}", key))
            continue
        for option, value in entry.items():
            # Other options (python, args, versions, scan) are checked by the launcher.
            if option in OS_NAMES and not (isinstance(value, six.string_types) and value or (
                    isinstance(value, list) and value
                    and all(isinstance(v, six.string_types) and v for v in value))):
                errors.append(_error(entry, option, "must be an executable path or a list of "
                                     "paths (the first that exists wins)",
                                     "%s.%s" % (key, option)))


def check_environment_file(data, errors):
    """Append a ConfigError for each mistyped or unknown section of an environment."""
    for key in data:
        if not isinstance(key, six.string_types):
            errors.append(_error(data, key, "keys must be text", str(key)))
        elif key not in ENVIRONMENT_KEYS and not key.startswith("_"):
            errors.append(_error(data, key, "unknown key; %sknown keys: %s (and _name blocks)"
                                 % (did_you_mean(key, ENVIRONMENT_KEYS),
                                    ", ".join(ENVIRONMENT_KEYS)), key))
    description = data.get("description")
    if description is not None and not isinstance(description, six.string_types):
        errors.append(_error(data, "description", "must be text", "description"))
    check_launchers(data, errors)
    engines = data.get("engines")
    if engines is None:
        return
    if not isinstance(engines, dict):
        errors.append(_error(data, "engines", "must be a mapping engine -> settings", "engines"))
        return
    for name, block in engines.items():
        entry = "engines.%s" % (name,)
        if block is None:
            continue
        if not isinstance(block, dict):
            errors.append(_error(engines, name, "an engine's block must be a mapping "
                                 "(location, settings, apps)", entry))
            continue
        for section in ("apps", "frameworks"):
            children = block.get(section)
            if children is None:
                continue
            if not isinstance(children, dict):
                errors.append(_error(block, section, "must be a mapping name -> settings",
                                     "%s.%s" % (entry, section)))
                continue
            for child, settings in children.items():
                if settings is not None and not isinstance(settings, dict):
                    errors.append(_error(children, child, "must be a mapping with 'location' "
                                         "and settings", "%s.%s.%s" % (entry, section, child)))
