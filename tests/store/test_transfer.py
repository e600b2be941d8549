"""The file layer of publishing: copying, flushing, placing without overwriting."""

import os
import sys
import threading

import pytest

from toolkit.publish import transfer
from toolkit.publish.errors import PublishError

from tests.store.faults import copy_failing_after


def _write(path, data):
    with open(path, "wb") as handle:
        handle.write(data)
    return path


def _read(path):
    with open(path, "rb") as handle:
        return handle.read()


@pytest.mark.parametrize("size", [0, 1, 65536, 3 * 1024 * 1024 + 7])
@pytest.mark.parametrize("way", (["sendfile"] if transfer._sendfile else []) +
                         ["reads and writes"])  # as on Python 2 and Windows
def test_copy_is_byte_exact_at_every_size(tmpdir, monkeypatch, size, way):
    if way == "reads and writes":
        monkeypatch.setattr(transfer, "_sendfile", None)
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
    monkeypatch.setattr(transfer, "BATCH_FLUSH", "filesystem")
    flushed = []
    real = transfer._flush_filesystems
    monkeypatch.setattr(transfer, "_flush_filesystems",
                        lambda paths, *folder: flushed.append(list(paths)) or
                        real(paths, *folder))
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
    monkeypatch.setattr(transfer, "_flush_filesystems", lambda *args: calls.append("flush"))
    for count in (3, transfer._BATCH_SYNC + 2):  # one path per file and the batched path
        folder = tmpdir.mkdir("n%d" % count)
        pairs = [(_write(str(folder.join("in%d" % i)), b"data %d" % i),
                  str(folder.join("out", "f%d" % i))) for i in range(count)]
        assert transfer.transfer(pairs, flush=False) == [t for _, t in pairs]
        assert [_read(t) for _, t in pairs] == [b"data %d" % i for i in range(count)]
    assert calls == []


def _early_flush_threads():
    return [t for t in threading.enumerate() if t.name == "reelkit-early-flush"]


@pytest.mark.parametrize("new_folder", [True, False])
def test_the_flush_starts_while_frames_are_still_being_copied(tmpdir, monkeypatch, new_folder):
    monkeypatch.setattr(transfer, "BATCH_FLUSH", "filesystem")
    copied = []
    flushed_after = []  # how many files were copied at each flush
    first_flush = threading.Event()

    def syncfs(fd):
        flushed_after.append(len(copied))
        first_flush.set()
        return 0
    monkeypatch.setattr(transfer, "_syncfs_function", lambda: syncfs)
    real_copy = transfer._copy

    def copy(source, target, *args):
        if len(copied) == 1:  # let the background flush have its turn
            assert first_flush.wait(10)
        copied.append(target)
        return real_copy(source, target, *args)
    monkeypatch.setattr(transfer, "_copy", copy)
    pairs = _sequence(tmpdir, transfer._BATCH_SYNC * 2)
    if not new_folder:
        os.makedirs(os.path.dirname(pairs[0][1]))  # the general way: file by file
    assert transfer.transfer(pairs) == [target for _, target in pairs]
    assert flushed_after and flushed_after[0] < len(pairs)  # during the copy
    assert flushed_after[-1] == len(pairs)                   # and the final one after it
    assert not _early_flush_threads()
    for source, target in pairs:
        assert _read(target) == _read(source)


def test_the_early_flush_ends_with_a_failed_copy(tmpdir, monkeypatch):
    monkeypatch.setattr(transfer, "BATCH_FLUSH", "filesystem")
    monkeypatch.setattr(transfer, "_syncfs_function", lambda: lambda fd: 0)
    copy_failing_after(transfer._BATCH_SYNC + 3, monkeypatch)
    pairs = _sequence(tmpdir, transfer._BATCH_SYNC * 2)
    with pytest.raises(PublishError):
        transfer.transfer(pairs)
    assert not _early_flush_threads()
    assert os.listdir(str(tmpdir.join("pub"))) == []  # nothing staged is left


# -- a new folder: staged whole beside it, renamed into place once -----------------

def _sequence(tmpdir, count, folder="v001"):
    pairs = []
    for frame in range(1001, 1001 + count):
        source = _write(str(tmpdir.join("in.%04d.exr" % frame)), b"frame %d" % frame)
        pairs.append((source, str(tmpdir.join("pub", folder, "beauty.%04d.exr" % frame))))
    return pairs


