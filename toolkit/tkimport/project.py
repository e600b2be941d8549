"""``import_tk_config``: a Reelkit project made from a ShotGrid Toolkit config.

The project is built as ``reelkit init`` builds one (whole or not at all): a
config folder is put together in a temporary folder - Reelkit's default
config (environments, hooks, start files) with ``templates.yml``,
``project.yml`` and ``schema/folders.yml`` made from the tk config, and
``tk_import.txt`` listing what was not carried over - then
:func:`~toolkit.config.create.init_project` checks it loads and moves it into
place.
"""

import io
import os
import shutil
import tempfile
from collections import OrderedDict

import six

from toolkit.errors import ReelkitError
from toolkit.tkimport.keys import convert_keys
from toolkit.tkimport.notes import Notes
from toolkit.tkimport.schema import convert_schema
from toolkit.tkimport.templates import convert_templates
from toolkit.tkimport.tkfiles import read_roots, read_templates

REPORT_FILE = "tk_import.txt"


class ImportResult(object):
    """What :func:`import_tk_config` made: ``project`` (the loaded
    ProjectConfig), ``notes`` (:class:`~toolkit.tkimport.notes.Notes`) and
    ``report`` (the path of ``tk_import.txt`` in the project's config)."""

    def __init__(self, project, notes, report):
        self.project = project
        self.notes = notes
        self.report = report


def core_folder(tk_config):
    """The ``core`` folder of a tk pipeline configuration (the configuration
    folder, its ``config`` folder, or ``core`` itself)."""
    tk_config = os.path.abspath(tk_config)
    for candidate in (os.path.join(tk_config, "core"),
                      os.path.join(tk_config, "config", "core"), tk_config):
        if os.path.isfile(os.path.join(candidate, "templates.yml")):
            return candidate
    raise ReelkitError("not a ShotGrid Toolkit configuration (no core/templates.yml): %s"
                       % tk_config)


def convert_config(core, notes, project_name, root_paths=None):
    """``(templates, project, schema, sections)``: the data of the Reelkit
    ``templates.yml``, ``project.yml`` and ``folders.yml`` (None: no schema)
    for the tk ``core`` folder, and the tk entries read
    (:func:`~toolkit.tkimport.tkfiles.read_templates`); notes go to ``notes``."""
    roots, default_root = read_roots(os.path.join(core, "roots.yml"), notes)
    sections = read_templates(os.path.join(core, "templates.yml"))
    keys = convert_keys(sections["keys"], notes)
    root_names = [root.name for root in roots]
    paths, strings = convert_templates(sections, keys, root_names, default_root, notes)
    schema = convert_schema(os.path.join(core, "schema"), default_root, notes)
    templates = OrderedDict([("keys", keys), ("paths", paths), ("strings", strings)])
    project = OrderedDict([("name", project_name),
                           ("roots", _roots(roots, default_root, project_name,
                                            root_paths or {}, notes))])
    return templates, project, schema, sections


