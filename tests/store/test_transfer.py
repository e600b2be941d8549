"""The file layer of publishing: copying, flushing, placing without overwriting."""

import os

import pytest

from toolkit.publish import transfer
from toolkit.publish.errors import PublishError


def _write(path, data):
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def _read(path):
    with open(path, "rb") as handle:
        return handle.read()


@pytest.mark.parametrize("size", [0, 1, 65536, 3 * 1024 * 1024 + 7])
def test_copy_is_byte_exact_at_every_size(tmpdir, size):
    data = os.urandom(size)
    source = _write(str(tmpdir.join("src")), data)
    target = str(tmpdir.join("dst"))
    transfer._copy(source, target)
    assert _read(target) == data


def test_copy_never_writes_over_an_existing_file(tmpdir):
    source = _write(str(tmpdir.join("src")), b"new")
    target = _write(str(tmpdir.join("dst")), b"old")
    with pytest.raises((IOError, OSError)):
        transfer._copy(source, target)
    assert _read(target) == b"old"


def test_a_sequence_is_flushed_once_per_filesystem_and_placed(tmpdir, monkeypatch):
    flushed = []
    real = transfer._flush_filesystems
    monkeypatch.setattr(transfer, "_flush_filesystems",
                        lambda paths: flushed.append(list(paths)) or real(paths))
    pairs = []
    for frame in range(1001, 1001 + transfer._BATCH_SYNC + 4):
        source = _write(str(tmpdir.join("in.%04d.exr" % frame)), os.urandom(100))
        pairs.append((source, str(tmpdir.join("out", "beauty.%04d.exr" % frame))))
    placed = transfer.transfer(pairs)
    assert placed == [target for _, target in pairs]
    assert len(flushed) == 1 and len(flushed[0]) == len(pairs)
    for source, target in pairs:
        assert _read(target) == _read(source)
    assert not [n for n in os.listdir(str(tmpdir.join("out"))) if transfer.TMP_MARK in n]


def test_flush_falls_back_when_syncfs_is_unavailable(tmpdir, monkeypatch):
    paths = [_write(str(tmpdir.join("f%d" % i)), b"x") for i in range(3)]
    fsynced = []
    monkeypatch.setattr(transfer, "_syncfs_function", lambda: None)
    monkeypatch.delattr(transfer.os, "sync", raising=False)
    monkeypatch.setattr(transfer, "_fsync", fsynced.append)
    transfer._flush_filesystems(paths)
    assert fsynced == paths


def test_placing_refuses_an_existing_published_file(tmpdir):
    source = _write(str(tmpdir.join("src.exr")), b"frame")
    target = _write(str(tmpdir.join("pub.exr")), b"published earlier")
    with pytest.raises(PublishError) as info:
        transfer.transfer([(source, target)])
    assert "never overwritten" in str(info.value)
    assert _read(target) == b"published earlier"
    assert sorted(os.listdir(str(tmpdir))) == ["pub.exr", "src.exr"]


def test_without_flush_nothing_is_synced_and_files_still_land(tmpdir, monkeypatch):
    calls = []
    monkeypatch.setattr(transfer, "_fsync", lambda path: calls.append(("fsync", path)))
    monkeypatch.setattr(transfer, "_flush_filesystems", lambda paths: calls.append("flush"))
    for count in (3, transfer._BATCH_SYNC + 2):  # one path per file and the batched path
        folder = tmpdir.mkdir("n%d" % count)
        pairs = [(_write(str(folder.join("in%d" % i)), b"data %d" % i),
                  str(folder.join("out", "f%d" % i))) for i in range(count)]
        assert transfer.transfer(pairs, flush=False) == [t for _, t in pairs]
        assert [_read(t) for _, t in pairs] == [b"data %d" % i for i in range(count)]
    assert calls == []
