"""Reelkit: an open-source pipeline toolkit for film, animation and games studios."""

import io
import os
import re

from setuptools import find_packages, setup

HERE = os.path.dirname(os.path.abspath(__file__))

with io.open(os.path.join(HERE, "toolkit", "__init__.py"), encoding="utf-8") as handle:
    VERSION = re.search(r'__version__ = "([^"]+)"', handle.read()).group(1)

PY2 = 'python_version < "3"'
PY3 = 'python_version >= "3"'

setup(
    name="reelkit",
    version=VERSION,
    description="Pipeline toolkit: templates, context, publishes, engines for Maya, Nuke, "
                "Houdini and Blender",
    long_description=io.open(os.path.join(HERE, "README.md"), encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    packages=find_packages(include=["toolkit", "toolkit.*", "apps", "apps.*",
                                    "engines", "engines.*"]),
    include_package_data=True,
    package_data={"": ["*.yml", "*.yaml", "*.py", "*.json", "*.png", "*.txt", "*.blend"]},
    python_requires=">=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, !=3.5.*, !=3.6.*",
    install_requires=[
        "six>=1.16",
        "PyYAML==5.4.1; " + PY2,
        "PyYAML>=6.0; " + PY3,
        "qtpy>=1.11,<2; " + PY2,
        "qtpy>=2.4; " + PY3,
        "fileseq>=1.13,<2; " + PY2,
        "fileseq>=1.15; " + PY3,
    ],
    extras_require={
        # A Qt binding for the panels; hosts ship their own, so it is optional.
        "qt": [
            "PySide2==5.15.2.1; python_version < '3.11'",
            "PySide6-Essentials>=6.5; python_version >= '3.11'",
        ],
        "postgres": [
            "psycopg2-binary==2.8.6; " + PY2,
            "psycopg2-binary>=2.9; " + PY3,
        ],
        "test": [
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
    classifiers=[
        "Programming Language :: Python :: 2.7",
        "Programming Language :: Python :: 3",
        "License :: OSI Approved :: Apache Software License",
        "Topic :: Multimedia :: Graphics :: 3D Modeling",
    ],
)
