"""Reelkit's Python dependencies for a host's own interpreter.

A host (Maya, Nuke, Houdini, Blender) runs its own embedded Python, which has
none of Reelkit's dependencies, and must never see the virtualenv ``reelkit``
was started from (its packages are built for another interpreter, its Qt
binding is not the host's). So the dependencies are prepared once per Python
version into a plain folder, and the launcher puts that folder, and nothing
else of the launching interpreter, on the host's path::

    <root>/                      $REELKIT_HOST_PYTHON, else the user cache folder
      py2.7/                     `pip install --target` folder for Python 2.7 hosts
        six.py  yaml/  qtpy/  fileseq/  future/ ...
        toolkit/ reelkit_engines/ ...   Reelkit itself, when it is installed, not a checkout
        reelkit-host-python.json        what was installed, and from which requirements
      py3.11/                    the same for Python 3.11 hosts

Every package is pure Python or falls back to pure Python (PyYAML without
libyaml), so a folder serves any host of that Python version on that OS. A
studio that deploys Reelkit prepares the folders once on its shared storage
(``reelkit host-python prepare 2.7 --root /studio/reelkit/host-python``) and
sets ``REELKIT_HOST_PYTHON`` to that root; on a workstation the launcher
prepares the missing folder on first launch.

The folder is filled with the launching interpreter's pip for the target
version (``--python-version``). Packages that only ship as source for an old
Python (fileseq 1.x and its ``future`` for 2.7) must be built by an interpreter
of that version: for another major version one is looked for (``python2.7`` on
PATH, pyenv), else pass ``python=`` (``--python``) or a ``wheelhouse`` of wheels
built beforehand.
"""

from __future__ import print_function

import glob
import json
import os
import shutil
import subprocess
import sys

from toolkit.platform.discovery import INSTALLED_NAMES, REPO_ROOT, is_installed
from toolkit.platform.errors import LaunchError

ROOT_VARIABLE = "REELKIT_HOST_PYTHON"
MARKER = "reelkit-host-python.json"

#: What Reelkit needs inside a host, by Python major version (setup.py's
#: install_requires, with the dependencies of those packages spelled out:
#: pip runs with --no-deps, so a source-only package can be built once for
#: another interpreter).
REQUIREMENTS = {
    2: ("six>=1.16", "PyYAML==5.4.1", "qtpy>=1.11,<2", "fileseq>=1.13,<2", "future",
        "pyblish-base>=1.8.12,<1.9"),
    3: ("six>=1.16", "PyYAML>=6.0", "qtpy>=2.4", "packaging", "fileseq>=1.15",
        "pyblish-base>=1.8.12,<1.9"),
}

#: Reelkit's own top-level packages as installed by setup.py (what a host gets a copy of:
#: never a generic ``apps`` or ``config`` another distribution put in site-packages).
REELKIT_PACKAGES = ("toolkit",) + tuple(sorted(INSTALLED_NAMES.values()))


class HostPythonError(LaunchError):
    """A host-Python folder cannot be prepared (pip failed, unknown version)."""


def parse_version(text):
    """``(major, minor)`` from ``"3.11"``, ``"2.7"``, ``3.11`` or a tuple."""
    if isinstance(text, tuple):
        return tuple(int(part) for part in text[:2])
    parts = str(text).strip().split(".")
    try:
        major, minor = int(parts[0]), int(parts[1])
    except (IndexError, ValueError):
        raise HostPythonError("a host Python version looks like 2.7 or 3.11, not %r" % (text,))
    if major not in REQUIREMENTS:
        raise HostPythonError("Python %d.%d hosts are not supported (Reelkit runs on 2.7 and "
                              "3.7+)" % (major, minor))
    return major, minor


