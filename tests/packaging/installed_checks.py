"""Checks an installed Reelkit (from its wheel or its sdist) in a fresh virtualenv.

Run by ``tests/run`` with the virtualenv's own interpreter, fed on stdin from a
scratch folder so that nothing of the repository is on ``sys.path``::

    cd SCRATCH && VENV/bin/python - REPO < tests/packaging/installed_checks.py

It checks, as a studio would use the install: only Reelkit's own top-level
names were installed; ``reelkit demo`` makes a project from the installed
default config; ``reelkit apps`` and ``reelkit launch --dry-run`` work for every
installed engine, whose startup folder is the installed one; the Loader opens
offscreen through the shell engine and lists the demo's publishes. Python 2.7
and 3. Prints one line per check; exits 1 on the first failure.
"""

from __future__ import print_function

import logging
import os
import re
import subprocess
import sys

CONTEXT = "Shot SQ010/SH010 comp"
OWN_TOP_LEVEL = re.compile(r"^(toolkit|reelkit_\w+|reelkit-[^/]+\.dist-info)$")


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


def run(argv, env=None):
    """``(exit code, stdout + stderr)`` of a command."""
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    out = process.communicate()[0].decode("utf-8", "replace")
    return process.returncode, out


def is_under(path, folder):
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def installed_root(repo):
    """Where ``toolkit`` was imported from; never the repository."""
    # The checkout's own folder must not be importable; a virtualenv that tests/run
    # keeps inside the checkout (.venvs/) is not the checkout.
    check(not any(p and os.path.realpath(p) == os.path.realpath(repo) for p in sys.path),
          "the repository is on sys.path: %s" % sys.path)
    import toolkit
    from toolkit.platform import discovery
    root = os.path.dirname(os.path.dirname(os.path.abspath(toolkit.__file__)))
    check(os.path.realpath(root) != os.path.realpath(repo),
          "toolkit imported from the repository: %s" % root)
    check(discovery.is_installed(root), "%s has no reelkit_engines" % root)
    return root


def own_names_only(root):
    """The distribution's RECORD lists only Reelkit's names at the top of site-packages."""
    records = [os.path.join(root, n, "RECORD") for n in os.listdir(root)
               if n.startswith("reelkit-") and n.endswith(".dist-info")]
    check(len(records) == 1, "expected one reelkit dist-info in %s, found %d"
          % (root, len(records)))
    tops = set()
    with open(records[0]) as handle:
        for line in handle:
            path = line.split(",")[0]
            # The console script: ../../../bin/reelkit in a virtualenv, bin/reelkit in a
            # --target folder.
            if path and not path.startswith("..") and not re.match(r"^bin/reelkit", path):
                tops.add(path.split("/")[0])
    foreign = sorted(t for t in tops if not OWN_TOP_LEVEL.match(t))
    check(not foreign, "installed top-level names that are not Reelkit's: %s" % foreign)
    for generic in ("apps", "engines", "config", "frameworks"):
        check(not os.path.exists(os.path.join(root, generic)),
              "a generic %r was installed in %s" % (generic, root))
    return sorted(tops)


def demo(reelkit, root, folder):
    code, out = run(reelkit + ["demo", folder])
    check(code == 0, "reelkit demo failed:\n%s" % out)
    shipped = os.path.join(root, "reelkit_config")
    copied = os.path.join(folder, "config")

    def listing(top):
        return sorted(os.path.relpath(os.path.join(p, f), top)
                      for p, dirs, files in os.walk(top)
                      for f in files if not f.endswith((".pyc", ".pyo")) and "__pycache__" not in p)
    check(listing(shipped) and listing(shipped) == listing(copied),
          "demo config differs from the installed default config:\n%s\n%s"
          % (listing(shipped), listing(copied)))


def engines_of(root):
    folder = os.path.join(root, "reelkit_engines")
    return sorted(n for n in os.listdir(folder)
                  if os.path.isfile(os.path.join(folder, n, "manifest.yml")))