def import_tk_config(tk_config, directory, name=None, root_paths=None):
    """Create a Reelkit project in ``directory`` from the tk configuration
    ``tk_config``; returns an :class:`ImportResult`.

    ``name`` is the project's name (default: the folder's name); it is also
    the project folder under each storage of ``roots.yml``, as tk puts a
    project there. ``root_paths`` (root name -> folder) overrides those.
    """
    from toolkit.config.create import default_config_dir, init_project, check_project_name

    core = core_folder(tk_config)
    directory = os.path.abspath(directory)
    name = name or os.path.basename(directory.rstrip(os.sep))
    if isinstance(name, bytes):
        name = name.decode("utf-8")
    check_project_name(name)
    notes = Notes()
    templates, project, schema, _ = convert_config(core, notes, name, root_paths)
    notes.items.sort(key=lambda note: (note.path or "", note.line or 0))
    unknown = set(root_paths or ()) - set(project["roots"])
    if unknown:
        raise ReelkitError("--root names %s, which roots.yml does not define (roots: %s)"
                           % (", ".join(sorted(unknown)), ", ".join(project["roots"])))
    staging = tempfile.mkdtemp(prefix="reelkit-tk-import-")
    try:
        config = os.path.join(staging, "config")
        shutil.copytree(default_config_dir(), config,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        source = os.path.dirname(core)
        _write(os.path.join(config, "templates.yml"), templates_text(templates, source))
        _write(os.path.join(config, "project.yml"), project_text(project, source))
        if schema is None:
            schema = OrderedDict([("root", "primary"), ("folders", [])])
            notes.add((os.path.join(core, "schema"), None), "schema",
                      "no folder schema in the tk config: the project's schema is empty")
        _write(os.path.join(config, "schema", "folders.yml"), schema_text(schema, source))
        report = notes.text("What `reelkit init --from-tk-config %s` did not carry over "
                            "(file:line of the tk config: entry: what)." % source)
        _write(os.path.join(config, REPORT_FILE), report)
        project_config = init_project(directory, config, name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return ImportResult(project_config, notes,
                        os.path.join(project_config.config_dir, REPORT_FILE))


def _roots(roots, default_root, project_name, root_paths, notes):
    """Reelkit ``roots:`` for tk's: each storage's folders per OS joined with
    the project's name (tk's project folder), ``root_paths`` winning."""
    from toolkit.config.project import current_os

    result = OrderedDict()
    for root in roots:
        if root.name in root_paths:
            result[root.name] = root_paths[root.name]
        elif current_os() in root.paths:
            folders = OrderedDict((os_name, _join(path, project_name, os_name))
                                  for os_name, path in sorted(root.paths.items()))
            result[root.name] = folders if len(folders) > 1 else folders[current_os()]
        else:
            result[root.name] = "." if root.name == default_root else root.name
            notes.add(root.where, "roots.%s" % root.name,
                      "no %s path in roots.yml: the root is the project's %s folder; set it "
                      "in project.yml (or reelkit init --root %s=PATH)"
                      % (current_os(), "own" if root.name == default_root
                         else "'%s'" % root.name, root.name))
    return result


def _join(path, name, os_name):
    separator = "\\" if os_name == "windows" else "/"
    return path.rstrip("/\\") + separator + name


# -- writing -----------------------------------------------------------------

_DUMPER = []


def _dumper():
    """A safe YAML dumper writing OrderedDicts as mappings, in their order."""
    if not _DUMPER:
        import yaml

        class Dumper(yaml.SafeDumper):
            pass

        Dumper.add_representer(OrderedDict, lambda dumper, value: dumper.represent_mapping(
            "tag:yaml.org,2002:map", value.items()))
        _DUMPER.append(Dumper)
    return _DUMPER[0]


def _yaml(value, flow=True):
    import yaml
    text = yaml.dump(value, Dumper=_dumper(), default_flow_style=flow, allow_unicode=True,
                     width=float("inf"), sort_keys=False)
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    if text.endswith("\n...\n"):
        text = text[:-5]
    return text.strip()


def _plain(value):
    """``value`` with OrderedDicts and YAML containers as plain dicts/lists."""
    if isinstance(value, dict):
        return OrderedDict((six.text_type(k), _plain(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _flow_map(mapping):
    # dumped whole, so that PyYAML quotes what a flow mapping cannot hold ("[", ",")
    return _yaml(_plain(mapping))


def templates_text(templates, source):
    """The text of the Reelkit ``templates.yml``."""
    lines = ["# Templates imported from the ShotGrid Toolkit configuration",
             "# %s by `reelkit init --from-tk-config`." % source,
             "# Every template reads fixed text in any letter case (ignore_case), as tk-core",
             "# does; what was not carried over is listed in tk_import.txt.",
             "# Format reference: docs/templates.md; the import: docs/tk_import.md.",
             "", "keys:"]
    for name, spec in templates["keys"].items():
        lines.append("  %s: %s" % (_yaml(name), _flow_map(spec)))
    for section in ("paths", "strings"):
        lines.extend(["", "%s:" % section])
        for name, spec in templates[section].items():
            lines.append("  %s:" % _yaml(name))
            for option, value in spec.items():
                lines.append("    %s: %s" % (option, _yaml(value)))
    return "\n".join(lines) + "\n"


def project_text(project, source):
    """The text of the Reelkit ``project.yml``."""
    lines = ["# Reelkit project imported from the ShotGrid Toolkit configuration",
             "# %s (roots from its core/roots.yml). Reference: docs/config.md." % source,
             "", "name: %s" % _yaml(project["name"]),
             "description: %s" % _yaml("Imported from ShotGrid Toolkit configuration %s"
                                       % source),
             "", "roots:"]
    for name, value in project["roots"].items():
        lines.append("  %s: %s" % (_yaml(name), _flow_map(value) if isinstance(value, dict)
                                   else _yaml(value)))
    lines.extend(["", "store:", "  backend: sqlite", "  path: .reelkit/reelkit.sqlite", ""])
    return "\n".join(lines)


def schema_text(schema, source):
    """The text of the Reelkit ``schema/folders.yml``."""
    return ("# Folder schema imported from the ShotGrid Toolkit configuration\n"
            "# %s (core/schema). Format: docs/store.md (\"Folder schema\").\n\n"
            % source) + _yaml(_plain(schema), flow=False) + "\n"


def _write(path, text):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(six.text_type(text))
