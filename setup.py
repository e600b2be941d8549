"""Reelkit: an open-source pipeline toolkit for film, animation and games studios."""

import io
import os
import re

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))

with io.open(os.path.join(HERE, "toolkit", "__init__.py"), encoding="utf-8") as handle:
    VERSION = re.search(r'__version__ = "([^"]+)"', handle.read()).group(1)

PY2 = 'python_version < "3"'
PY3 = 'python_version >= "3"'

# Repository folder -> the import name it is installed under. The core keeps its
# name; bundles and the default config get Reelkit's own names, because a
# top-level `apps` or `engines` in site-packages would clash with other
# distributions. toolkit/platform/discovery.py holds the same table (INSTALLED_NAMES:
# setup.py cannot import toolkit in an isolated build); tests/packaging checks they agree.
SHIPPED = (
    ("toolkit", "toolkit"),
    ("engines", "reelkit_engines"),
    ("apps", "reelkit_apps"),
    ("frameworks", "reelkit_frameworks"),
    ("config", "reelkit_config"),
)


def _is_identifier(name):
    return re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", name) is not None


def _glob_escape(name):
    return re.sub(r"([*?[])", r"[\1]", name)


def shipped_packages():
    """``(packages, package_dir, package_data)`` for every file under SHIPPED.

    Walks the folders rather than listing them, so a new app, a start file or
    a hook is packaged without touching this file. Every folder is a package
    (``.py`` files as modules, anything else as data); a folder whose name is
    no Python identifier (Houdini's ``python3.11libs``) cannot be one, so its
    files ship as data of the nearest package above it. Byte code and dot
    files are never shipped.
    """
    packages, package_dir, package_data = [], {}, {}
    for folder, name in SHIPPED:
        root = os.path.join(HERE, folder)
        if not os.path.isdir(root):
            continue
        package_dir[name] = folder
        for path, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
            rel = os.path.relpath(path, root)
            parts = [] if rel == os.curdir else rel.split(os.sep)
            depth = 0
            while depth < len(parts) and _is_identifier(parts[depth]):
                depth += 1
            package = ".".join([name] + parts[:depth])
            if depth == len(parts):
                packages.append(package)
            data = package_data.setdefault(package, [])
            for filename in sorted(files):
                if filename.startswith(".") or filename.endswith((".pyc", ".pyo")):
                    continue
                if depth == len(parts) and filename.endswith(".py"):
                    continue  # a module of the package
                data.append("/".join(parts[depth:] + [_glob_escape(filename)]))
    return packages, package_dir, dict((k, v) for k, v in package_data.items() if v)


PACKAGES, PACKAGE_DIR, PACKAGE_DATA = shipped_packages()

setup(
    name="reelkit",
    version=VERSION,
    description="Pipeline toolkit: templates, context, publishes, engines for Maya, Nuke, "
                "Houdini and Blender",
    long_description=io.open(os.path.join(HERE, "README.md"), encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    packages=PACKAGES,
    package_dir=PACKAGE_DIR,
    package_data=PACKAGE_DATA,
    include_package_data=False,  # the wheel holds exactly the walk above; MANIFEST.in is the sdist's
    python_requires=">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, !=3.5.*, !=3.6.*",
    install_requires=[
        "six>=1.16",
        "PyYAML==5.4.1; " + PY2,
        "PyYAML>=6.0; " + PY3,
        "qtpy>=1.11,<2; " + PY2,
        "qtpy>=2.4; " + PY3,
        "fileseq>=1.13,<2; " + PY2,
        "fileseq>=1.15; " + PY3,
        # The Publisher's plugin engine (pure Python; 1.8.x still runs on 2.7).
        "pyblish-base>=1.8.12,<1.9",
    ],
    extras_require={
        # A Qt binding for the panels; hosts ship their own, so it is optional.
        "qt": [
            "PySide2==5.15.2.1; python_version < '3.11'",
            # 6.12.0 drops one reference to None too many on every call that returns
            # nothing, under Python 3.11 (None is immortal from 3.12 on): a panel
            # aborts the process after a few thousand calls ("none_dealloc").
            "PySide6-Essentials>=6.5,!=6.12.0; python_version == '3.11'",
            "PySide6-Essentials>=6.5; python_version >= '3.12'",
        ],
        "postgres": [
            "psycopg2-binary==2.8.6; " + PY2,
            "psycopg2-binary>=2.9; " + PY3,
        ],
        # The ShotGrid store backend; 3.3.x is the last client release for Python 2.7.
        "shotgrid": [
            "shotgun_api3>=3.3.6,<3.4; " + PY2,
            "shotgun_api3>=3.8; " + PY3,
        ],
        # The Kitsu store backend; gazu 0.10.37 is the last client that installs on 2.7.
        "kitsu": [
            "gazu==0.10.37; " + PY2,
            "gazu>=1.1; " + PY3,
        ],
        "test": [
            "gazu==0.10.37; " + PY2,  # the Kitsu backend is tested against a real zou
            "gazu>=1.1; " + PY3,
            "shotgun_api3>=3.3.6,<3.4; " + PY2,  # Mockgun runs the store contract on ShotGrid
            "shotgun_api3>=3.8; " + PY3,
            "pytest==4.6.11; " + PY2,
            "pytest>=7; " + PY3,
            "pytest-qt==3.3.0; " + PY2,
            "pytest-qt==4.2.0; python_version == '3.7'",
            "pytest-qt==4.4.0; python_version >= '3.8' and python_version < '3.11'",
            "pytest-qt>=4.4; python_version >= '3.11'",
            "hypothesis>=6; " + PY3,
            # Public API stubs of hosts we cannot install: the fakes are checked
            # against them so they cannot drift from the real API.
            "maya-stubs==0.4.2; " + PY3,
            "types-nuke==13.2.8.0; " + PY3,
            "types-houdini==21.0.512.3; " + PY3,
        ],
    },
    entry_points={"console_scripts": ["reelkit = toolkit.cli:main"]},
    # One wheel for Python 2.7 hosts and Python 3 (py2.py3-none-any): the code is
    # one source, and the dependency markers above pick each side's releases.
    # (the tag is set directly: setuptools deprecates the older `universal` switch).
    options={"bdist_wheel": {"python_tag": "py2.py3"}},
    zip_safe=False,  # hosts read startup scripts, hooks and configs as files
    classifiers=[
        "Programming Language :: Python :: 2.7",
        "Programming Language :: Python :: 3",
        "Topic :: Multimedia :: Graphics :: 3D Modeling",
    ],
)
