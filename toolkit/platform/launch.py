"""Launching a host with Reelkit: which executable, which environment, a log.

**The executable** comes from ``launchers:`` at the top of the picked
environment file, else of project.yml (the default config keeps it in
``env/includes/common.yml``)::

    launchers:
      maya:
        linux: /usr/autodesk/maya2024/bin/maya       # or a list: first existing wins
        windows: C:/Program Files/Autodesk/Maya2024/bin/maya.exe
        python: "3.10"                               # the host's Python (optional)
        args: [-noAutoloadPlugins]                   # optional, every OS
        versions:                                    # optional: side by side,
          "2022": {linux: /usr/autodesk/maya2022/bin/maya, python: "2.7"}   # --version 2022

Without ``--version`` the top-level entry is used; when it names no executable
for this OS (or there is no entry), the usual install places of the host are
scanned (:data:`INSTALL_PLACES`, or ``launch.scan`` of the engine manifest) and
the newest version found wins.

**The environment** starts from the caller's, cleaned of everything that would
make the host's own interpreter load another interpreter's packages
(:data:`CLEANED`, and a virtualenv's ``bin`` folder on ``PATH``). Reelkit then
sets ``REELKIT_PROJECT`` (the config folder), ``REELKIT_CONTEXT``,
``REELKIT_ENGINE``, ``REELKIT_HOST_PYTHON`` (the root of the host-Python
folders, :mod:`toolkit.platform.hostpython`), ``REELKIT_OPEN_FILE`` (a scene
to open once the engine runs, ``--open``) and ``PYTHONPATH`` (the engine's
startup folder when its manifest says so, Reelkit, and the prepared folder of
the host's Python version when it is known). ``--explain`` prints every
variable with the reason.

How the engine's startup script gets found is declared by the engine bundle's
``manifest.yml`` (never by importing the engine, which may import its host)::

    launch:
      startup: startup                  # folder in the bundle (the default)
      paths:                            # prepended to these path variables
        MAYA_SCRIPT_PATH: ["{startup}"]
      env: {}                           # variables set outright
      args: []                          # after the executable, e.g. [--python, "{startup}/x.py"]
      scan: {linux: [/opt/myhost*/bin/myhost]}   # install places (optional)

The command line is the executable, the launcher's ``args``, the manifest's
``args``, then the host arguments given after ``--``. The host's output goes to
a log file per launch (:func:`log_folder`).
"""

from __future__ import print_function

import glob
import os
import re
import subprocess
import sys
import tempfile
import time

import six

from toolkit.errors import ConfigError
from toolkit.platform import hostpython
from toolkit.platform.discovery import REPO_ROOT, BundleIndex
from toolkit.platform.errors import LaunchError

#: Variables removed from the environment a host inherits, and why.
CLEANED = (
    ("PYTHONPATH", "the launching interpreter's module path; Reelkit sets its own"),
    ("PYTHONHOME", "would point the host's Python at another installation"),
    ("PYTHONSTARTUP", "an interactive start file of the caller"),
    ("PYTHONUSERBASE", "the caller's user site-packages"),
    ("PYTHONEXECUTABLE", "the caller's interpreter"),
    ("__PYVENV_LAUNCHER__", "the caller's virtualenv"),
    ("VIRTUAL_ENV", "the caller's virtualenv: its packages are for another interpreter"),
    ("CONDA_PREFIX", "the caller's conda environment"),
    ("CONDA_DEFAULT_ENV", "the caller's conda environment"),
    ("QT_API", "the host picks its own Qt binding"),
    ("REELKIT_CONTEXT", "replaced by this launch"),
)

