"""The one codec every host uses for its scene-data slot (toolkit.platform.scene_data)."""

import json

import pytest

from toolkit.errors import ReelkitError
from toolkit.platform import scene_data


def test_write_then_read_round_trips_and_sorts_keys():
    text = scene_data.write(None, "b", {"x": [1, 2.5, True, None]}, "slot")
    text = scene_data.write(text, "a", u"caf\u00e9", "slot")
    assert scene_data.read(text, "b", "slot") == {"x": [1, 2.5, True, None]}
    assert scene_data.read(text, "a", "slot") == u"caf\u00e9"
    assert list(json.loads(text)) == ["a", "b"]  # the same data saves the same text


def test_removing_a_missing_key_changes_nothing():
    text = scene_data.write(None, "a", 1, "slot")
    assert scene_data.write(text, "missing", None, "slot") is None
    assert scene_data.read(scene_data.write(text, "a", None, "slot"), "a", "slot") is None


@pytest.mark.parametrize("value", [object(), float("nan"), {1: set()}])
def test_values_json_cannot_hold_are_refused(value):
    with pytest.raises(ReelkitError):
        scene_data.write(None, "k", value, "slot")


@pytest.mark.parametrize("text", ["{not json", "[1, 2]"])
def test_a_slot_edited_by_hand_names_itself(text):
    with pytest.raises(ReelkitError) as raised:
        scene_data.read(text, "k", "reelkitSceneData.reelkitData")
    assert "reelkitSceneData.reelkitData" in str(raised.value)


def test_a_broken_slot_in_maya_is_one_clear_error(fake_hosts):
    from maya import cmds
    from engines.maya.host import MayaHost
    host = MayaHost()
    host.write_scene_data("pins", [1])
    cmds.setAttr("reelkitSceneData.reelkitData", "{broken", type="string")
    with pytest.raises(ReelkitError) as raised:
        host.read_scene_data("pins")
    assert "reelkitSceneData.reelkitData" in str(raised.value)
