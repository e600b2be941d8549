"""The fake host modules cannot drift from the real APIs: the type stubs on PyPI are the reference.

Every public function, class and method a fake provides must exist in the
stubs (``maya-stubs``, ``types-nuke``, ``types-houdini``) with a compatible
signature: the fake may accept fewer optional arguments, never a name or a
position the real API lacks, and must accept every argument the real API
requires. Overloads: one must match. The ``.pyi`` files are read with ``ast``
(their annotations need Python 3).
"""

import ast
import inspect
import os
import sys
import sysconfig

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
FAKES = os.path.join(os.path.dirname(HERE), "fakes")
SITE = sysconfig.get_paths()["purelib"]

#: fake module -> (stub file relative to site-packages, the PyPI pin that ships it)
STUBS = {
    "maya.cmds": ("maya-stubs/cmds/__init__.pyi", "maya-stubs==0.4.2"),
    "maya.OpenMayaUI": ("maya-stubs/OpenMayaUI.pyi", "maya-stubs==0.4.2"),
    "maya.api.OpenMaya": ("maya-stubs/api/OpenMaya.pyi", "maya-stubs==0.4.2"),
    "maya.utils": ("maya-stubs/utils.pyi", "maya-stubs==0.4.2"),
    "nuke": ("nuke-stubs/__init__.pyi", "types-nuke==13.2.8.0"),
    "hou": ("hou-stubs/__init__.pyi", "types-houdini==21.0.512.3"),
}

#: Dunder methods that are part of an API (everything else dunder is Python plumbing).
PROTOCOL = ("__call__", "__getattr__", "__getitem__", "__enter__", "__exit__", "__len__")

_parsed = {}


def stub_names(path):
    """Top-level names of a stub file -> ast node (a list of defs for overloads)."""
    if path in _parsed:
        return _parsed[path]
    with open(path, encoding="utf-8") as handle:
        tree = ast.parse(handle.read(), path)
    names = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.setdefault(node.name, []).append(node)
        elif isinstance(node, ast.ClassDef):
            names[node.name] = node
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = node
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = node
        elif isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            other = os.path.join(os.path.dirname(path), *node.module.split(".")) + ".pyi"
            if not os.path.isfile(other):
                continue
            imported = stub_names(other)
            for alias in node.names:
                if alias.name == "*":
                    for key, value in imported.items():
                        names.setdefault(key, value)
                elif alias.name in imported:
                    names[alias.asname or alias.name] = imported[alias.name]
    _parsed[path] = names
    return names


class Params(object):
    """A signature reduced to what the check compares."""

    def __init__(self, positional, keyword, required_keyword, star, double_star):
        self.positional = positional            # [(name, has_default, positional_only)]
        self.keyword = keyword                  # names accepted by keyword
        self.required_keyword = required_keyword
        self.star = star
        self.double_star = double_star


def stub_params(function, drop_first):
    args = function.args
    posonly = list(getattr(args, "posonlyargs", []))
    ordinary = list(args.args)
    everything = posonly + ordinary
    defaults = [None] * (len(everything) - len(args.defaults)) + list(args.defaults)
    positional = [(a.arg, d is not None, i < len(posonly))
                  for i, (a, d) in enumerate(zip(everything, defaults))]
    if drop_first:
        positional = positional[1:]
    keyword = set(name for name, _, only in positional if not only)
    keyword.update(a.arg for a in args.kwonlyargs)
    required = set(a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is None)
    return Params(positional, keyword, required, args.vararg is not None,
                  args.kwarg is not None)


def fake_params(function, drop_first):
    flags = getattr(function, "_flags", None)
    if flags is not None:  # a fake Maya command: *args plus declared flags
        return Params([], set(flags), set(), getattr(function, "_positional", True), False)
    signature = inspect.signature(function)
    parameters = list(signature.parameters.values())
    if drop_first:
        parameters = parameters[1:]
    kinds = inspect.Parameter
    positional = [(p.name, p.default is not kinds.empty, False) for p in parameters
                  if p.kind == kinds.POSITIONAL_OR_KEYWORD]
    return Params(positional, set(n for n, _, _ in positional), set(),
                  any(p.kind == kinds.VAR_POSITIONAL for p in parameters),
                  any(p.kind == kinds.VAR_KEYWORD for p in parameters))