def default_root(environ=None):
    """``$REELKIT_HOST_PYTHON``, else ``reelkit/host-python`` in the user's cache folder."""
    environ = os.environ if environ is None else environ
    if environ.get(ROOT_VARIABLE):
        return environ[ROOT_VARIABLE]
    if sys.platform == "win32":
        base = environ.get("LOCALAPPDATA") or os.path.expanduser("~\\AppData\\Local")
    elif sys.platform == "darwin":
        base = os.path.expanduser("~/Library/Caches")
    else:
        base = environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return os.path.join(base, "reelkit", "host-python")


def folder_for(version, root=None):
    """The folder for Python ``version`` (``root/py3.11``), prepared or not."""
    major, minor = parse_version(version)
    return os.path.join(root or default_root(), "py%d.%d" % (major, minor))


def is_checkout(root=REPO_ROOT):
    """True when Reelkit runs from a source checkout (edits must reach hosts live)."""
    return not is_installed(root)


def requirements_for(version):
    """The requirement strings installed for Python ``version``."""
    return list(REQUIREMENTS[parse_version(version)[0]])


def is_prepared(version, root=None):
    """True when the folder exists and was filled from the current requirements."""
    marker = os.path.join(folder_for(version, root), MARKER)
    try:
        with open(marker) as handle:
            recorded = json.load(handle)
    except (IOError, OSError, ValueError):
        return False
    copied = not is_checkout()
    return (recorded.get("requirements") == requirements_for(version)
            and recorded.get("reelkit_copied") == copied
            # a copied Reelkit is replaced when another version of Reelkit runs
            and (not copied or recorded.get("reelkit_version") == _reelkit_version()))


def host_paths(version, root=None):
    """Folders the host's ``sys.path`` needs: Reelkit (a checkout) and the dependencies."""
    paths = [REPO_ROOT] if is_checkout() else []
    return paths + [folder_for(version, root)]


