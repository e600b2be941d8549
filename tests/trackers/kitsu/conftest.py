"""The store contract on the Kitsu backend, against a real Kitsu server (zou).

One server per test session (tests/trackers/kitsu/server.py, over the store
suite's private PostgreSQL and a Redis of its own); each test gets a project of
its own on it and a fresh read cache.
"""

import uuid

import pytest

from tests.store.conftest import postgres_server, project, roots, shot  # noqa: F401 (fixtures)
from tests.trackers.kitsu.server import ADMIN, KitsuServer

LOGIN_ENV, PASSWORD_ENV = "REELKIT_TEST_KITSU_LOGIN", "REELKIT_TEST_KITSU_PASSWORD"


@pytest.fixture(scope="session")
def kitsu_server(postgres_server):  # noqa: F811
    server = KitsuServer(postgres_server)
    try:
        server.start()
    except Exception as exc:
        log = server.server_log()
        server.stop()
        pytest.fail("could not start the Kitsu server for the tracker tests: %s\n%s"
                    % (exc, log), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def backend():
    return "kitsu"


@pytest.fixture
def store_settings(kitsu_server, tmpdir, monkeypatch):
    monkeypatch.setenv(LOGIN_ENV, ADMIN)
    monkeypatch.setenv(PASSWORD_ENV, kitsu_server.password)
    return {"backend": "kitsu", "url": kitsu_server.url, "login_env": LOGIN_ENV,
            "password_env": PASSWORD_ENV, "cache": str(tmpdir.join("cache", "kitsu.sqlite"))}


@pytest.fixture
def project_name():
    return "demo_" + uuid.uuid4().hex[:8]


@pytest.fixture
def store(store_settings, roots, project_name):  # noqa: F811
    from toolkit.store import ensure_project, open_store_from_settings
    opened = open_store_from_settings(store_settings, roots=roots)
    opened.project = ensure_project(opened, project_name)
    yield opened
    opened.close()
