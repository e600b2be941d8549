"""Rules of the code base that no single module's tests would notice breaking.

- Everything that runs inside a host (toolkit/, engines/, apps/) compiles on the
  interpreter running the suite; under Python 2.7 that is the real syntax check.
- The core imports no Qt, no host module and no app, and stays cheap to import.
"""

import ast
import io
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOST_SIDE = ("toolkit", "engines", "apps")
FORBIDDEN_IN_CORE = ("qtpy", "PySide2", "PySide6", "shiboken2", "shiboken6", "maya", "nuke",
                     "hou", "bpy", "apps", "engines")


def _python_files(*tops):
    for top in tops:
        for folder, dirs, files in os.walk(os.path.join(ROOT, top)):
            dirs[:] = [d for d in dirs if d != "__pycache__"]
            for name in files:
                if name.endswith(".py"):
                    yield os.path.join(folder, name)


def _read(path):
    with io.open(path, "r", encoding="utf-8") as handle:
        return handle.read()


@pytest.mark.parametrize("path", sorted(_python_files(*HOST_SIDE)),
                         ids=lambda p: os.path.relpath(p, ROOT))
def test_host_side_code_compiles_on_this_interpreter(path):
    with open(path, "rb") as handle:
        source = handle.read()
    compile(source, path, "exec")
    # Python 2 refuses to import a file with non-ASCII bytes and no coding line
    # (PEP 263), but its compile() does not check: check the rule itself.
    try:
        source.decode("ascii")
    except UnicodeDecodeError:
        head = source.split(b"\n")[:2]
        assert any(re.search(br"coding[:=]\s*utf-?8", line) for line in head), (
            "%s has non-ASCII characters and no '# -*- coding: utf-8 -*-' line" % path)


def _imported_modules(path):
    tree = ast.parse(_read(path), path)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node, node.module


def test_core_never_imports_qt_hosts_or_apps_at_module_level():
    offenders = []
    for path in _python_files("toolkit"):
        if os.path.basename(path) == "qt.py":  # the Qt facade is the one exception
            continue
        tree = ast.parse(_read(path), path)
        for node, module in _imported_modules(path):
            top = module.split(".")[0]
            if top in FORBIDDEN_IN_CORE:
                # Inside a function is allowed (lazy); at module level is not.
                module_level = any(node is n or node in list(ast.walk(n)) for n in tree.body
                                   if not isinstance(n, (ast.FunctionDef, ast.ClassDef)))
                if module_level or top in ("apps", "engines"):
                    offenders.append("%s: %s" % (os.path.relpath(path, ROOT), module))
    assert offenders == []


def test_importing_the_whole_core_pulls_in_no_qt_and_no_host():
    modules = []
    for path in _python_files("toolkit"):
        rel = os.path.relpath(path, ROOT)[:-3].replace(os.sep, ".")
        if rel.endswith(".__init__"):
            rel = rel[:-len(".__init__")]
        if rel.endswith(".__main__") or rel == "toolkit.qt":
            continue
        modules.append(rel)
    script = (
        "import importlib, sys\n"
        "for name in %r:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in %r)\n"
        "print(','.join(bad))\n" % (sorted(modules), FORBIDDEN_IN_CORE))
    out = subprocess.check_output([sys.executable, "-c", script], cwd=ROOT)
    assert out.decode().strip() == ""