# -- per-file writeback (BATCH_FLUSH "writeback", the default where Linux has
#    sync_file_range, and "writeback-fdatasync") --------------------------------

def _record_writeback(monkeypatch, events):
    """Record each sync_file_range call as ("writeback", flags, size of the
    file then); the real call runs too where it exists."""
    real = transfer._sync_file_range_function()

    def sync_file_range(fd, offset, count, flags):
        events.append(("writeback", flags, os.fstat(fd).st_size))
        return real(fd, offset, count, flags) if real is not None else 0
    monkeypatch.setattr(transfer, "_sync_file_range_function", lambda: sync_file_range)


@pytest.mark.parametrize("new_folder", [True, False])
def test_writeback_starts_per_file_while_copying_and_one_flush_ends_it(
        tmpdir, monkeypatch, new_folder):
    monkeypatch.setattr(transfer, "BATCH_FLUSH", "writeback")
    monkeypatch.setattr(transfer, "_in_memory", lambda fd: False)  # a tmpfs /tmp too
    events = []
    first_writeback = threading.Event()
    real = transfer._sync_file_range_function()

    def sync_file_range(fd, offset, count, flags):
        events.append(("writeback", flags, os.fstat(fd).st_size))
        first_writeback.set()
        return real(fd, offset, count, flags) if real is not None else 0
    monkeypatch.setattr(transfer, "_sync_file_range_function", lambda: sync_file_range)
    real_copy = transfer._copy
    copied = []

    def copy(source, target, *args):
        if len(copied) == 1:  # the first file's writeback starts before the next copy ends
            assert first_writeback.wait(10)
        copied.append(target)
        return real_copy(source, target, *args)
    monkeypatch.setattr(transfer, "_copy", copy)
    pairs = _sequence(tmpdir, transfer._BATCH_SYNC * 2)
    real_flush = transfer._flush_filesystems

    def flush(paths, *folder):
        # the guarantee: data on disk before any published path exists
        assert not [t for _, t in pairs if os.path.exists(t)]
        events.append(("flush", len(paths)))
        return real_flush(paths, *folder)
    monkeypatch.setattr(transfer, "_flush_filesystems", flush)
    if not new_folder:
        os.makedirs(os.path.dirname(pairs[0][1]))  # the general way: file by file
    assert transfer.transfer(pairs) == [target for _, target in pairs]
    # every file written back whole, once, and all of it before the one flush
    assert sorted(events[:-1]) == sorted(("writeback", 2, os.path.getsize(source))
                                         for source, _ in pairs)
    assert events[-1] == ("flush", len(pairs))
    assert not _early_flush_threads()  # no syncfs rounds meanwhile
    assert not [t for t in threading.enumerate() if t.name == "reelkit-writeback"]
    for source, target in pairs:
        assert _read(target) == _read(source)


def test_a_failed_copy_ends_the_writeback_thread(tmpdir, monkeypatch):
    monkeypatch.setattr(transfer, "BATCH_FLUSH", "writeback")
    monkeypatch.setattr(transfer, "_in_memory", lambda fd: False)
    _record_writeback(monkeypatch, [])
    copy_failing_after(transfer._BATCH_SYNC + 3, monkeypatch)
    pairs = _sequence(tmpdir, transfer._BATCH_SYNC * 2)
    with pytest.raises(PublishError):
        transfer.transfer(pairs)
    assert not [t for t in threading.enumerate() if t.name == "reelkit-writeback"]
    assert os.listdir(str(tmpdir.join("pub"))) == []


def test_writeback_with_fdatasync_flushes_every_file_before_placing_any(tmpdir, monkeypatch):
    monkeypatch.setattr(transfer, "BATCH_FLUSH", "writeback-fdatasync")
    _record_writeback(monkeypatch, [])
    pairs = _sequence(tmpdir, transfer._BATCH_SYNC + 5)
    synced = []
    real = transfer._fdatasync

    def fdatasync(path):
        assert not [t for _, t in pairs if os.path.exists(t)]
        synced.append(path)
        return real(path)
    monkeypatch.setattr(transfer, "_fdatasync", fdatasync)
    monkeypatch.setattr(transfer, "_flush_filesystems",
                        lambda *args: pytest.fail("no filesystem flush in this mode"))
    assert transfer.transfer(pairs) == [target for _, target in pairs]
    assert len(synced) == len(pairs) and len(set(synced)) == len(pairs)
    assert all(transfer.TMP_MARK in path for path in synced)  # the staged copies


