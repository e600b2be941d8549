"""What is being published: which files of a folder are frames of a sequence."""

import os

import pytest

from toolkit.publish.errors import PublishError
from toolkit.publish.source import resolve_source


def _touch(folder, *names):
    for name in names:
        with open(os.path.join(folder, name), "wb") as handle:
            handle.write(b"x")


def test_frames_are_the_files_of_the_sequence_with_its_padding(tmpdir):
    folder = str(tmpdir)
    _touch(folder, "beauty.1002.exr", "beauty.0999.exr", "beauty.1001.exr",
           "beauty.10000.exr",                     # past 9999: more digits, no extra zero
           "beauty.01000.exr", "beauty.100.exr",   # another padding: not these frames
           "beauty.1003.exr.bak", "beauty.1004.exrx", "other.1005.exr",
           "beauty.10a6.exr", "beauty..exr", "xbeauty.1007.exr")
    src = resolve_source(os.path.join(folder, "beauty.%04d.exr"))
    assert src.is_sequence
    assert src.frames == [(frame, os.path.join(folder, "beauty.%04d.exr" % frame))
                          for frame in (999, 1001, 1002, 10000)]
    assert (src.first_frame, src.last_frame) == (999, 10000)


@pytest.mark.parametrize("spec", ["shot_%d.dpx", "shot_#.dpx", "shot_@.dpx"])
def test_unpadded_frames(tmpdir, spec):
    folder = str(tmpdir)
    _touch(folder, "shot_7.dpx", "shot_10.dpx", "shot_0.dpx", "shot_07.dpx", "shot_.dpx")
    src = resolve_source(os.path.join(folder, spec))
    assert [frame for frame, _ in src.frames] == [0, 7, 10]


def test_a_prefix_with_regex_characters_is_taken_literally(tmpdir):
    folder = str(tmpdir)
    _touch(folder, "a+b (v2).[1].0001.exr", "aab (v2).[1].0002.exr")
    src = resolve_source(os.path.join(folder, "a+b (v2).[1].####.exr"))
    assert [frame for frame, _ in src.frames] == [1]


def test_no_frame_on_disk_is_an_error(tmpdir):
    _touch(str(tmpdir), "beauty.1001.jpg")
    with pytest.raises(PublishError) as info:
        resolve_source(os.path.join(str(tmpdir), "beauty.%04d.exr"))
    assert "no frame" in str(info.value)
    with pytest.raises(PublishError):
        resolve_source(os.path.join(str(tmpdir), "missing", "beauty.%04d.exr"))