#: Where hosts are usually installed, per engine and OS (globs, newest wins).
INSTALL_PLACES = {
    "maya": {"linux": ["/usr/autodesk/maya*/bin/maya"],
             "darwin": ["/Applications/Autodesk/maya*/Maya.app/Contents/bin/maya"],
             "windows": ["C:/Program Files/Autodesk/Maya*/bin/maya.exe"]},
    "nuke": {"linux": ["/usr/local/Nuke*/Nuke*.*", "/opt/Nuke*/Nuke*.*"],
             "darwin": ["/Applications/Nuke*/Nuke*.app/Contents/MacOS/Nuke*.*"],
             "windows": ["C:/Program Files/Nuke*/Nuke*.exe"]},
    "houdini": {"linux": ["/opt/hfs*/bin/houdini"],
                "darwin": ["/Applications/Houdini/Houdini*/Frameworks/Houdini.framework/"
                           "Versions/Current/Resources/bin/houdini"],
                "windows": ["C:/Program Files/Side Effects Software/Houdini*/bin/houdini.exe"]},
    "blender": {"linux": ["/opt/blender*/blender", "~/blender*/blender", "/usr/bin/blender",
                          "/snap/bin/blender"],
                "darwin": ["/Applications/Blender*.app/Contents/MacOS/Blender"],
                "windows": ["C:/Program Files/Blender Foundation/Blender*/blender.exe"]},
}

LOG_VARIABLE = "REELKIT_LOG_DIR"
OPEN_VARIABLE = "REELKIT_OPEN_FILE"


class HostExecutable(object):
    """The executable chosen for a host, and where that choice came from."""

    def __init__(self, path, found, args=(), version=None, python=None, source=None):
        self.path = path
        self.found = found        # False: configured, but not on this machine
        self.args = list(args)
        self.version = version    # "2024", "4.2", or None
        self.python = python      # the host's Python version ("3.11") when known
        self.source = source      # "config/env/includes/common.yml:58 launchers.maya"


class LaunchPlan(object):
    """A host command line and the environment Reelkit makes for it."""

    def __init__(self, engine_name, host, argv, changes, removed, reasons, environ,
                 declared=True):
        self.engine_name = engine_name
        self.declared = declared      # False when the manifest has no launch: block
        self.host = host              # HostExecutable
        self.executable = host.path
        self.found = host.found
        self.argv = argv
        self.changes = changes        # {variable: value} Reelkit set or changed
        self.removed = removed        # {variable: why} taken out of the inherited environment
        self.reasons = reasons        # {variable: why} for every change
        self.environ = environ        # the complete environment for the host
        self.log_path = None
        self.process = None
        self.returncode = None

    def describe(self):
        """The command and changed variables, as ``--dry-run`` prints them."""
        lines = ["# environment"]
        lines.extend("%s=%s" % (k, self.changes[k]) for k in sorted(self.changes))
        lines.append("# command")
        lines.append(" ".join(_quote(a) for a in self.argv))
        lines.extend(self._warnings())
        return "\n".join(lines)

    def explain(self):
        """Every variable set or removed and why, the executable's origin, the command."""
        lines = ["# executable: %s" % self.executable,
                 "#   from %s" % (self.host.source or "?")]
        if self.host.version:
            lines.append("#   version %s" % self.host.version)
        lines.append("#   host Python: %s" % (self.host.python or
                                               "unknown (set `python:` in launchers)"))
        lines.append("# removed from the inherited environment")
        lines.extend("unset %s  # %s" % (k, self.removed[k]) for k in sorted(self.removed))
        lines.append("# set")
        for name in sorted(self.changes):
            lines.append("%s=%s" % (name, self.changes[name]))
            lines.append("    # %s" % self.reasons.get(name, ""))
        lines.append("# command")
        lines.append(" ".join(_quote(a) for a in self.argv))
        lines.extend(self._warnings())
        return "\n".join(lines)

    def _warnings(self):
        lines = []
        if not self.declared:
            lines.append("# warning: the %s manifest has no launch: block: the host will not"
                         " find the engine's startup script" % self.engine_name)
        if not self.found:
            lines.append("# warning: executable %s not found" % self.executable)
        if not self.host.python and not hostpython.is_checkout():
            lines.append("# warning: the host's Python version is unknown (launchers.%s.python):"
                         " an installed Reelkit cannot reach it" % self.engine_name)
        return lines