def incompatibility(fake, stub):
    """Why the fake's signature does not fit the stub's, or None."""
    for index, (name, has_default, _) in enumerate(fake.positional):
        at_stub = stub.positional[index] if index < len(stub.positional) else None
        if name in stub.keyword or stub.double_star:
            continue
        if at_stub is not None and at_stub[2]:
            continue  # the real argument is positional-only: its name does not matter
        if not has_default and (at_stub is not None or stub.star):
            continue  # a required argument is passed by position only
        return "argument %r is not in the real API" % name
    if fake.star and not (stub.star or stub.positional):
        return "takes *args, the real API takes no positional argument"
    if fake.double_star and not stub.double_star:
        return "takes **kwargs, the real API does not"
    extra = sorted(n for n in fake.keyword - stub.keyword
                   if not stub.double_star and n not in [p[0] for p in fake.positional])
    if extra:
        return "flags %s are not in the real API" % ", ".join(extra)
    for index, (name, has_default, _) in enumerate(stub.positional):
        if not has_default and index >= len(fake.positional) and not fake.star:
            return "does not accept the required argument %r" % name
    missing = sorted(stub.required_keyword - fake.keyword)
    if missing and not fake.double_star:
        return "does not accept the required keyword %s" % ", ".join(missing)
    return None


def check_function(label, function, overloads, drop_first, stub_drop_first):
    fake = fake_params(function, drop_first)
    reasons = []
    for overload in overloads:
        reason = incompatibility(fake, stub_params(overload, stub_drop_first(overload)))
        if reason is None:
            return []
        reasons.append(reason)
    return ["%s: %s" % (label, reasons[0])]


def decorators(node):
    return set(getattr(d, "id", getattr(d, "attr", None)) for d in node.decorator_list)


def class_methods(names, cls_node, seen=None):
    """Methods of a stub class and its bases in the same module (name -> [defs])."""
    methods = {}
    for node in cls_node.body:
        if isinstance(node, ast.FunctionDef):
            methods.setdefault(node.name, []).append(node)
    for base in cls_node.bases:
        base_node = names.get(getattr(base, "id", None))
        if isinstance(base_node, ast.ClassDef) and base_node is not cls_node:
            for name, defs in class_methods(names, base_node).items():
                methods.setdefault(name, defs)
    return methods


def check_module(module_name):
    relative, pin = STUBS[module_name]
    path = os.path.join(SITE, relative)
    assert os.path.isfile(path), "install the reference stubs: pip install %s" % pin
    names = stub_names(path)
    module = sys.modules[module_name]
    problems = []
    for name, value in sorted(vars(module).items()):
        if name.startswith("_") or inspect.ismodule(value):
            continue
        plugin_commands = getattr(module, "_plugin_commands", {})
        if any(name in names_of for names_of in plugin_commands.values()):
            continue  # a plug-in's command (the fake says which): not Maya's own API
        defined_here = getattr(value, "__module__", module_name) == module_name
        if not defined_here:
            continue
        where = "%s.%s" % (module_name, name)
        if name not in names:
            problems.append("%s: not in the real API" % where)
        elif inspect.isclass(value):
            stub_class = names[name]
            if not isinstance(stub_class, ast.ClassDef):
                problems.append("%s: a class here, not in the real API" % where)
                continue
            problems.extend(check_class(where, value, class_methods(names, stub_class)))
        elif inspect.isfunction(value):
            if not isinstance(names[name], list):
                problems.append("%s: a function here, not in the real API" % where)
                continue
            problems.extend(check_function(where, value, names[name], False, lambda o: False))
    return problems


def check_class(where, cls, stub_methods):
    problems = []
    for name, raw in sorted(vars(cls).items()):
        if name.startswith("_") and name not in PROTOCOL:
            continue
        if isinstance(raw, staticmethod):
            function, drop = raw.__func__, False
        elif isinstance(raw, classmethod):
            function, drop = raw.__func__, True
        elif inspect.isfunction(raw):
            function, drop = raw, True
        else:
            continue
        label = "%s.%s" % (where, name)
        if name not in stub_methods:
            problems.append("%s: not in the real API" % label)
            continue
        problems.extend(check_function(
            label, function, stub_methods[name], drop,
            lambda overload: "staticmethod" not in decorators(overload)))
    return problems


@pytest.fixture(scope="module")
def fakes():
    if FAKES not in sys.path:
        sys.path.insert(0, FAKES)
    import hou  # noqa: F401
    import maya.api.OpenMaya  # noqa: F401
    import maya.cmds  # noqa: F401
    import maya.OpenMayaUI  # noqa: F401
    import maya.utils  # noqa: F401
    import nuke  # noqa: F401


@pytest.mark.parametrize("module_name", sorted(STUBS))
def test_fake_matches_the_real_api(fakes, module_name):
    assert check_module(module_name) == []


def test_the_check_catches_drift(fakes):
    """A fake function with an invented argument, a missing one or an unknown name fails."""
    stub = ast.parse("def f(a: int, b: str = ..., *, c: bool = ...) -> None: ...").body
    stub_drop = lambda o: False  # noqa: E731

    def invented(a, b=None, d=None):
        pass

    def missing():
        pass

    def fine(a, c=False):
        pass

    assert check_function("invented", invented, stub, False, stub_drop)
    assert check_function("missing", missing, stub, False, stub_drop)
    assert check_function("fine", fine, stub, False, stub_drop) == []