def apps_and_launch(reelkit, root, repo, project, engine):
    engine_dir = os.path.join(root, "reelkit_engines", engine)
    code, out = run(reelkit + ["apps", "--project", project, "--context", CONTEXT,
                     "--engine", engine])
    check(code == 0, "reelkit apps --engine %s failed:\n%s" % (engine, out))
    check("(%s)" % engine_dir in out, "reelkit apps did not use %s:\n%s" % (engine_dir, out))
    apps = re.findall(r"(?m)^  app (\S+) ", out)
    check("loader" in apps, "no loader in reelkit apps:\n%s" % out)

    code, out = run(reelkit + ["launch", engine, "--dry-run", "--project", project,
                     "--context", CONTEXT])
    check(code == 0, "reelkit launch %s --dry-run failed:\n%s" % (engine, out))
    # the checkout itself, or its packages (its .venvs/ may hold the install under test)
    checkout = [os.path.join(repo, name) + os.sep for name in ("toolkit", "engines", "apps")]
    bare = re.search(re.escape(repo) + r"(?=[%s\s\"']|$)" % re.escape(os.pathsep), out)
    check(bare is None and not any(folder in out for folder in checkout),
          "the launch of %s points into the repository:\n%s" % (engine, out))
    # The installed engine's startup folder, or (a host given its own Python) the copy
    # of this install in its host-Python folder.
    startup = os.path.join(engine_dir, "startup")
    pattern = r"[^\s%s\"'=]*%s" % (re.escape(os.pathsep), re.escape(
        os.path.join("reelkit_engines", engine, "startup")))
    used = set(re.findall(pattern + r"[^\s%s\"']*" % re.escape(os.pathsep), out))
    check(used, "the launch of %s does not use %s:\n%s" % (engine, startup, out))
    check(os.path.isdir(startup), "%s has no startup folder %s" % (engine, startup))
    host_python = re.search(r"(?m)^REELKIT_HOST_PYTHON=(\S+)", out)
    for path in sorted(used):
        base = path[:path.index(os.path.join("reelkit_engines", engine, "startup"))]
        if os.path.realpath(base) == os.path.realpath(root):
            check(os.path.exists(path), "%s launches with %s, which does not exist"
                  % (engine, path))
            continue
        # a copy in the host-Python folder, which the real launch (re)makes from this
        # install (a dry run prepares nothing; hostpython's marker keeps it current)
        check(host_python is not None and is_under(base, host_python.group(1)),
              "%s launches with %s, neither installed nor in the host-Python folder:\n%s"
              % (engine, path, out))
    return sorted(used), apps


class _Errors(logging.Handler):
    """Collects what the engine reports (an app that could not load is logged, not raised)."""

    def __init__(self):
        logging.Handler.__init__(self, logging.ERROR)
        self.messages = []

    def emit(self, record):
        self.messages.append(self.format(record))


def loader_offscreen(root, project, apps):
    """The shell engine starts in the demo with every app of its environment (``apps``),
    and its Loader panel lists publishes."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    errors = _Errors()
    errors.setFormatter(logging.Formatter("%(message)s"))
    logging.getLogger("reelkit").addHandler(errors)
    from toolkit.config import load_project
    from toolkit.context import Context
    from toolkit.platform import start_engine
    from toolkit.store import open_store
    config = load_project(project)
    store = open_store(config)
    try:  # as the CLI builds --context: checked against the store
        context = Context.from_string(CONTEXT, project=config, store=store)
    finally:
        store.close()
    engine = start_engine("shell", context, config)
    try:
        missing = sorted(set(apps) - set(engine.apps))
        check(not missing, "apps that did not start in the installed shell engine: %s\n%s"
              % (", ".join(missing), "\n".join(errors.messages)))
        command = [c for c in engine.commands.values() if c.short_name == "loader"]
        check(command, "the shell engine has no loader command: %s" % list(engine.commands))
        panel = command[0].function()
        check(panel is not None, "the Loader command returned no panel")
        module = type(panel).__module__
        check(module.startswith("reelkit_apps.loader."), "the Loader panel is %s" % module)
        check(is_under(sys.modules[module].__file__, root),
              "the Loader came from %s" % sys.modules[module].__file__)
        from toolkit.qt import QtCore, QtWidgets
        QtWidgets.QApplication.processEvents()
        model = panel.publish_model
        while model.canFetchMore(QtCore.QModelIndex()):
            model.fetchMore(QtCore.QModelIndex())
        rows = model.rowCount()
        check(rows > 0, "the Loader lists no publish of the demo")
        check(panel.entity_proxy.rowCount() > 0, "the Loader's entity tree is empty")
        panel.shutdown()
        return rows
    finally:
        engine.destroy()


def main(argv):
    repo = os.path.realpath(argv[0])
    scratch = os.getcwd()
    print("python %s" % sys.version.split()[0])
    root = installed_root(repo)
    print("ok  installed in %s" % root)
    print("ok  top-level names: %s" % ", ".join(own_names_only(root)))
    # The console script of a virtualenv; a --target folder on PYTHONPATH has none beside
    # the interpreter, and runs the same entry point as a module.
    script = os.path.join(os.path.dirname(sys.executable), "reelkit")
    reelkit = [script] if os.path.isfile(script) else [sys.executable, "-m", "toolkit.cli"]
    project = os.path.join(scratch, "demo")
    demo(reelkit, root, project)
    print("ok  reelkit demo %s (config = the installed reelkit_config)" % project)
    apps = {}
    for engine in engines_of(root):
        used, apps[engine] = apps_and_launch(reelkit, root, repo, project, engine)
        print("ok  reelkit apps / launch --dry-run %s: startup %s; apps %s"
              % (engine, ", ".join(used), ", ".join(apps[engine])))
    rows = loader_offscreen(root, project, apps["shell"])
    print("ok  the shell engine starts %s; the Loader offscreen lists %d publishes"
          % (", ".join(apps["shell"]), rows))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except CheckFailed as exc:
        print("FAILED: %s" % exc)
        sys.exit(1)