def plan_launch(engine_name, context, project, environ=None, index=None, version=None,
                host_args=(), host_python_root=None, open_file=None):
    """The :class:`LaunchPlan` for ``engine_name`` in ``context`` (nothing started)."""
    from toolkit.platform.environment import pick_environment
    inherited = dict(os.environ if environ is None else environ)
    index = index or BundleIndex(project)
    info = index.get(engine_name)
    if info is None:
        raise LaunchError("no engine bundle called %r" % engine_name)
    env_name = pick_environment(project, context)
    launch = info.manifest.launch or {}
    host = find_host(engine_name, project, project.environments[env_name], inherited,
                     version=version, scan=launch.get("scan"))
    environ, removed = clean_environment(inherited)
    edited = {}
    if "PATH" in removed:  # not removed: edited
        edited["PATH"] = removed.pop("PATH")
    startup = os.path.join(info.path, launch.get("startup", "startup"))
    root = host_python_root or hostpython.default_root(inherited)
    startup = _startup_in_host_python(startup, host.python, root)
    expand = lambda text: str(text).replace("{startup}", startup)
    changes = {
        "REELKIT_PROJECT": project.config_dir,
        "REELKIT_CONTEXT": context.serialize(),
        "REELKIT_ENGINE": engine_name,
        hostpython.ROOT_VARIABLE: root,
    }
    reasons = {
        "REELKIT_PROJECT": "the project config folder the engine loads",
        "REELKIT_CONTEXT": "the context %s, serialized" % (context,),
        "REELKIT_ENGINE": "the engine the startup script starts",
        hostpython.ROOT_VARIABLE: "host-Python folders; inside the host, py<version> of its "
                                  "Python is added to sys.path (toolkit.bootstrap)",
    }
    paths = dict((k, [expand(e) for e in (v if isinstance(v, list) else [v])])
                 for k, v in (launch.get("paths") or {}).items())
    for variable in paths:
        reasons[variable] = "the %s engine's startup folder (its manifest's launch.paths)" % (
            engine_name)
    if host.python:
        own = hostpython.host_paths(host.python, root)
    else:  # an installed Reelkit's folder is a whole site-packages: never handed over
        own = [REPO_ROOT] if hostpython.is_checkout() else []
    python_path = paths.setdefault("PYTHONPATH", [])
    python_path.extend(p for p in own if p not in python_path)
    reasons["PYTHONPATH"] = ((reasons.get("PYTHONPATH", "") + "; ") if "PYTHONPATH" in
                             reasons else "") + (
        "Reelkit and its dependencies prepared for Python %s" % host.python if host.python
        else "Reelkit (host Python unknown: its dependencies come from "
             "%s/py<version>)" % root)
    for variable, why in edited.items():
        changes[variable] = environ[variable]
        reasons[variable] = why
    for variable, entries in sorted(paths.items()):
        changes[variable] = _prepend(entries, environ.get(variable, ""))
    if open_file:
        changes[OPEN_VARIABLE] = os.path.abspath(open_file)
        reasons[OPEN_VARIABLE] = "the file the engine opens once started (toolkit.bootstrap)"
    for variable, value in (launch.get("env") or {}).items():
        changes[variable] = expand(value)
        reasons[variable] = "set by the %s engine's manifest (launch.env)" % engine_name
    argv = ([host.path] + list(host.args) + [expand(a) for a in launch.get("args") or []]
            + list(host_args))
    environ.update(changes)
    return LaunchPlan(engine_name, host, argv, changes, removed, reasons, environ,
                      bool(launch))


def _startup_in_host_python(startup, python, root):
    """The startup folder the host runs. An installed Reelkit lives in a
    site-packages full of packages built for another interpreter; a startup
    script finds Reelkit beside itself, so the host must run the copy in the
    host-Python folder (:func:`hostpython.prepare` copies Reelkit there), never
    the one in site-packages. A checkout is run in place."""
    if not python or hostpython.is_checkout():
        return startup
    relative = os.path.relpath(startup, REPO_ROOT)
    if relative.startswith(os.pardir):
        return startup  # a studio engine from bundle_paths: not part of Reelkit
    return os.path.join(hostpython.folder_for(python, root), relative)


