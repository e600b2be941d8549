"""Environments: which engine runs which apps with which settings, per context.

An environment is one ``env/*.yml`` of the project config::

    engines:
      maya:
        location: maya          # the engine bundle (default: the key)
        menu_name: Reelkit      # engine settings
        frameworks: {}
        apps:
          loader:               # app instance name
            location: loader    # the app bundle
            actions: {...}      # app settings

The core hook ``hooks/pick_environment.py`` of the config (or the chain in
``core_hooks: {pick_environment: ...}`` of project.yml) names the environment
for a context.
"""

import os

from toolkit.errors import ConfigError, ConfigErrors
from toolkit.platform import hooks
from toolkit.platform.discovery import BundleIndex

PICK_ENVIRONMENT = "{config}/pick_environment.py"
_RESERVED_ENGINE_KEYS = ("location", "apps", "frameworks")


class BundleSetup(object):
    """A bundle the environment asks for, with its checked settings."""

    def __init__(self, instance_name, info, settings):
        self.instance_name = instance_name
        self.info = info
        self.settings = settings


class EnvironmentPlan(object):
    """What to start for one engine in one environment, all settings checked."""

    def __init__(self, env_name, env_path, engine, frameworks, apps):
        self.env_name = env_name
        self.env_path = env_path
        self.engine = engine          # BundleSetup
        self.frameworks = frameworks  # [BundleSetup]
        self.apps = apps              # [BundleSetup]
        self.skipped = []             # [ConfigError] of apps/frameworks left out


def pick_environment(project, context):
    """Name of the environment for ``context``, from the config's core hook."""
    settings = getattr(project, "settings", None) or {}
    spec = (settings.get("core_hooks") or {}).get("pick_environment") or PICK_ENVIRONMENT
    folders = hooks.hook_folders(None, project.hooks_dir, None)
    cls = hooks.load_hook_class(spec, folders)
    name = cls(project).execute(context)
    if name not in project.environments:
        raise ConfigError("pick_environment returned %r for context %s, but the config has "
                          "no env/%s.yml (has: %s)" % (name, context, name,
                                                       ", ".join(sorted(project.environments))),
                          spec)
    return name


def plan_environment(project, context, engine_name, index=None, skip_broken=False):
    """Pick the environment for ``context`` and check it for ``engine_name``.

    Raises the single :class:`ConfigError`, or :class:`ConfigErrors` when
    there are several, before anything is started. With ``skip_broken`` (an
    engine starting), an app or framework whose bundle is not found (not
    installed for this interpreter) is left out and listed in ``plan.skipped``
    instead: it must not take the engine and every other app down with it.
    Its settings, when found, are still checked strictly.
    """
    env_name = pick_environment(project, context)
    problems = []
    plan = build_plan(project, env_name, engine_name, index or BundleIndex(project), problems)
    prefixes = tuple("engines.%s.%s." % (engine_name, kind) for kind in ("apps", "frameworks"))
    skipped = [p for p in problems if skip_broken and getattr(p, "missing_bundle", False)
               and (getattr(p, "key", None) or "").startswith(prefixes)]
    problems = [p for p in problems if p not in skipped]
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ConfigErrors(problems)
    plan.skipped = skipped
    return plan


def check_environment(project, env_name, engine_name=None, index=None):
    """Every problem of environment ``env_name`` (all its engines by default)."""
    from toolkit.config.includes import where as location
    index = index or BundleIndex(project)
    env = project.environments[env_name]
    engines = env.get("engines") or {}
    if not isinstance(engines, dict):
        source, line = location(env, "engines")
        return [ConfigError("engines must be a mapping engine -> settings", source, line,
                            "engines")]
    problems = []
    for name in ([engine_name] if engine_name else list(engines)):
        build_plan(project, env_name, name, index, problems)
    return problems


def check_project(project):
    """Every problem of every environment of ``project`` (for ``validate``)."""
    index = BundleIndex(project)
    problems = []
    for env_name in sorted(project.environments):
        problems.extend(check_environment(project, env_name, index=index))
    return problems


