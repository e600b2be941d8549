"""The shell host keeps the host contract with a JSON scene."""

import json

import pytest

from engines.shell.host import ShellHost
from toolkit.errors import ReelkitError
from toolkit.platform import Reference


def test_scene_round_trip(tmpdir):
    host = ShellHost()
    assert host.current_scene_path() is None and not host.is_modified()
    node = host.reference_file("/show/char/hero_v003.ma", namespace="hero")
    imported = host.import_file("/show/props/cup.abc")
    read = host.load_image_sequence("/show/render/sh010.%04d.exr", 1001, 1010)
    assert (node, imported, read) == ("heroRN", ["cup"], "Read")
    assert host.is_modified()
    host.update_reference(node, "/show/char/hero_v004.ma")
    host.set_frame_range(1, 50)
    path = str(tmpdir.join("scene.json"))
    host.save_scene_as(path)
    assert not host.is_modified() and host.current_scene_path() == path
    other = ShellHost()
    other.open_scene(path)
    assert other.list_references() == [
        Reference("heroRN", "/show/char/hero_v004.ma", "reference"),
        Reference("cup", "/show/props/cup.abc", "import"),
        Reference("Read", "/show/render/sh010.%04d.exr", "read")]
    assert other.get_frame_range() == (1, 50)
    assert json.load(open(path))["version"] == 1


def test_errors_are_reelkit_errors(tmpdir):
    host = ShellHost()
    with pytest.raises(ReelkitError):
        host.save_scene()
    with pytest.raises(ReelkitError):
        host.update_reference("nothing", "/x")
    with pytest.raises(ReelkitError):
        host.open_scene(str(tmpdir.join("missing.json")))
    with pytest.raises(ReelkitError):
        host.set_frame_range(10, 1)
    with host.undo_chunk("nothing"):
        pass
    assert "reference" in host.supported_actions()


def test_base_adapter_names_the_missing_method():
    from toolkit.platform import HostAdapter

    class Bare(HostAdapter):
        name = "bare"

    with pytest.raises(NotImplementedError) as err:
        Bare().list_references()
    assert "host 'bare' does not implement HostAdapter.list_references()" in str(err.value)