def launch(engine_name, context, project, dry_run=False, explain=False, wait=False,
           version=None, host_args=(), out=None, environ=None, log_dir=None,
           host_python_root=None, prepare_python=True, open_file=None):
    """Start the host; return the plan (``log_path``, ``process``, ``returncode``).

    ``dry_run`` prints the plan (``explain``: every variable and why) and
    starts nothing. ``open_file``: a scene the engine opens once started.
    Otherwise the host's Python folder is prepared when
    missing, the host starts with its output in a log file, and with ``wait``
    this returns when it exits. A host that cannot start, or (``wait``) that
    exits with an error, raises one :class:`LaunchError` naming the log.
    """
    if open_file and not os.path.isfile(open_file):
        raise LaunchError("cannot open %s in %s: no such file" % (open_file, engine_name))
    plan = plan_launch(engine_name, context, project, environ=environ, version=version,
                       host_args=host_args, host_python_root=host_python_root,
                       open_file=open_file)
    if dry_run or explain:
        print(plan.explain() if explain else plan.describe(), file=out)
        if dry_run:
            return plan
    if not plan.found:
        raise LaunchError("cannot launch %s: executable %s not found (from %s)" % (
            engine_name, plan.executable, plan.host.source))
    if not plan.host.python and not hostpython.is_checkout():
        raise LaunchError("cannot launch %s: Reelkit is installed, so the host needs its own "
                          "copy for its Python version: add `python: \"3.11\"` (the host's "
                          "version) to %s" % (engine_name, plan.host.source))
    root = plan.changes[hostpython.ROOT_VARIABLE]
    if plan.host.python and prepare_python and not hostpython.is_prepared(plan.host.python,
                                                                          root):
        hostpython.prepare(plan.host.python, root,
                           out=lambda line: print("reelkit: " + line, file=sys.stderr))
    plan.log_path = _new_log(engine_name, log_dir, plan.environ)
    log = open(plan.log_path, "ab")
    try:
        log.write(("# reelkit launch %s\n%s\n# host output\n" % (
            engine_name, plan.explain())).encode("utf-8"))
        log.flush()
        try:
            plan.process = subprocess.Popen(plan.argv, env=plan.environ, stdout=log,
                                            stderr=subprocess.STDOUT, stdin=_stdin(),
                                            **_detach_options(wait))
        except OSError as exc:
            log.write(("# could not start: %s\n" % exc).encode("utf-8"))
            raise LaunchError("cannot start %s (%s): %s; log: %s" % (
                engine_name, plan.executable, exc.strerror or exc, plan.log_path))
    finally:
        log.close()
    if wait:
        plan.returncode = plan.process.wait()
        if plan.returncode != 0:
            raise LaunchError("%s exited with status %d; log: %s" % (
                engine_name, plan.returncode, plan.log_path))
    return plan


def _detach_options(wait):
    """Popen options: a host started without ``--wait`` outlives the terminal or
    Launcher that started it (its own session, so closing the terminal's SIGHUP
    and a Ctrl-C there do not reach it); with ``--wait`` Ctrl-C reaches both."""
    if os.name == "nt":  # Python 2 refuses close_fds with redirected output there
        return {"creationflags": 0x00000200} if not wait else {}  # CREATE_NEW_PROCESS_GROUP
    options = {"close_fds": True}
    if not wait:
        options["preexec_fn"] = os.setsid  # start_new_session does not exist on Python 2
    return options


def _stdin():
    # The host must not read the launching terminal (a background Blender would
    # wait on it); Python 2 has no subprocess.DEVNULL.
    return getattr(subprocess, "DEVNULL", None) or open(os.devnull, "rb")


def log_folder(environ=None):
    """``$REELKIT_LOG_DIR``, else ``reelkit/logs`` in the user's cache folder."""
    environ = os.environ if environ is None else environ
    if environ.get(LOG_VARIABLE):
        return environ[LOG_VARIABLE]
    return os.path.join(os.path.dirname(hostpython.default_root(environ)), "logs")


def _new_log(engine_name, log_dir, environ):
    folder = log_dir or log_folder(environ)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    # mkstemp: two launches in the same second (the Launcher panel) never share a log
    handle, path = tempfile.mkstemp(prefix="launch-%s-%s-" % (engine_name, stamp),
                                    suffix=".log", dir=folder)
    os.close(handle)
    return path


