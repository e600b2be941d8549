"""The store contract on the ShotGrid backend: the same tests as tests/store, on Mockgun.

Contract test functions are imported from tests/store into modules here; pytest
resolves their fixtures from this folder, where ``backend`` is ``shotgrid`` and
the store settings carry a Mockgun connection (one site per test).
"""

import pytest

from tests.store.conftest import project, roots, shot  # noqa: F401 (fixtures)
from tests.trackers.shotgrid.sg_schema import mockgun


@pytest.fixture
def backend():
    return "shotgrid"


@pytest.fixture
def site(tmpdir):
    return mockgun(str(tmpdir.mkdir("sg-schema")))


@pytest.fixture(params=["cached", "direct"])
def store_settings(request, site, tmpdir):
    """The site read through the local read cache (the default), and directly."""
    if request.param == "direct":
        return {"backend": "shotgrid", "connection": site, "cache": False}
    return {"backend": "shotgrid", "connection": site,
            "cache": str(tmpdir.join("cache", "shotgrid.sqlite"))}


@pytest.fixture
def store(store_settings, roots):
    from toolkit.store import ensure_project, open_store_from_settings
    opened = open_store_from_settings(store_settings, roots=roots)
    opened.project = ensure_project(opened, "demo")
    yield opened
    opened.close()
