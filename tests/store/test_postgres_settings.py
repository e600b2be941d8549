"""PostgreSQL credentials come from the environment and never show."""

import os

import pytest

from toolkit.store import StoreError, open_store_from_settings


def test_password_comes_from_env_and_never_shows(postgres_server):
    store = open_store_from_settings(postgres_server.settings(schema="t_repr"))
    try:
        assert postgres_server.password not in repr(store)
        assert postgres_server.password not in str(vars(store))
        assert "127.0.0.1" in repr(store)
    finally:
        store.close()


def test_missing_password_variable(postgres_server):
    settings = dict(postgres_server.settings(), password_env="REELKIT_NO_SUCH_VARIABLE")
    os.environ.pop("REELKIT_NO_SUCH_VARIABLE", None)
    with pytest.raises(StoreError) as info:
        open_store_from_settings(settings)
    assert "REELKIT_NO_SUCH_VARIABLE" in str(info.value)


def test_password_in_settings_is_refused(postgres_server):
    settings = dict(postgres_server.settings(), password="secret")
    with pytest.raises(StoreError) as info:
        open_store_from_settings(settings)
    assert "password_env" in str(info.value) and "secret" not in str(info.value)


def test_wrong_password_is_a_clear_error(postgres_server, monkeypatch):
    monkeypatch.setenv("REELKIT_WRONG_PW", "not-the-password")
    settings = dict(postgres_server.settings(), password_env="REELKIT_WRONG_PW")
    with pytest.raises(StoreError) as info:
        open_store_from_settings(settings)
    assert "cannot connect" in str(info.value)
    assert "not-the-password" not in str(info.value)
