"""A project configuration folder: ``project.yml``, templates, environments.

A project folder holds ``config/`` (the configuration) and, by default, the
data the roots point at::

    show/                   project.root
      config/               project.config_dir
        project.yml         name, roots, store
        templates.yml       project.templates (loaded on first use)
        env/*.yml           project.environments (loaded on first use)
        hooks/  schema/

Nothing heavy is read until asked for: ``load_project`` reads ``project.yml``
only, so a host can start quickly and fail early on a broken ``project.yml``.
"""

import glob
import os
import sys

import six

from toolkit.config.includes import load_config_file, where
from toolkit.config.variables import expand_variables
from toolkit.errors import ConfigError, ConfigErrors, ReelkitError

PROJECT_FILE = "project.yml"
TEMPLATES_FILE = "templates.yml"
CONFIG_FOLDER = "config"
PROJECT_VARIABLE = "REELKIT_PROJECT"

#: Top-level keys ``project.yml`` may hold (keys starting with ``_`` are free,
#: for blocks shared through ``@name`` references).
KNOWN_KEYS = ("name", "description", "roots", "store", "bundle_paths",
              "core_hooks",   # overrides of core hooks, e.g. pick_environment
              "launchers",    # host executables per OS, for `reelkit launch`
              "publish")      # publishing policy, e.g. {read_only: true}

#: ``sys.platform`` prefixes -> the names used in per-OS mappings.
OS_NAMES = ("linux", "darwin", "windows")

DEFAULT_STORE_PATH = os.path.join(".reelkit", "reelkit.sqlite")


def current_os():
    """``"linux"``, ``"darwin"`` or ``"windows"``: the key of per-OS mappings."""
    if sys.platform.startswith("win") or sys.platform == "cygwin":
        return "windows"
    if sys.platform == "darwin":
        return "darwin"
    return "linux"


class ProjectConfig(object):
    """A loaded project configuration (see the module docstring for the layout).

    Build one with :func:`load_project`. Two configs are equal when they were
    loaded from the same config folder.
    """

    def __init__(self, config_dir, settings, roots, store_settings, bundle_paths=()):
        self.config_dir = config_dir
        self.root = os.path.dirname(config_dir)
        self.settings = settings
        self.name = settings["name"]
        self.roots = roots
        self.store_settings = store_settings
        self.bundle_paths = list(bundle_paths)
        self.hooks_dir = os.path.join(config_dir, "hooks")
        self.schema_dir = os.path.join(config_dir, "schema")
        self.env_dir = os.path.join(config_dir, "env")
        self.templates_path = os.path.join(config_dir, TEMPLATES_FILE)
        self._templates = None
        self._environments = None

    @property
    def templates(self):
        """The project's :class:`~toolkit.templates.TemplateSet`, loaded on first use."""
        if self._templates is None:
            from toolkit.templates import TemplateSet  # heavy: only when templates are used
            self._templates = TemplateSet.from_file(self.templates_path, self.roots)
        return self._templates

    @property
    def environments(self):
        """``{env name: YamlMap}`` from ``env/*.yml``, loaded on first use.

        Files whose name starts with ``_`` and files in sub-folders are not
        environments: they are there to be included.
        """
        if self._environments is None:
            environments = {}
            for path in environment_files(self.config_dir):
                name = os.path.splitext(os.path.basename(path))[0]
                environments[name] = load_config_file(path, self.config_dir)
            self._environments = environments
        return self._environments

    def __eq__(self, other):
        if not isinstance(other, ProjectConfig):
            return NotImplemented
        return os.path.normcase(self.config_dir) == os.path.normcase(other.config_dir)

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash(os.path.normcase(self.config_dir))

    def __repr__(self):
        return "<ProjectConfig %r at %r>" % (self.name, self.config_dir)


def environment_files(config_dir):
    """Paths of the environment files of a config folder, sorted."""
    paths = glob.glob(os.path.join(config_dir, "env", "*.yml"))
    return sorted(p for p in paths if not os.path.basename(p).startswith("_"))