def check_config(project):
    """Every problem a TD should hear of before an artist does (``validate-config``).

    The core hook that picks environments must load (a config without
    ``hooks/pick_environment.py`` only failed at the first ``reelkit apps``),
    then every environment is checked for every engine (:func:`check_project`):
    unknown bundles, unknown settings, values of the wrong type; and the
    ``launchers:`` blocks (:func:`toolkit.platform.launch.check_launchers`).
    """
    from toolkit.config.includes import where as location
    problems = []
    settings = getattr(project, "settings", None) or {}
    core_hooks = settings.get("core_hooks") or {}
    spec = (core_hooks.get("pick_environment") if isinstance(core_hooks, dict) else None) \
        or PICK_ENVIRONMENT
    try:
        hooks.load_hook_class(spec, hooks.hook_folders(None, project.hooks_dir, None))
    except ConfigError as exc:
        if spec == PICK_ENVIRONMENT:
            source, line = os.path.join(project.config_dir, "project.yml"), None
            key = "core_hooks.pick_environment"
        else:
            source, line = location(core_hooks, "pick_environment")
            key = "core_hooks.pick_environment"
        problems.append(ConfigError("the core hook picking environments cannot load (%s): "
                                    "write hooks/pick_environment.py in the config or name "
                                    "one in core_hooks" % (exc.message if hasattr(exc, "message")
                                                            else exc), source, line, key))
    from toolkit.platform.launch import check_launchers
    # A block shared through an include is checked once per environment using
    # it: report each problem once.
    seen = set()
    for problem in check_project(project) + check_launchers(project):
        if str(problem) not in seen:
            seen.add(str(problem))
            problems.append(problem)
    return problems


def build_plan(project, env_name, engine_name, index, problems):
    """The plan for ``engine_name`` in ``env_name``; problems are appended, not raised.

    Returns None when the engine itself cannot be set up.
    """
    from toolkit.config.includes import where as location
    from toolkit.platform.settings import check_settings
    env = project.environments[env_name]
    source = getattr(env, "source", None)
    engines = env.get("engines") or {}
    if not isinstance(engines, dict):
        problems.append(ConfigError("engines must be a mapping engine -> settings", source,
                                    location(env, "engines")[1], "engines"))
        return None
    if engine_name not in engines:
        problems.append(ConfigError(
            "environment %r has no engine %r (has: %s)" % (
                env_name, engine_name, ", ".join(sorted(str(e) for e in engines)) or "none"),
            source, location(env, "engines")[1], "engines"))
        return None
    block = engines[engine_name] or {}
    where = "engines.%s" % engine_name
    if not isinstance(block, dict):
        source, line = location(engines, engine_name)
        problems.append(ConfigError("an engine's block must be a mapping (location, settings, "
                                    "apps)", source, line, where))
        return None
    info = _find(index, block, engine_name, where, problems)
    if info is None:
        return None
    engine_hooks = info.path + "/hooks"
    settings, found = check_settings(info, block, project, engine_hooks, where,
                                     reserved=_RESERVED_ENGINE_KEYS)
    problems.extend(found)
    engine = BundleSetup(engine_name, info, settings)
    frameworks = _children(project, block, "frameworks", engine_name, index, engine_hooks,
                           where, problems)
    apps = _children(project, block, "apps", engine_name, index, engine_hooks, where,
                     problems)
    return EnvironmentPlan(env_name, source, engine, frameworks, apps)


def _children(project, engine_block, key, engine_name, index, engine_hooks, where, problems):
    from toolkit.config.includes import where as location
    from toolkit.platform.settings import check_settings
    blocks = engine_block.get(key) or {}
    if not isinstance(blocks, dict):
        source, line = location(engine_block, key)
        problems.append(ConfigError("%s must be a mapping name -> settings" % key, source,
                                    line, "%s.%s" % (where, key)))
        return []
    result = []
    for instance, block in blocks.items():
        path = "%s.%s.%s" % (where, key, instance)
        if not isinstance(block, dict):
            source, line = location(blocks, instance)
            problems.append(ConfigError("expected a mapping with 'location' and settings",
                                        source, line, path))
            continue
        info = _find(index, block, instance, path, problems)
        if info is None:
            continue
        if not info.manifest.supports(engine_name):
            source, line = location(block, "location")
            problems.append(ConfigError(
                "bundle %r does not support engine %r (supported: %s)" % (
                    info.name, engine_name, ", ".join(info.manifest.supported_engines)),
                source, line, path))
            continue
        settings, found = check_settings(info, block, project, engine_hooks, path)
        problems.extend(found)
        if not found:
            result.append(BundleSetup(instance, info, settings))
    return result


def _find(index, block, default, path, problems):
    from toolkit.config.includes import where as location
    name = block.get("location", default)
    info = index.get(name) if isinstance(name, str) or hasattr(name, "encode") else None
    if info is None:
        source, line = location(block, "location" if "location" in block else None)
        problem = ConfigError("no bundle called %r (searched: %s)" % (
            name, ", ".join(index.search_paths + ["engines/", "apps/", "installed packages"])),
            source, line, path)
        problem.missing_bundle = True  # an engine starts without it (plan_environment)
        problems.append(problem)
    return info
