"""Putting files at published paths so that a crash never leaves a partial file there.

Every file is first copied to a hidden temporary name *in its target folder*
(same filesystem, so the final step is a rename, never a copy), flushed to disk,
and only then moved into place. Moving uses a hard link where the filesystem
has them, which fails if the target exists: a published file is never
overwritten, even by a concurrent publisher. A killed process may leave hidden
``.<name>.reelkit-tmp-*`` files behind; they are never at a published path and
can be deleted.
"""

import errno
import io
import os
import shutil
import stat
import sys
import uuid

from toolkit.publish.errors import PublishError

TMP_MARK = ".reelkit-tmp-"
# Above this many files one flush of the target filesystem replaces an fsync per
# file: the same guarantee (data on disk before any file is placed) at a fraction
# of the cost.
_BATCH_SYNC = 16


def temporary_name(target, token=None):
    """A hidden name beside ``target`` for staging its copy.

    ``token`` makes it unique to one transfer; one token serves every file of a
    transfer, since their target names already differ.
    """
    folder, name = os.path.split(target)
    return os.path.join(folder, ".%s%s%s" % (name, TMP_MARK, token or uuid.uuid4().hex[:12]))


def transfer(pairs, read_only=False, progress=None, flush=True):
    """Copy every ``(source, target)`` pair into place; returns the targets placed.

    All copies are staged before any is placed; on any failure every staged and
    placed file is removed again, so the call either places every target or
    none. ``progress(done, total)`` is called as files are staged.

    ``flush`` puts the data on disk before any file is placed, so that even a
    power cut never leaves a published file without its content. Without it a
    crashed *process* still never leaves a partial file (placing is atomic), and
    on NFS ``close()`` already sends the data to the server.
    """
    total = len(pairs)
    staged = []
    placed = []
    token = uuid.uuid4().hex[:12]
    folders = set()  # the frames of a sequence share one folder: check it once
    try:
        for done, (source, target) in enumerate(pairs, 1):
            folder = os.path.dirname(target)
            if folder not in folders:
                if not os.path.isdir(folder):
                    try:
                        os.makedirs(folder)
                    except OSError as exc:
                        if exc.errno != errno.EEXIST:
                            raise PublishError("cannot create %s: %s" % (folder, exc))
                folders.add(folder)
            tmp = temporary_name(target, token)
            staged.append(tmp)
            try:
                _copy(source, tmp)
            except (IOError, OSError) as exc:
                raise PublishError("cannot copy %s to %s: %s" % (source, folder, exc))
            if read_only:
                mode = stat.S_IMODE(os.stat(tmp).st_mode)
                os.chmod(tmp, mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
            if flush and total <= _BATCH_SYNC:
                _fsync(tmp)
            if progress is not None:
                progress(done, total)
        if flush and total > _BATCH_SYNC:
            _flush_filesystems(staged)
        for tmp, (source, target) in zip(staged, pairs):
            _place(tmp, target)
            placed.append(target)
        if flush:
            for folder in sorted(folders):
                _fsync(folder)
    except BaseException:
        for path in placed + staged:
            _remove(path)
        raise
    return placed


def _place(tmp, target):
    try:
        os.link(tmp, target)  # atomic, and refuses an existing target
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise PublishError("%s already exists: a published file is never overwritten"
                               % target)
        # no hard links here (SMB, some NAS): rename, after checking
        if os.path.exists(target):
            raise PublishError("%s already exists: a published file is never overwritten"
                               % target)
        os.rename(tmp, target)
        return
    os.unlink(tmp)


def _copy(source, target):
    """Copy file contents to a new file (never over an existing one), with
    ``sendfile`` where the OS has it, as ``cp`` does.

    ``shutil.copyfile`` costs about twice as much per small file (extra stat
    and same-file checks), which dominates a 1,000-frame sequence.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    if not hasattr(os, "sendfile"):  # Python 2, Windows
        with io.open(source, "rb") as reader:
            with io.open(os.open(target, flags, 0o666), "wb") as writer:
                shutil.copyfileobj(reader, writer, 1024 * 1024)
        return
    fd_in = os.open(source, os.O_RDONLY)
    try:
        size = os.fstat(fd_in).st_size
        fd_out = os.open(target, flags, 0o666)
        try:
            offset = 0
            while offset < size:
                sent = os.sendfile(fd_out, fd_in, offset, size - offset)
                if not sent:  # the source shrank while we copied
                    break
                offset += sent
        finally:
            os.close(fd_out)
    finally:
        os.close(fd_in)


def _flush_filesystems(paths):
    """Put the data of ``paths`` on disk with one flush per filesystem.

    Linux's ``syncfs`` flushes only the filesystem holding the files;
    ``os.sync`` would flush every mount of the machine (network shares and
    render caches included). Without either, every file is fsynced.
    """
    syncfs = _syncfs_function()
    if syncfs is None:
        if hasattr(os, "sync"):
            os.sync()
        else:
            for path in paths:
                _fsync(path)
        return
    seen = set()
    for path in paths:
        device = os.stat(path).st_dev
        if device in seen:
            continue
        seen.add(device)
        fd = os.open(path, os.O_RDONLY)
        try:
            if syncfs(fd) != 0:  # refused: fall back to fsyncs on that filesystem
                for other in paths:
                    if os.stat(other).st_dev == device:
                        _fsync(other)
        finally:
            os.close(fd)


_SYNCFS = []


def _syncfs_function():
    """libc's ``syncfs`` (Linux), looked up once; None elsewhere."""
    if not _SYNCFS:
        function = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes
                function = ctypes.CDLL(None, use_errno=True).syncfs
            except (OSError, AttributeError):
                function = None
        _SYNCFS.append(function)
    return _SYNCFS[0]


def _fsync(path):
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # folders cannot be fsynced on every platform
        pass
    finally:
        os.close(fd)


def _remove(path):
    try:
        if os.path.lexists(path):
            os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
            os.unlink(path)
    except OSError:
        pass