def config_dir_of(path):
    """The config folder for ``path``: a project folder, a config folder or ``project.yml``."""
    path = os.path.abspath(path)
    if os.path.isfile(path) and os.path.basename(path) == PROJECT_FILE:
        return os.path.dirname(path)
    if os.path.isfile(os.path.join(path, PROJECT_FILE)):
        return path
    nested = os.path.join(path, CONFIG_FOLDER)
    if os.path.isfile(os.path.join(nested, PROJECT_FILE)):
        return nested
    raise ConfigError("no project here: neither %s nor %s exists"
                      % (os.path.join(path, PROJECT_FILE),
                         os.path.join(nested, PROJECT_FILE)), path)


def load_project(path, environ=None):
    """Load the project at ``path`` (project folder, config folder or ``project.yml``).

    Reads and validates ``project.yml``; raises :class:`ConfigError` (or
    :class:`~toolkit.errors.ConfigErrors` when there are several problems).
    """
    config_dir = config_dir_of(path)
    project, errors, _ = _read_project(config_dir, environ)
    _raise(errors)
    return project


def find_project(path):
    """The project folder at or above ``path`` (a folder holding ``config/project.yml``), or None."""
    folder = os.path.abspath(path)
    if not os.path.isdir(folder):
        folder = os.path.dirname(folder)
    while True:
        if os.path.isfile(os.path.join(folder, CONFIG_FOLDER, PROJECT_FILE)):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def project_from_environment(environ=None):
    """Load the project named by ``$REELKIT_PROJECT`` (how a launched host finds it)."""
    environ = os.environ if environ is None else environ
    value = environ.get(PROJECT_VARIABLE)
    if not value:
        raise ConfigError("environment variable $%s is not set: it names the project folder"
                          % PROJECT_VARIABLE, key=PROJECT_VARIABLE)
    return load_project(value, environ)


def validate_project(path, environ=None):
    """Every problem found in the project at ``path``, as a list of :class:`ConfigError`.

    Checks ``project.yml``, ``templates.yml`` and each environment file, and
    keeps going after a problem so a TD sees all of them at once. An empty
    list means the configuration loads.
    """
    try:
        config_dir = config_dir_of(path)
    except ConfigError as exc:
        return [exc]
    _, errors, roots = _read_project(config_dir, environ)
    # Templates only need the roots: check them even when other keys are wrong.
    if roots is not None:
        templates_path = os.path.join(config_dir, TEMPLATES_FILE)
        try:
            from toolkit.templates import TemplateSet
            TemplateSet.from_file(templates_path, roots)
        except ConfigErrors as exc:
            errors.extend(exc.errors)
        except ReelkitError as exc:
            errors.append(_as_config_error(exc, templates_path))
    for env_path in environment_files(config_dir):
        try:
            data = load_config_file(env_path, config_dir, environ)
        except ConfigError as exc:
            errors.append(exc)
            continue
        if not isinstance(data, dict):
            errors.append(ConfigError("an environment file must hold a mapping", env_path, 1))
            continue
        from toolkit.config.checks import check_environment_file
        check_environment_file(data, errors)
    return _unique(errors)


def _unique(errors):
    # A file included by several environments reports its mistakes once.
    seen = set()
    return [e for e in errors if not (str(e) in seen or seen.add(str(e)))]


def _as_config_error(exc, path):
    if isinstance(exc, ConfigError):
        return exc
    return ConfigError(str(exc), path)


def _raise(errors):
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ConfigErrors(errors)


