import pytest

from toolkit.config.variables import expand_variables
from toolkit.errors import ConfigError

ENV = {"SHOW": "/mnt/show", "SEQ": "SQ01"}


@pytest.mark.parametrize("text, expected", [
    ("$SHOW/x", "/mnt/show/x"),
    ("${SHOW}_cache", "/mnt/show_cache"),
    ("$SHOW/$SEQ", "/mnt/show/SQ01"),
    ("price $$5", "price $5"),
    ("$$SHOW", "$SHOW"),
    ("{config}/env", "/cfg/env"),
    ("plain", "plain"),
])
def test_expansion(text, expected):
    assert expand_variables(text, {"config": "/cfg"}, ENV) == expected


def test_unset_variable_names_where():
    with pytest.raises(ConfigError) as info:
        expand_variables("$NOPE/x", None, ENV, "p.yml", 4, "roots.primary")
    assert str(info.value) == "p.yml:4: roots.primary: environment variable $NOPE is not set"