def test_a_failed_fdatasync_fails_the_transfer_and_leaves_nothing(tmpdir, monkeypatch):
    import errno
    monkeypatch.setattr(transfer, "BATCH_FLUSH", "writeback-fdatasync")
    _record_writeback(monkeypatch, [])
    pairs = _sequence(tmpdir, transfer._BATCH_SYNC + 5)
    calls = []

    def fdatasync(path):
        calls.append(path)
        if len(calls) == 7:
            raise OSError(errno.EIO, "input/output error (simulated)")
    monkeypatch.setattr(transfer, "_fdatasync", fdatasync)
    with pytest.raises(PublishError) as info:
        transfer.transfer(pairs)
    assert "cannot flush" in str(info.value) and "input/output error" in str(info.value)
    assert os.listdir(str(tmpdir.join("pub"))) == []  # nothing placed, nothing staged left


def test_without_sync_file_range_the_filesystem_flush_is_used(tmpdir, monkeypatch):
    monkeypatch.setattr(transfer, "BATCH_FLUSH", "writeback")
    monkeypatch.setattr(transfer, "_sync_file_range_function", lambda: None)
    flushed = []
    monkeypatch.setattr(transfer, "_flush_filesystems",
                        lambda paths, *folder: flushed.append(len(paths)))
    assert isinstance(transfer._batch_flush(str(tmpdir)), transfer._FilesystemFlush)
    pairs = _sequence(tmpdir, transfer._BATCH_SYNC + 1)
    assert transfer.transfer(pairs) == [target for _, target in pairs]
    assert flushed == [len(pairs)]


@pytest.fixture(params=["renameat2", "mkdir claim"])
def rename_mode(request, monkeypatch):
    """Both ways of refusing an existing folder: the kernel's, and the portable one."""
    if request.param == "mkdir claim":
        monkeypatch.setattr(transfer, "_renameat2_function", lambda: None)
    elif transfer._renameat2_function() is None:
        pytest.fail("renameat2 should exist on this Linux test machine")
    return request.param


def _hidden(folder):
    return [n for n in os.listdir(folder) if transfer.TMP_MARK in n]


def test_a_new_folder_is_staged_beside_it_and_renamed_once(tmpdir, monkeypatch, rename_mode):
    def no_per_file_placing(tmp, target):
        raise AssertionError("a new folder needs no per-file placing")
    monkeypatch.setattr(transfer, "_place", no_per_file_placing)
    calls = []
    pairs = _sequence(tmpdir, 30)
    placed = transfer.transfer(pairs, progress=lambda done, total: calls.append((done, total)))
    assert placed == [target for _, target in pairs]
    assert [_read(t) for t in placed] == [_read(s) for s, _ in pairs]
    assert calls == [(i, 30) for i in range(1, 31)]
    assert os.listdir(str(tmpdir.join("pub"))) == ["v001"]  # no staging folder left


def test_a_folder_appearing_with_a_clashing_file_is_refused_and_kept(tmpdir, rename_mode):
    pairs = _sequence(tmpdir, 20)
    folder = os.path.dirname(pairs[0][1])

    def someone_else(done, total):  # between the check and the rename
        if done == total:
            os.makedirs(folder)
            _write(os.path.join(folder, "beauty.1010.exr"), b"theirs")
            _write(os.path.join(folder, "notes.txt"), b"their notes")
    with pytest.raises(PublishError) as info:
        transfer.transfer(pairs, progress=someone_else)
    assert "beauty.1010.exr already exists" in str(info.value)
    assert sorted(os.listdir(folder)) == ["beauty.1010.exr", "notes.txt"]  # only theirs
    assert _read(os.path.join(folder, "beauty.1010.exr")) == b"theirs"
    assert os.listdir(str(tmpdir.join("pub"))) == ["v001"]  # staging removed