def _read_project(config_dir, environ):
    """``(ProjectConfig or None, [ConfigError], roots or None)`` for a config folder.

    The roots are returned when they alone are valid, so the templates can be
    checked even when other keys of ``project.yml`` are wrong.
    """
    path = os.path.join(config_dir, PROJECT_FILE)
    try:
        settings = load_config_file(path, config_dir, environ)
    except ConfigError as exc:
        return None, [exc], None
    errors = []
    root = os.path.dirname(config_dir)
    _check_keys(settings, errors)

    name = settings.get("name")
    if name is None:
        errors.append(ConfigError("required key 'name' is missing (the project's code name)",
                                  settings.source, settings.line, "name"))
    elif not isinstance(name, six.string_types) or not name.strip():
        errors.append(_error(settings, "name", "must be a non-empty string"))
    else:
        _check_name(settings, name, errors)
    from toolkit.config.checks import check_project_sections
    check_project_sections(settings, errors)

    before = len(errors)
    roots = _collect(errors, _roots, settings, root, environ)
    if len(errors) > before:
        roots = None
    store = _collect(errors, _store_settings, settings, root, environ)
    bundle_paths = _collect(errors, _bundle_paths, settings, config_dir, environ)
    _collect(errors, _publish, settings, config_dir, environ)
    if errors:
        return None, errors, roots
    return ProjectConfig(config_dir, settings, roots, store, bundle_paths), errors, roots


#: The ``publish:`` settings of project.yml and their defaults (docs/store.md).
PUBLISH_DEFAULTS = {"read_only": False, "flush": True}


def publish_setting(settings, name):
    """Boolean ``publish.<name>`` of project.yml's ``settings`` (its default when
    absent); ConfigError naming file and line when it is not true or false."""
    block = settings.get("publish") or {}
    value = block.get(name, PUBLISH_DEFAULTS[name]) if isinstance(block, dict) else None
    if not isinstance(value, bool):
        if not isinstance(block, dict):
            raise _error(settings, "publish", "must be a mapping such as {read_only: false}")
        raise _error(block, name, "must be true or false, not %r" % (value,),
                     "publish.%s" % name)
    return value


def _check_name(settings, name, errors):
    # The name is the Project's code in the store: the rule of every code.
    from toolkit.config.create import check_project_name
    try:
        check_project_name(name)
    except ReelkitError as exc:
        errors.append(_error(settings, "name", str(exc)))


def _publish(settings, base, environ, errors):
    block = settings.get("publish")
    if block is None:
        return
    if not isinstance(block, dict):
        errors.append(_error(settings, "publish", "must be a mapping such as {read_only: false}"))
        return
    for key in block:
        if key not in PUBLISH_DEFAULTS:
            errors.append(_error(block, key, "unknown publish setting (known: %s)"
                                 % ", ".join(sorted(PUBLISH_DEFAULTS)), "publish.%s" % key))
    for name in sorted(PUBLISH_DEFAULTS):
        try:
            publish_setting(settings, name)
        except ConfigError as exc:
            errors.append(exc)


def _collect(errors, reader, settings, base, environ):
    found = []
    result = reader(settings, base, environ, found)
    errors.extend(found)
    return result


def _error(container, key, message, entry=None):
    source, line = where(container, key)
    return ConfigError(message, source, line, entry or key)


def _check_keys(settings, errors):
    for key in settings:
        if not isinstance(key, six.string_types):
            errors.append(_error(settings, key, "keys must be strings", str(key)))
        elif key not in KNOWN_KEYS and not key.startswith("_"):
            from toolkit.config.checks import did_you_mean
            errors.append(_error(settings, key, "unknown key; %sknown keys: %s"
                                 % (did_you_mean(key, KNOWN_KEYS), ", ".join(KNOWN_KEYS))))


