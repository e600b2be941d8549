"""Project configuration: ``project.yml``, included files, roots and store settings.

``load_project(path)`` is the entry point; see :mod:`toolkit.config.project`.
YAML is read through :mod:`toolkit.config.yamlfile` (line-aware) and
:mod:`toolkit.config.includes` (``include:`` and ``@name`` references).
"""

from toolkit.config.includes import load_config_file
from toolkit.config.project import (
    ProjectConfig,
    find_project,
    load_project,
    project_from_environment,
    validate_project,
)

__all__ = [
    "ProjectConfig",
    "find_project",
    "load_config_file",
    "load_project",
    "project_from_environment",
    "validate_project",
]