def test_a_folder_appearing_without_clashes_gets_the_files_one_by_one(tmpdir, rename_mode):
    pairs = _sequence(tmpdir, 5)
    folder = os.path.dirname(pairs[0][1])

    def someone_else(done, total):
        if done == total:
            os.makedirs(folder)  # empty: a POSIX rename would silently replace it
            _write(os.path.join(folder, "notes.txt"), b"their notes")
    placed = transfer.transfer(pairs, progress=someone_else)
    assert [_read(t) for t in placed] == [_read(s) for s, _ in pairs]
    assert _read(os.path.join(folder, "notes.txt")) == b"their notes"
    assert os.listdir(str(tmpdir.join("pub"))) == ["v001"]


def test_an_empty_folder_appearing_is_never_replaced(tmpdir, rename_mode):
    pairs = _sequence(tmpdir, 3)
    folder = os.path.dirname(pairs[0][1])
    inode = []

    def someone_else(done, total):
        if done == total:
            os.makedirs(folder)
            inode.append(os.stat(folder).st_ino)
    transfer.transfer(pairs, progress=someone_else)
    assert os.stat(folder).st_ino == inode[0]  # their folder, with our files placed in it
    assert sorted(os.listdir(folder)) == [os.path.basename(t) for _, t in pairs]


def test_a_claim_filled_before_the_rename_falls_back_to_placing_files(tmpdir, monkeypatch):
    monkeypatch.setattr(transfer, "_renameat2_function", lambda: None)
    pairs = _sequence(tmpdir, 4)
    folder = os.path.dirname(pairs[0][1])
    real_rename = os.rename

    def racing_rename(source, target):
        if target == folder:  # another publisher writes into our claimed folder
            _write(os.path.join(folder, "beauty.1002.exr"), b"theirs")
        return real_rename(source, target)
    monkeypatch.setattr(transfer.os, "rename", racing_rename)
    with pytest.raises(PublishError):
        transfer.transfer(pairs)
    assert os.listdir(folder) == ["beauty.1002.exr"]
    assert _read(os.path.join(folder, "beauty.1002.exr")) == b"theirs"
    assert os.listdir(str(tmpdir.join("pub"))) == ["v001"]


@pytest.mark.parametrize("existing_folder", [False, True])
def test_failure_mid_copy_leaves_no_file_and_no_staging(tmpdir, monkeypatch, existing_folder):
    pairs = _sequence(tmpdir, 20)
    folder = os.path.dirname(pairs[0][1])
    if existing_folder:
        os.makedirs(folder)
    copy_failing_after(7, monkeypatch)
    with pytest.raises(PublishError) as info:
        transfer.transfer(pairs, read_only=True)  # read-only staged files are removed too
    assert "disk full" in str(info.value)
    assert os.listdir(str(tmpdir.join("pub"))) == (["v001"] if existing_folder else [])
    if existing_folder:
        assert os.listdir(folder) == []


@pytest.mark.parametrize("existing_folder", [False, True])
def test_read_only_files_in_both_ways(tmpdir, existing_folder):
    pairs = _sequence(tmpdir, 3)
    if existing_folder:
        os.makedirs(os.path.dirname(pairs[0][1]))
    umask = os.umask(0o022)
    os.umask(umask)
    for target in transfer.transfer(pairs, read_only=True):
        assert oct(os.stat(target).st_mode & 0o777) == oct(0o444 & ~umask)
    writable = _sequence(tmpdir, 3, folder="v002")
    for target in transfer.transfer(writable):
        assert oct(os.stat(target).st_mode & 0o777) == oct(0o666 & ~umask)


def test_a_small_new_folder_is_fsynced_file_by_file_then_renamed(tmpdir, monkeypatch):
    events = []
    real_fsync = transfer._fsync
    real_rename = transfer._rename_new_folder
    monkeypatch.setattr(transfer, "_fsync", lambda p: events.append(("fsync", p)) or
                        real_fsync(p))
    monkeypatch.setattr(transfer, "_rename_new_folder",
                        lambda s, t: events.append(("rename", t)) or real_rename(s, t))
    pairs = _sequence(tmpdir, 3)
    folder = os.path.dirname(pairs[0][1])
    transfer.transfer(pairs)
    kinds = [kind for kind, _ in events]
    # every file, then the staging folder's entries, before the rename; then its parent
    assert kinds == ["fsync"] * 4 + ["rename", "fsync"]
    assert transfer.TMP_MARK in events[3][1] and events[-1][1] == os.path.dirname(folder)