def clean_environment(environ):
    """``(environment, removed)``: ``environ`` without what would leak another Python in."""
    result = dict(environ)
    removed = {}
    for name, why in CLEANED:
        if name in result:
            del result[name]
            removed[name] = why
    venvs = set()
    if environ.get("VIRTUAL_ENV"):
        venvs.add(environ["VIRTUAL_ENV"])
    if sys.prefix != getattr(sys, "base_prefix", getattr(sys, "real_prefix", sys.prefix)):
        venvs.add(sys.prefix)  # reelkit itself runs in a virtualenv
    if venvs and result.get("PATH"):
        bins = set(os.path.normcase(os.path.join(v, d)) for v in venvs for d in ("bin", "Scripts"))
        kept, dropped = [], []
        for folder in result["PATH"].split(os.pathsep):
            (dropped if os.path.normcase(folder.rstrip("/\\")) in bins else kept).append(folder)
        if dropped:
            result["PATH"] = os.pathsep.join(kept)
            removed["PATH"] = "the caller's, without the virtualenv folder%s %s" % (
                "s" if len(dropped) > 1 else "", ", ".join(dropped))
    return result, removed


def find_host(engine_name, project, env, environ, version=None, scan=None):
    """The :class:`HostExecutable` for ``engine_name`` (see the module docstring)."""
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
        label = "%s:%s %s" % (source, line, key)
        if version is not None:
            versions = entry.get("versions") or {}
            chosen = versions.get(version)
            if chosen is None:
                chosen = dict((str(k), v) for k, v in versions.items()).get(str(version))
            if chosen is not None:
                if isinstance(chosen, six.string_types):
                    chosen = {system: chosen}
                merged = dict((k, v) for k, v in entry.items() if k != "versions")
                merged.update(chosen)
                return _from_entry(merged, system, environ, "%s.versions.%s" % (label, version),
                                   str(version))
            found = _scan(engine_name, system, scan, version)
            if found is not None:
                return found
            raise LaunchError("%s has no version %r (has: %s) and none was found in the "
                              "install places" % (label, version, ", ".join(
                                  sorted(str(v) for v in versions)) or "none"))
        if entry.get(system):
            return _from_entry(entry, system, environ, label, None)
        found = _scan(engine_name, system, scan, None)
        if found is not None:
            return found
        raise LaunchError("%s has no executable for %s (has: %s) and none was found in the "
                          "install places" % (label, system, ", ".join(
                              sorted(k for k in entry if k in ("linux", "darwin", "windows")))))
    found = _scan(engine_name, system, scan, version)
    if found is not None:
        return found
    raise LaunchError("no launcher for engine %r%s: add `launchers: {%s: {%s: /path/to/executable}}`"
                      " to project.yml or the environment file" % (
                          engine_name, " version %s" % version if version else "", engine_name,
                          system))


_ENTRY_KEYS = ("linux", "darwin", "windows", "python", "args", "versions")


def check_launchers(project):
    """Every problem of the ``launchers:`` blocks of ``project.yml`` and the
    environment files (for ``validate-config``): unknown keys, a ``python`` that is
    no supported version, ``args`` that is no list, ``versions`` that is no mapping."""
    from toolkit.config.includes import where
    problems = []
    containers = [getattr(project, "settings", None) or {}]
    containers += [project.environments[name] for name in sorted(project.environments)]
    seen = set()
    for container in containers:
        launchers = container.get("launchers")
        if launchers is None:
            continue
        if not isinstance(launchers, dict):
            source, line = where(container, "launchers")
            problems.append(ConfigError("launchers must be a mapping engine -> executables",
                                        source, line, "launchers"))
            continue
        for engine_name, entry in launchers.items():
            key = "launchers.%s" % engine_name
            problems.extend(_check_entry(launchers, engine_name, entry, key, True, seen))
    return problems


