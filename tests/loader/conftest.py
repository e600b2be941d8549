"""Fixtures of the Loader tests: a small real SQLite store and a recording host."""

import os
import sys

import pytest

collect_ignore = []
# The Blender load test needs bpy, which exists for CPython 3.11 only.
if sys.version_info[:2] != (3, 11):
    collect_ignore.append("test_blender_load.py")


@pytest.fixture
def store(tmpdir):
    """A real SQLite store holding the small project of :mod:`tests.loader.seed`."""
    from tests.loader.seed import seed_store
    from toolkit.store import open_store_from_settings

    store = open_store_from_settings({"backend": "sqlite",
                                      "path": str(tmpdir.join("reelkit.sqlite"))})
    seed_store(store, str(tmpdir.join("publishes")))
    yield store
    store.close()


@pytest.fixture
def host():
    from tests.loader.recording_host import RecordingHost
    return RecordingHost()


@pytest.fixture
def project_entity(store):
    return store.find_one("Project", [["code", "is", "demo"]], ["code", "name"])


@pytest.fixture
def session(store, host, project_entity):
    from apps.loader.session import LoaderSession
    return LoaderSession(store, host=host, project=project_entity, page_size=4)


def publish_named(store, name, version=None):
    """The publish ``name`` (its highest version, or ``version``)."""
    filters = [["name", "is", name]]
    if version is not None:
        filters.append(["version_number", "is", version])
    from apps.loader.model import PUBLISH_FIELDS
    return store.find_one("PublishedFile", filters, PUBLISH_FIELDS,
                          order=[("version_number", "desc")])


@pytest.fixture
def by_name(store):
    return lambda name, version=None: publish_named(store, name, version)


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