def test_a_killed_run_leaves_only_hidden_staging_and_the_rerun_places_everything(tmpdir):
    pairs = _sequence(tmpdir, 4)
    folder = os.path.dirname(pairs[0][1])
    # What a process killed mid-copy leaves: a hidden staging folder, half-full.
    dead = transfer.temporary_name(folder, "deadbeef0000")
    os.makedirs(dead)
    _write(os.path.join(dead, "beauty.1001.exr"), b"fra")
    assert not os.path.exists(folder)
    transfer.transfer(pairs)
    assert [_read(t) for _, t in pairs] == [_read(s) for s, _ in pairs]
    assert _hidden(str(tmpdir.join("pub"))) == [os.path.basename(dead)]  # deletable leftover


def test_existing_targets_checks_only_folders_that_exist(tmpdir, monkeypatch):
    tmpdir.mkdir("old")
    here = _write(str(tmpdir.join("old", "a.exr")), b"x")
    checked = []
    real = os.path.lexists
    monkeypatch.setattr(transfer.os.path, "lexists", lambda p: checked.append(p) or real(p))
    new = [str(tmpdir.join("new", "f%d" % i)) for i in range(50)]
    assert transfer.existing_targets(new + [here, str(tmpdir.join("old", "b.exr"))]) == [here]
    assert not [p for p in checked if "new" in p]


def test_a_failing_folder_rename_is_a_publish_error_and_leaves_nothing(tmpdir, monkeypatch):
    import errno

    def refused(source, target):
        raise OSError(errno.EXDEV, "Invalid cross-device link (simulated)")
    monkeypatch.setattr(transfer, "_rename_new_folder", refused)
    with pytest.raises(PublishError) as info:
        transfer.transfer(_sequence(tmpdir, 3))
    assert "cannot move" in str(info.value) and "cross-device" in str(info.value)
    assert os.listdir(str(tmpdir.join("pub"))) == []


@pytest.mark.parametrize("targets, expected", [
    (["/show/r/v001/a.1001.exr", "/show/r/v001/a.1002.exr"], "/show/r/v001"),
    (["/show/r/v001/a.exr"], "/show/r/v001"),
    (["/show/r/v001/a.exr", "/show/r/v002/a.exr"], None),          # another folder
    (["/show/r/v001/a.exr", "/show/r/v001/x/a.exr"], None),        # one level deeper
    (["/show/r/v001/a.exr", "/show/r/v0011/a.exr"], None),         # a longer sibling name
    (["/show/r/v001/a.exr", "/elsewhere/show/r/v001/a.exr"], None),  # the prefix inside
    (["a.exr", "b.exr"], None),                                     # no folder at all
    ([], None),
])
def test_common_folder_is_the_folder_holding_every_target_directly(targets, expected):
    targets = [t.replace("/", os.sep) for t in targets]
    assert transfer.common_folder(targets) == (expected.replace("/", os.sep) if expected
                                               else None)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="statfs types are Linux's")
@pytest.mark.parametrize("where", ["tmpdir", "/dev/shm"])
def test_filesystems_held_in_memory_are_told_apart(tmpdir, where):
    folder = str(tmpdir) if where == "tmpdir" else where
    fd = os.open(folder, os.O_RDONLY)
    try:
        assert transfer._in_memory(fd) is (_filesystem_type(folder) in ("tmpfs", "ramfs"))
    finally:
        os.close(fd)


def _filesystem_type(path):
    """The type of the mount holding ``path``, from /proc/self/mounts (Linux)."""
    path = os.path.realpath(path)
    best = ("", None)
    with open("/proc/self/mounts") as handle:
        for line in handle:
            fields = line.split()
            point = fields[1].replace("\\040", " ")
            if (path == point or path.startswith(point.rstrip("/") + "/")) and \
                    len(point) >= len(best[0]):
                best = (point, fields[2])
    return best[1]