def _check_entry(container, name, entry, key, top, seen):
    from toolkit.config.includes import where
    source, line = where(container, name)
    if (source, line, key) in seen:  # a block included by several environment files
        return []
    seen.add((source, line, key))
    if isinstance(entry, six.string_types):
        return []
    if not isinstance(entry, dict):
        return [ConfigError("expected a path or {linux: ..., darwin: ..., windows: ..., "
                            "python: ..., args: [...]}", source, line, key)]
    problems = []
    for field, value in entry.items():
        where_field = where(entry, field)
        if field not in _ENTRY_KEYS or (field == "versions" and not top):
            problems.append(ConfigError("unknown key (known: %s)" % ", ".join(
                _ENTRY_KEYS if top else _ENTRY_KEYS[:-1]), where_field[0], where_field[1],
                "%s.%s" % (key, field)))
        elif field == "python":
            try:
                hostpython.parse_version(value)
            except LaunchError as exc:
                problems.append(ConfigError(str(exc), where_field[0], where_field[1],
                                            key + ".python"))
        elif field == "args" and not isinstance(value, list):
            problems.append(ConfigError("args must be a list", where_field[0], where_field[1],
                                        key + ".args"))
        elif field == "args":
            # each is one word of the command line: text or a number, nothing else
            for index, word in enumerate(value):
                if word is None or isinstance(word, (bool, dict, list)):
                    problems.append(ConfigError(
                        "args[%d] must be a word of the command line (text or a number), got %s"
                        % (index, "nothing" if word is None else "a mapping"
                           if isinstance(word, dict) else "a list"
                           if isinstance(word, list) else "true/false"),
                        where_field[0], where_field[1], key + ".args"))
        elif field == "versions":
            if not isinstance(value, dict):
                problems.append(ConfigError("versions must be a mapping version -> entry",
                                            where_field[0], where_field[1], key + ".versions"))
                continue
            for version, sub in value.items():
                problems.extend(_check_entry(value, version, sub, "%s.versions.%s" % (
                    key, version), False, seen))
    return problems


def find_executable(engine_name, project, env, environ):
    """``(path, args, found)`` of :func:`find_host` (the older form)."""
    host = find_host(engine_name, project, env, environ)
    return host.path, host.args, host.found


def _from_entry(entry, system, environ, label, version):
    candidates = entry.get(system)
    if not candidates:
        raise LaunchError("%s has no executable for %s" % (label, system))
    if isinstance(candidates, six.string_types):
        candidates = [candidates]
    args = entry.get("args") or []
    if not isinstance(args, list):
        raise ConfigError("args must be a list", None, None, label + ".args")
    python = entry.get("python")
    if python is not None:
        python = "%d.%d" % hostpython.parse_version(python)
    for candidate in candidates:
        path = _which(os.path.expandvars(os.path.expanduser(str(candidate))), environ)
        if path:
            return HostExecutable(path, True, [str(a) for a in args], version, python, label)
    return HostExecutable(str(candidates[0]), False, [str(a) for a in args], version, python,
                          label)


def _scan(engine_name, system, scan, version):
    """The newest (or ``version``) install of the host found in its install places."""
    patterns = (scan or {}).get(system) if isinstance(scan, dict) else None
    patterns = patterns or INSTALL_PLACES.get(engine_name, {}).get(system) or []
    found = []
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.expanduser(pattern))):
            if os.path.isfile(path) and os.access(path, os.X_OK):
                found.append((_version_key(path), path))
    if version is not None:
        found = [item for item in found if _version_text(item[1]) == str(version)]
    if not found:
        return None
    key, path = max(found)
    return HostExecutable(path, True, (), _version_text(path) or None, None,
                          "install places of %s (%s)" % (engine_name, ", ".join(patterns)))


def _version_text(path):
    """The version in an install path: the first number of the last folder holding one
    (maya2024 -> 2024, blender-4.2.1-linux-x64 -> 4.2.1, Nuke15.0v4 -> 15.0)."""
    for folder in reversed(path.replace("\\", "/").split("/")[:-1]):
        match = re.search(r"\d+(?:\.\d+)*", folder)
        if match:
            return match.group(0)
    return ""


def _version_key(path):
    return tuple(int(part) for part in _version_text(path).split(".") if part)


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