def prepare(version, root=None, python=None, wheelhouse=None, force=False, out=None):
    """Fill the folder for Python ``version`` once; return its path.

    ``python``: an interpreter of that version whose pip does the install
    (needed for source-only packages of old Pythons); default: this
    interpreter's pip with ``--python-version``. ``wheelhouse``: a folder of
    wheels to install from, without reaching a package index. The folder is
    built beside its final place and renamed into it: a failed prepare leaves
    nothing half-filled.
    """
    major, minor = parse_version(version)
    target = folder_for(version, root)
    if not force and is_prepared(version, root):
        return target
    parent = os.path.dirname(target)
    if not os.path.isdir(parent):
        os.makedirs(parent)
    staging = "%s.preparing-%d" % (target, os.getpid())
    if os.path.exists(staging):
        shutil.rmtree(staging)
    requirements = requirements_for(version)
    if python is None and wheelhouse is None and major != sys.version_info[0]:
        # Source-only packages (fileseq 1.x, future) must be built by their own
        # Python: pip building them here makes a folder that looks complete and
        # is not (future built by Python 3 has no `builtins` module).
        python = find_interpreter(major, minor)
        if python is None:
            raise HostPythonError(
                "preparing the folder for Python %d.%d hosts needs a Python %d.%d interpreter "
                "(some packages only ship as sources for it) and none was found on PATH or "
                "in pyenv: pass --python /path/to/python%d.%d, or --wheelhouse with wheels "
                "built beforehand" % (major, minor, major, minor, major, minor))
    command = _pip_command(major, minor, staging, requirements, python, wheelhouse)
    if out is not None:
        out("preparing %s for Python %d.%d hosts: %s" % (target, major, minor,
                                                          " ".join(requirements)))
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output = process.communicate()[0].decode("utf-8", "replace")
        if process.returncode != 0:
            tail = "\n".join(output.strip().splitlines()[-6:])
            raise HostPythonError("could not prepare %s (pip exited with %d):\n  %s\n%s" % (
                target, process.returncode, " ".join(command), tail))
        copied = not is_checkout()
        if copied:  # an installed Reelkit: the host must not see its whole site-packages
            for name in REELKIT_PACKAGES:
                source = os.path.join(REPO_ROOT, name)
                if os.path.isdir(source):
                    shutil.copytree(source, os.path.join(staging, name),
                                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        with open(os.path.join(staging, MARKER), "w") as handle:
            json.dump({"python": "%d.%d" % (major, minor), "requirements": requirements,
                       "reelkit_copied": copied, "reelkit_version": _reelkit_version(),
                       "command": command}, handle, indent=1)
        _replace(staging, target)
    except BaseException:
        if os.path.exists(staging):
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def find_interpreter(major, minor, environ=None):
    """A Python ``major.minor`` with pip: ``pythonX.Y`` on PATH, else pyenv's, or None."""
    environ = os.environ if environ is None else environ
    candidates = []
    for folder in environ.get("PATH", "").split(os.pathsep):
        if folder:
            candidates.append(os.path.join(folder, "python%d.%d" % (major, minor)))
    pyenv_root = environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
    candidates.extend(sorted(glob.glob(os.path.join(pyenv_root, "versions", "%d.%d.*" % (
        major, minor), "bin", "python")), reverse=True))
    for candidate in candidates:
        if not (os.path.isfile(candidate) and os.access(candidate, os.X_OK)):
            continue
        try:  # a pyenv shim exists for versions not installed: ask the interpreter
            output = subprocess.check_output(
                [candidate, "-c", "import sys, pip; print('%d.%d' % sys.version_info[:2])"],
                stderr=subprocess.STDOUT)
        except (OSError, subprocess.CalledProcessError):
            continue
        if output.decode("ascii", "replace").strip() == "%d.%d" % (major, minor):
            return candidate
    return None


def _reelkit_version():
    """The version of the Reelkit a copy was made from, with the digest of its install
    record: two builds of one version (a studio's patched wheel) are told apart."""
    from toolkit import __version__
    import glob
    import hashlib
    records = sorted(glob.glob(os.path.join(REPO_ROOT, "reelkit-*.dist-info", "RECORD")))
    if not records:
        return __version__
    with open(records[0], "rb") as handle:
        return "%s+%s" % (__version__, hashlib.sha1(handle.read()).hexdigest()[:12])


def _pip_command(major, minor, staging, requirements, python, wheelhouse):
    if python:
        command = [python, "-m", "pip", "install"]
    else:
        command = [sys.executable, "-m", "pip", "install",
                   "--python-version", "%d.%d" % (major, minor)]
        if sys.version_info[0] == 2 and major == 3:
            # pip 20.3 (the last for Python 2) checks Requires-Python against
            # itself, not --python-version: a Python 3 folder needs this.
            command.append("--ignore-requires-python")
    # --no-deps: the requirement lists are complete, and pip only allows source
    # builds for another --python-version without dependency resolution.
    command += ["--no-deps", "--disable-pip-version-check", "--no-warn-script-location",
                "--target", staging]
    if wheelhouse:
        command += ["--no-index", "--find-links", wheelhouse]
    return command + list(requirements)


def _replace(staging, target):
    """Move ``staging`` to ``target``; an older ``target`` is removed after the move."""
    old = None
    if os.path.exists(target):
        old = "%s.old-%d" % (target, os.getpid())
        os.rename(target, old)
    try:
        os.rename(staging, target)
    except OSError:
        if old is not None:
            os.rename(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def activate(environ=None, path=None):
    """Inside a host: add this interpreter's prepared folder to ``sys.path``.

    For hosts that ignore ``PYTHONPATH`` (Blender) and launches that did not
    know the host's Python version. The folder is appended, so packages the
    host ships itself win. Returns the folder added, or None.
    """
    environ = os.environ if environ is None else environ
    path = sys.path if path is None else path
    if not environ.get(ROOT_VARIABLE):
        return None
    folder = os.path.join(environ[ROOT_VARIABLE], "py%d.%d" % sys.version_info[:2])
    if not os.path.isdir(folder) or folder in path:
        return None
    path.append(folder)
    return folder

