"""Creating a project folder from a project config (``reelkit init``, the demo).

A project is made whole or not at all: the config is copied into a hidden
folder beside its final place, renamed there (``--name``) and loaded, and only
then moved to ``DIR/config`` in one rename. A broken config, a name YAML would
read differently, a target that is a file: each is refused with nothing left.
The hidden folder is named as publish staging is (:mod:`toolkit.publish.staging`),
so the next ``init`` there removes one a killed ``init`` left, and never one a
running ``init`` is still filling.

``shutil`` and the staging helpers are imported where used: this module is
imported by every ``reelkit`` command line, and only ``init`` needs them.
"""

import io
import os

import six

from toolkit.errors import ReelkitError


def default_config_dir():
    """The default project config shipped with Reelkit (``config/`` of the repository,
    ``reelkit_config`` once installed)."""
    from toolkit.platform.discovery import shipped_folder
    return shipped_folder("config")[0]


def init_project(directory, config=None, name=None):
    """Create a project in ``directory`` from ``config``; return the loaded ProjectConfig.

    ``name`` replaces the config's project name; it is written through the
    YAML library, so ``#``, quotes or a colon in it stay part of the name. It
    becomes the Project's code in the store, so it follows the rule of every
    code that may become a folder name (no ``/``, ``..``, control character).
    Refuses a folder that already holds a project, so nothing is overwritten.
    """
    from toolkit.config import load_project

    config = os.path.abspath(config or default_config_dir())
    if not os.path.isfile(os.path.join(config, "project.yml")):
        raise ReelkitError("not a project config (no project.yml): %s" % config)
    if name is not None:
        if isinstance(name, bytes):  # Python 2's sys.argv
            try:
                name = name.decode("utf-8")
            except UnicodeDecodeError:
                raise ReelkitError("project name %r is not UTF-8 text" % (name,))
        check_project_name(name)
    directory = os.path.abspath(directory)
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise ReelkitError("cannot create a project in %s: it is a file" % directory)
    target = os.path.join(directory, "config")
    if os.path.lexists(target):
        raise ReelkitError("a project already exists there: %s" % target)
    # Validate before copying, so a broken config leaves no half-made project.
    load_project(config).templates
    import shutil
    from toolkit.publish.staging import TMP_MARK, staging_token

    made_directory = not os.path.isdir(directory)
    if not made_directory:
        _remove_stale_staging(directory)
    staging = os.path.join(directory, ".config" + TMP_MARK + staging_token())
    try:
        if made_directory:
            os.makedirs(directory)
        shutil.copytree(config, staging, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        if name is not None:
            set_project_name(os.path.join(staging, "project.yml"), name)
        os.rename(staging, target)
    except (EnvironmentError, shutil.Error) as exc:
        _remove(staging, directory if made_directory else None)
        raise ReelkitError("cannot create the project in %s: %s"
                           % (directory, getattr(exc, "strerror", None) or exc))
    except BaseException:
        _remove(staging, directory if made_directory else None)
        raise
    return load_project(directory)


def check_project_name(name):
    """Raise ReelkitError unless ``name`` can be a project's code."""
    from toolkit.templates.keys import check_component_text
    from toolkit.errors import FieldError

    if not isinstance(name, six.string_types) or not name.strip() or name != name.strip():
        raise ReelkitError("project name %r: must be a non-empty name without leading or "
                           "trailing spaces" % (name,))
    try:
        check_component_text(name, "project name")
    except FieldError as exc:
        raise ReelkitError(str(exc).replace("template ?: key ", ""))


def set_project_name(project_yml, name):
    """Set the top-level ``name:`` of ``project_yml`` to ``name``, keeping the rest
    of the file (comments, order) as it is.

    The new ``name: ...`` text is produced by the YAML library, never by string
    formatting, and the file is read back to check YAML reads ``name`` exactly.
    """
    import yaml

    with io.open(project_yml, encoding="utf-8") as handle:
        text = handle.read()
    line = yaml.safe_dump({"name": name}, default_flow_style=False, allow_unicode=True,
                          width=float("inf"))
    if isinstance(line, bytes):  # Python 2's PyYAML dumps to UTF-8 bytes
        line = line.decode("utf-8")
    line = line.rstrip(u"\n")
    if "\n" in line:
        raise ReelkitError("project name %r: must fit on one line" % (name,))
    span = _name_span(text)
    if span is None:
        text = line + "\n" + text
    else:
        text = text[:span[0]] + line + text[span[1]:]
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict) or loaded.get("name") != name:  # pragma: no cover - guard
        raise ReelkitError("project name %r cannot be written to %s" % (name, project_yml))
    with io.open(project_yml, "w", encoding="utf-8") as handle:
        handle.write(text)


def _name_span(text):
    """``(start, end)`` offsets of the top-level ``name: value`` in ``text``, or None."""
    import yaml

    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "name":
            return key.start_mark.index, value.end_mark.index
    return None


def _remove_stale_staging(directory):
    """Remove the hidden config copies of killed ``init`` runs in ``directory``."""
    import shutil
    from toolkit.publish.staging import TMP_MARK, is_stale

    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if name.startswith(".config" + TMP_MARK) and is_stale(path):
            shutil.rmtree(path, ignore_errors=True)


def _remove(staging, directory):
    import shutil

    shutil.rmtree(staging, ignore_errors=True)
    if directory:
        try:
            os.rmdir(directory)
        except OSError:
            pass
