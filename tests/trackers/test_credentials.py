"""Tracker credentials: named by the config, read from the environment, never shown."""

import pytest


@pytest.mark.parametrize("backend, secret, named_by", [
    ("postgres", "password", "password_env"), ("shotgrid", "api_key", "key_env"),
    ("shotgrid", "key", "key_env"), ("kitsu", "password", "password_env"),
    ("kitsu", "login", "login_env")])
def test_a_credential_written_in_the_config_is_refused(tmpdir, backend, secret, named_by):
    """Credentials come from variables the config names, never from the config itself."""
    from toolkit.config import load_project
    from toolkit.errors import ConfigError
    config = tmpdir.mkdir("config")
    config.join("project.yml").write("name: demo\nstore:\n  backend: %s\n  %s: hunter2\n"
                                     % (backend, secret))
    config.join("templates.yml").write("keys: {}\npaths: {}\n")
    with pytest.raises(ConfigError) as info:
        load_project(str(tmpdir))
    assert named_by in str(info.value) and "store.%s" % secret in str(info.value)
    assert "hunter2" not in str(info.value)