def _roots(settings, project_root, environ, errors):
    roots = {}
    value = settings.get("roots")
    if value is None:
        errors.append(ConfigError("required key 'roots' is missing (name -> folder)",
                                  settings.source, settings.line, "roots"))
        return roots
    if not isinstance(value, dict) or not value:
        errors.append(_error(settings, "roots", "must be a mapping of root name -> folder"))
        return roots
    os_name = current_os()
    for name, entry in value.items():
        entry_key = "roots.%s" % name
        if isinstance(entry, dict):
            unknown = [k for k in entry if k not in OS_NAMES]
            for key in unknown:
                from toolkit.config.checks import did_you_mean
                errors.append(_error(entry, key, "unknown operating system; %suse %s"
                                     % (did_you_mean(str(key), OS_NAMES), ", ".join(OS_NAMES)),
                                     "%s.%s" % (entry_key, key)))
            if unknown:
                continue
            if os_name not in entry:
                errors.append(_error(value, name, "no folder for this operating system (%s)"
                                     % os_name, entry_key))
                continue
            container, key, folder = entry, os_name, entry[os_name]
            entry_key = "%s.%s" % (entry_key, os_name)
        else:
            container, key, folder = value, name, entry
        if not isinstance(folder, six.string_types) or not folder:
            errors.append(_error(container, key, "must be a folder path, or a mapping "
                                 "linux/darwin/windows -> folder path", entry_key))
            continue
        source, line = where(container, key)
        try:
            folder = expand_variables(folder, None, environ, source, line, entry_key)
        except ConfigError as exc:
            errors.append(exc)
            continue
        roots[name] = _absolute(folder, project_root)
    return roots


def _store_settings(settings, project_root, environ, errors):
    value = settings.get("store")
    if value is None:
        value = {}
    elif not isinstance(value, dict):
        errors.append(_error(settings, "store", "must be a mapping (backend, path, ...)"))
        return {}
    store = dict(value)
    store.setdefault("backend", "sqlite")
    if not isinstance(store["backend"], six.string_types):
        errors.append(_error(value, "backend", "must be a backend name such as sqlite or postgres",
                             "store.backend"))
    for secret, named_by in (("password", "password_env"), ("passwd", "password_env"),
                             ("api_key", "key_env"), ("key", "key_env"),
                             ("script_key", "key_env"), ("login", "login_env")):
        if secret in store:
            errors.append(_error(value, secret, "never write a credential in the config; name "
                                 "an environment variable holding it with %r" % named_by,
                                 "store.%s" % secret))
    if store["backend"] == "sqlite":
        path = store.get("path", DEFAULT_STORE_PATH)
        if not isinstance(path, six.string_types) or not path:
            errors.append(_error(value, "path", "must be a file path", "store.path"))
            return store
        source, line = where(value, "path") if "path" in value else (None, None)
        try:
            path = expand_variables(path, None, environ, source, line, "store.path")
        except ConfigError as exc:
            errors.append(exc)
            return store
        store["path"] = _absolute(path, project_root)
    elif store["backend"] in ("kitsu", "shotgrid"):  # a tracker's local read cache
        cache = store.get("cache", os.path.join(".reelkit", "%s-cache.sqlite" % store["backend"]))
        if cache is False and store["backend"] == "shotgrid":
            return store  # every read asks the site
        if not isinstance(cache, six.string_types) or not cache:
            errors.append(_error(value, "cache", "must be a file path%s" % (
                " (or false)" if store["backend"] == "shotgrid" else ""), "store.cache"))
            return store
        store["cache"] = _absolute(cache, project_root)
    return store


def _bundle_paths(settings, config_dir, environ, errors):
    value = settings.get("bundle_paths")
    if value is None:
        return []
    if isinstance(value, six.string_types):
        value = [value]
    if not isinstance(value, list):
        errors.append(_error(settings, "bundle_paths", "must be a folder or a list of folders"))
        return []
    paths = []
    for index, folder in enumerate(value):
        key = "bundle_paths.%d" % index
        source, line = where(value, index) if hasattr(value, "item_line") else where(settings, "bundle_paths")
        if not isinstance(folder, six.string_types):
            errors.append(ConfigError("must be a folder path", source, line, key))
            continue
        try:
            folder = expand_variables(folder, {"config": config_dir}, environ, source, line, key)
        except ConfigError as exc:
            errors.append(exc)
            continue
        paths.append(_absolute(folder, config_dir))
    return paths


def _absolute(folder, base):
    # "../shared" beside a project reached through a link is the link target's
    # sibling, as the OS reads it (toolkit.roots.resolve_parent_refs).
    from toolkit.roots import resolve_parent_refs
    return os.path.normpath(resolve_parent_refs(os.path.join(base, os.path.expanduser(folder))))
