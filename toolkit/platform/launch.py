"""Launching a host with Reelkit: its command line and environment.

The executable comes from the project config, per OS, from ``launchers:`` at
the top of the picked environment file or else of project.yml::

    launchers:
      maya:
        linux: /usr/autodesk/maya2024/bin/maya       # or a list: first existing wins
        windows: C:/Program Files/Autodesk/Maya2024/bin/maya.exe
        args: [-noAutoloadPlugins]                   # optional, every OS

How the engine's startup script gets found is declared by the engine bundle's
``manifest.yml`` (never by importing the engine, which may import its host)::

    launch:
      startup: startup                  # folder in the bundle (the default)
      paths:                            # prepended to these path variables
        MAYA_SCRIPT_PATH: ["{startup}"]
        PYTHONPATH: ["{startup}"]
      env: {}                           # variables set outright
      args: []                          # after the executable, e.g. [--python, "{startup}/x.py"]

Path variables are joined with ``os.pathsep``; an entry ``&`` (Houdini's
"the default path") is kept once, at the end. Every host also gets
``REELKIT_PROJECT``, ``REELKIT_CONTEXT``, ``REELKIT_ENGINE`` and Reelkit itself
on ``PYTHONPATH``; ``toolkit.bootstrap.bootstrap_from_environment`` reads them.
"""

from __future__ import print_function

import os
import subprocess

import six

from toolkit.errors import ConfigError
from toolkit.platform.discovery import REPO_ROOT, BundleIndex
from toolkit.platform.errors import LaunchError


class LaunchPlan(object):
    """A host command line and the environment variables Reelkit sets for it."""

    def __init__(self, engine_name, executable, found, argv, changes, environ, declared=True):
        self.engine_name = engine_name
        self.declared = declared      # False when the manifest has no launch: block
        self.executable = executable
        self.found = found            # False when the executable does not exist
        self.argv = argv
        self.changes = changes        # {variable: value} Reelkit set or changed
        self.environ = environ        # the complete environment for the host

    def describe(self):
        """The command and changed variables, as ``--dry-run`` prints them."""
        lines = ["# environment"]
        lines.extend("%s=%s" % (k, self.changes[k]) for k in sorted(self.changes))
        lines.append("# command")
        lines.append(" ".join(_quote(a) for a in self.argv))
        if not self.declared:
            lines.append("# warning: the %s manifest has no launch: block: the host will not"
                         " find the engine's startup script" % self.engine_name)
        if not self.found:
            lines.append("# warning: executable %s not found" % self.executable)
        return "\n".join(lines)


def plan_launch(engine_name, context, project, environ=None, index=None):
    """The :class:`LaunchPlan` for ``engine_name`` in ``context`` (nothing started)."""
    from toolkit.platform.environment import pick_environment
    environ = dict(os.environ if environ is None else environ)
    index = index or BundleIndex(project)
    info = index.get(engine_name)
    if info is None:
        raise LaunchError("no engine bundle called %r" % engine_name)
    env_name = pick_environment(project, context)
    executable, extra_args, found = find_executable(engine_name, project,
                                                    project.environments[env_name], environ)
    launch = info.manifest.launch
    startup = os.path.join(info.path, launch.get("startup", "startup"))
    expand = lambda text: str(text).replace("{startup}", startup)
    changes = {
        "REELKIT_PROJECT": project.config_dir,
        "REELKIT_CONTEXT": context.serialize(),
        "REELKIT_ENGINE": engine_name,
    }
    paths = dict((k, [expand(e) for e in (v if isinstance(v, list) else [v])])
                 for k, v in (launch.get("paths") or {}).items())
    paths.setdefault("PYTHONPATH", [])
    if REPO_ROOT not in paths["PYTHONPATH"]:
        paths["PYTHONPATH"].append(REPO_ROOT)  # the host's Python must find toolkit
    for variable, entries in sorted(paths.items()):
        changes[variable] = _prepend(entries, environ.get(variable, ""))
    for variable, value in (launch.get("env") or {}).items():
        changes[variable] = expand(value)
    argv = [executable] + list(extra_args) + [expand(a) for a in launch.get("args") or []]
    environ.update(changes)
    return LaunchPlan(engine_name, executable, found, argv, changes, environ, bool(launch))


def launch(engine_name, context, project, dry_run=False, out=None):
    """Start the host (or, with ``dry_run``, print what would run); return the plan."""
    plan = plan_launch(engine_name, context, project)
    if dry_run:
        print(plan.describe(), file=out)
        return plan
    if not plan.found:
        raise LaunchError("cannot launch %s: executable %s not found" % (engine_name,
                                                                          plan.executable))
    plan.process = subprocess.Popen(plan.argv, env=plan.environ)
    return plan


def find_executable(engine_name, project, env, environ):
    """``(path, args, found)`` from ``launchers:`` of the env file or project.yml."""
    from toolkit.config.includes import where
    from toolkit.config.project import current_os
    system = current_os()
    for container in (env, getattr(project, "settings", None) or {}):
        launchers = container.get("launchers") or {}
        entry = launchers.get(engine_name) if isinstance(launchers, dict) else None
        if entry is None:
            continue
        source, line = where(launchers, engine_name)
        key = "launchers.%s" % engine_name
        if isinstance(entry, six.string_types):
            entry = {system: entry}
        if not isinstance(entry, dict):
            raise ConfigError("expected {linux: path, darwin: path, windows: path, args: [...]}",
                              source, line, key)
        candidates = entry.get(system)
        if not candidates:
            raise LaunchError("%s:%s: %s has no executable for %s (has: %s)" % (
                source, line, key, system, ", ".join(sorted(k for k in entry if k != "args"))))
        if isinstance(candidates, six.string_types):
            candidates = [candidates]
        args = entry.get("args") or []
        if not isinstance(args, list):
            raise ConfigError("args must be a list", source, line, key + ".args")
        for candidate in candidates:
            path = _which(os.path.expandvars(os.path.expanduser(str(candidate))), environ)
            if path:
                return path, [str(a) for a in args], True
        return str(candidates[0]), [str(a) for a in args], False
    raise LaunchError("no launcher for engine %r: add `launchers: {%s: {%s: /path/to/executable}}`"
                      " to project.yml or the environment file" % (engine_name, engine_name,
                                                                   system))


def _which(candidate, environ):
    if os.path.dirname(candidate):
        return candidate if os.path.isfile(candidate) else None
    for folder in environ.get("PATH", "").split(os.pathsep):
        path = os.path.join(folder, candidate)
        if folder and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def _prepend(entries, current):
    """``entries`` + ``current`` path list, without repeats, ``&`` last."""
    result = []
    for item in list(entries) + (current.split(os.pathsep) if current else []):
        if item and item != "&" and item not in result:
            result.append(item)
    if "&" in entries or "&" in current.split(os.pathsep):
        result.append("&")
    return os.pathsep.join(result)


def _quote(arg):
    return arg if arg and all(c.isalnum() or c in "/._-=:,+@%" for c in arg) else "'%s'" % (
        arg.replace("'", "'\\''"))
