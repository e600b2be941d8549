"""Fixtures of the Breakdown tests: the default config on a temporary root, a real
SQLite store, and real publishes made with ``publish_file`` (files on disk)."""

import io
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

collect_ignore = []
# Real Blender (bpy from PyPI) exists for CPython 3.11 only.
if sys.version_info[:2] != (3, 11):
    collect_ignore.append("test_blender.py")
    # Debian's Blender runs its own Python 3.11; launched once, from 3.11.
    collect_ignore.append("test_blender_binary.py")


@pytest.fixture
def roots(tmpdir):
    root = tmpdir.join("show")
    root.ensure(dir=True)
    return {"primary": str(root)}


@pytest.fixture
def project(roots, tmpdir):
    """The repo's default config on the test's storage root and SQLite store."""
    from toolkit.config.project import ProjectConfig
    settings = {"backend": "sqlite", "path": str(tmpdir.join("db", "reelkit.sqlite"))}
    return ProjectConfig(os.path.join(REPO, "config"), {"name": "demo"}, roots, settings)


@pytest.fixture
def store(project):
    from toolkit.store import open_store
    opened = open_store(project)
    yield opened
    opened.close()


class Publisher(object):
    """Publishes real files through the real templates (``publish_file``)."""

    def __init__(self, project, store, folder):
        self.project = project
        self.store = store
        self.folder = folder
        self.entities = {}
        self._sources = 0

    def entity(self, code):
        """Shot ``SQ01/<code>`` or Asset ``prop/<code>`` (by the code's first letters)."""
        if code not in self.entities:
            if code.startswith("SH"):
                seq = self.store.find_one("Sequence", [["code", "is", "SQ01"]]) or \
                    self.store.create("Sequence", {"code": "SQ01"})
                found = self.store.create("Shot", {"code": code, "sequence": seq})
            else:
                found = self.store.create("Asset", {"code": code, "sg_asset_type": "prop"})
            self.entities[code] = found
        return self.entities[code]

    def publish(self, code, template, ptype, name="main", step=None, frames=None,
                dependencies=(), content=None, source=None):
        """One new version of publish ``name`` of entity ``code``; returns the record.

        The file published is ``source`` when given, else a new file holding
        ``content`` (or a frame sequence of ``frames``).
        """
        from toolkit.context import Context
        from toolkit.publish.publisher import publish_file
        entity = self.entity(code)
        context = Context.from_entity(entity, self.project, self.store)
        fields = {"name": name, "Step": step or ("comp" if code.startswith("SH") else "model")}
        if entity["type"] == "Asset":
            fields["AssetType"] = "prop"
        self._sources += 1
        source_dir = os.path.join(self.folder, "src", str(self._sources))
        os.makedirs(source_dir)
        if source is not None:
            pass  # published as it is
        elif frames:
            for frame in frames:
                _write(os.path.join(source_dir, "img.%04d.exr" % frame), u"frame %d" % frame)
            source = os.path.join(source_dir, "img.%04d.exr")
        else:
            source = os.path.join(source_dir, "file")
            _write(source, content if content is not None else u"%s %s" % (code, name))
        return publish_file(self.project, context, source, self.project.templates[template],
                            fields, ptype, store=self.store, dependencies=dependencies)


def _write(path, text):
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(u"%s" % text)  # Python 2: json.dumps gives a byte string


@pytest.fixture
def publisher(project, store, tmpdir):
    return Publisher(project, store, str(tmpdir))


@pytest.fixture
def scene(publisher, tmpdir):
    """``(host, {role: node}, {role: records})``; see
    :func:`tests.breakdown.shell_scene.make_scene`."""
    from tests.breakdown.shell_scene import make_scene
    return make_scene(publisher, tmpdir)


@pytest.fixture
def made(tmpdir):
    """``(folder, project, store, publisher)`` of a project made by ``reelkit init``
    (the default config: every engine runs the Breakdown)."""
    from toolkit.cli import main
    from toolkit.config import load_project
    from toolkit.store import open_store
    folder = str(tmpdir.join("proj"))
    assert main(["init", folder]) == 0
    project = load_project(folder)
    store = open_store(project)
    yield folder, project, store, Publisher(project, store, str(tmpdir))
    store.close()
