"""Putting files at published paths so that a crash never leaves a partial file there.

Two ways, with the same guarantees:

* **A new folder** (the usual versioned render folder: every target in one
  folder that does not exist yet) is staged whole as a hidden sibling
  ``.<folder>.reelkit-tmp-<token>/`` holding the final file names, flushed,
  then renamed into place in one step. The rename refuses an existing folder
  (see :func:`_rename_new_folder`); if the folder appeared meanwhile, the
  staged files are placed one by one as below, which never overwrites a file.
* **Otherwise** every file is copied to a hidden temporary name *in its target
  folder* (same filesystem, so the final step is a rename, never a copy),
  flushed, and moved into place with a hard link where the filesystem has
  them, which fails if the target exists: a published file is never
  overwritten, even by a concurrent publisher.

A killed process may leave hidden ``.<name>.reelkit-tmp-*`` files or folders
behind; they are never at a published path and can be deleted.
"""

import errno
import os
import stat
import sys

from toolkit.publish.errors import PublishError
from toolkit.publish.staging import TMP_MARK, staging_token

# Above this many files one flush of the target filesystem replaces an fsync per
# file: the same guarantee (data on disk before any file is placed) at a fraction
# of the cost.
_BATCH_SYNC = 16


def temporary_name(target, token=None):
    """A hidden name beside ``target`` (a file or a folder) for staging it.

    ``token`` makes it unique to one transfer; one token serves every file of a
    transfer, since their target names already differ.
    """
    folder, name = os.path.split(target)
    return os.path.join(folder, ".%s%s%s" % (name, TMP_MARK, token or staging_token()))


def existing_targets(targets, folder=None):
    """The ``targets`` that already exist; a folder that does not exist is not
    searched (it cannot hold any), so a new render folder costs one check.

    ``folder``: the folder holding every target, when the caller knows it
    (:func:`common_folder`)."""
    if folder is None:
        folder = common_folder(targets)
    if folder is not None and not os.path.isdir(folder):
        return []
    missing = {}
    found = []
    for target in targets:
        folder = os.path.dirname(target)
        absent = missing.get(folder)
        if absent is None:
            absent = missing[folder] = not os.path.isdir(folder)
        if not absent and os.path.lexists(target):
            found.append(target)
    return found


def common_folder(targets):
    """The folder holding every one of ``targets`` directly, else None.

    This runs on every frame of a sequence, so it counts in C rather than
    looping in Python: joined with NUL (never part of a path), every target
    after the first must follow a NUL with the folder's prefix, and the
    separators must total exactly the prefix's per target, so none comes after
    it. A path it does not recognise gives None, which only means the general
    way.
    """
    if not targets:
        return None
    folder = os.path.dirname(targets[0])
    if not folder:
        return None
    prefix = folder + os.sep
    joined = "\0".join(targets)
    count = len(targets)
    if not joined.startswith(prefix) or joined.count("\0" + prefix) != count - 1:
        return None
    for sep in (os.sep, os.altsep):
        if sep and joined.count(sep) != count * prefix.count(sep):
            return None
    return folder


def transfer(pairs, read_only=False, progress=None, flush=True, folder=None):
    """Copy every ``(source, target)`` pair into place; returns the targets placed.

    ``folder``: the folder holding every target, when the caller knows it
    (:func:`common_folder`).

    All copies are staged before any is placed; on any failure every staged and
    placed file is removed again, so the call either places every target or
    none. ``progress(done, total)`` is called as files are staged.

    ``flush`` puts the data on disk before any file is placed, so that even a
    power cut never leaves a published file without its content. Without it a
    crashed *process* still never leaves a partial file (placing is atomic), and
    on NFS ``close()`` already sends the data to the server.
    """
    if folder is None:
        folder = common_folder([target for _, target in pairs])
    if folder is not None and os.path.dirname(folder) != folder and \
            not os.path.lexists(folder):
        return _transfer_new_folder(pairs, folder, read_only, progress, flush)
    return _transfer_files(pairs, read_only, progress, flush)


def _transfer_new_folder(pairs, folder, read_only, progress, flush):
    """Stage ``folder`` whole beside it, flush, rename it into place."""
    parent = os.path.dirname(folder)
    _make_folder(parent)
    staging = temporary_name(folder)
    try:
        os.mkdir(staging)
    except OSError as exc:
        raise PublishError("cannot create %s: %s" % (staging, exc))
    total = len(pairs)
    cut = len(folder)  # every target is folder + os.sep + its name
    staged = [staging + target[cut:] for _, target in pairs]
    placed = []
    batched = flush and total > _BATCH_SYNC  # one flush for all, not an fsync each
    flusher = None
    try:
        if batched:
            flusher = _batch_flush(staging)
        _stage_all(pairs, staged, read_only, flush and not batched, progress,
                   flusher.written if flusher is not None else None)
        if batched:
            flusher.finish(staged, staging)
        elif flush:
            _fsync(staging)  # its entries, before the folder is renamed
        try:
            renamed = _rename_new_folder(staging, folder)
        except OSError as exc:
            raise PublishError("cannot move %s into place: %s" % (folder, exc))
        if renamed:
            placed = [target for _, target in pairs]
            if flush:
                _fsync(parent)  # the rename itself
            return placed
        # The folder appeared since it was checked (another publish sharing it):
        # place file by file, which refuses any file already there.
        for tmp, (source, target) in zip(staged, pairs):
            _place(tmp, target)
            placed.append(target)
        if flush:
            _fsync(folder)
    except BaseException:
        for path in placed:
            _remove(path)
        _remove_tree(staging)
        raise
    finally:
        if flusher is not None:
            flusher.stop()
    _remove_tree(staging)  # empty by now
    return placed


def _transfer_files(pairs, read_only, progress, flush):
    """Stage every file beside its target, flush, place each with a hard link."""
    total = len(pairs)
    token = staging_token()  # names this host and process: see toolkit.publish.staging
    staged = [temporary_name(target, token) for _, target in pairs]
    placed = []
    # the frames of a sequence share one folder: make it once
    folders = sorted(set(os.path.dirname(target) for _, target in pairs))
    batched = flush and total > _BATCH_SYNC  # one flush for all, not an fsync each
    flusher = None
    try:
        for folder in folders:
            _make_folder(folder)
        if batched:
            flusher = _batch_flush(folders[0])
        _stage_all(pairs, staged, read_only, flush and not batched, progress,
                   flusher.written if flusher is not None else None)
        if batched:
            flusher.finish(staged)
        for tmp, (source, target) in zip(staged, pairs):
            _place(tmp, target)
            placed.append(target)
        if flush:
            for folder in folders:
                _fsync(folder)
    except BaseException:
        for path in placed + staged:
            _remove(path)
        raise
    finally:
        if flusher is not None:
            flusher.stop()
    return placed


def _stage_all(pairs, staged, read_only, fsync, progress, written=None):
    """Copy the source of each pair to its name in ``staged``, each fsynced
    when ``fsync`` (a few files; more are flushed at once afterwards).
    ``written(fd)`` is called with each copy's descriptor once its data is
    written (see :class:`_FileWriteback`)."""
    total = len(pairs)
    opened = _OpenFolders() if _OPEN_AT else None
    try:
        for done, (source, _) in enumerate(pairs, 1):
            _stage(source, staged[done - 1], read_only, fsync, opened, written)
            if progress is not None:
                progress(done, total)
    finally:
        if opened is not None:
            opened.close()


def _make_folder(folder):
    if not os.path.isdir(folder):
        try:
            os.makedirs(folder)
        except OSError as exc:
            if exc.errno != errno.EEXIST:
                raise PublishError("cannot create %s: %s" % (folder, exc))


def _stage(source, tmp, read_only, fsync, folders=None, written=None):
    try:
        # Created without write permission when read-only: the same mode a
        # chmod afterwards would give, without a stat and a chmod per file.
        _copy(source, tmp, 0o444 if read_only else 0o666, folders, written)
    except (IOError, OSError) as exc:
        raise PublishError("cannot copy %s to %s: %s"
                           % (source, os.path.dirname(tmp), exc))
    if fsync:
        _fsync(tmp)


def _rename_new_folder(source, target):
    """Rename folder ``source`` to ``target`` atomically unless ``target`` exists.

    Returns False, having changed nothing at ``target``, when it exists. POSIX
    ``rename`` would silently replace an existing *empty* folder, which may be
    another publisher's, just created. So:

    * Linux: ``renameat2(RENAME_NOREPLACE)`` refuses any existing target;
    * Windows: ``rename`` never replaces a folder;
    * elsewhere, or on a filesystem without ``RENAME_NOREPLACE`` (NFS): the
      name is first claimed with ``mkdir``, which is atomic and refuses an
      existing folder; ``rename`` then replaces only our own empty claim, and
      fails if anything was put in it meanwhile. A process killed between the
      two leaves an empty folder, never a file.
    """
    renameat2 = _renameat2_function()
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, _fs_bytes(source), _AT_FDCWD, _fs_bytes(target),
                     _RENAME_NOREPLACE) == 0:
            return True
        import ctypes
        code = ctypes.get_errno()
        if code in (errno.EEXIST, errno.ENOTEMPTY):
            return False
        if code not in (errno.EINVAL, errno.ENOSYS, getattr(errno, "EOPNOTSUPP", errno.EINVAL)):
            raise OSError(code, os.strerror(code), target)
    if os.name == "nt":
        try:
            os.rename(source, target)
        except OSError:
            if os.path.lexists(target):
                return False
            raise
        return True
    try:
        os.mkdir(target)
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            return False
        raise
    try:
        os.rename(source, target)
    except OSError as exc:
        if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
            return False  # the claim is no longer ours alone: place file by file
        try:
            os.rmdir(target)
        except OSError:
            pass
        raise
    return True


_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_LIBC = {}


def _libc(name, argtypes=None, restype=None):
    """libc's function ``name`` (Linux), looked up once; None elsewhere or
    when this libc lacks it."""
    if name not in _LIBC:
        function = None
        if sys.platform.startswith("linux"):
            try:
                import ctypes
                function = getattr(ctypes.CDLL(None, use_errno=True), name)
                if argtypes is not None:
                    function.argtypes = argtypes(ctypes)
                if restype is not None:
                    function.restype = restype(ctypes)
            except (OSError, AttributeError):
                function = None
        _LIBC[name] = function
    return _LIBC[name]


def _renameat2_function():
    """libc's ``renameat2`` (Linux, glibc 2.28+); None elsewhere."""
    return _libc("renameat2",
                 lambda c: [c.c_int, c.c_char_p, c.c_int, c.c_char_p, c.c_uint],
                 lambda c: c.c_int)


def _fs_bytes(path):
    if isinstance(path, bytes):
        return path
    if hasattr(os, "fsencode"):
        return os.fsencode(path)
    return path.encode(sys.getfilesystemencoding() or "utf-8")


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


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
_sendfile = getattr(os, "sendfile", None)
# Python 3 on POSIX opens a file by name inside an open folder (openat).
_OPEN_AT = os.open in getattr(os, "supports_dir_fd", ())
_CHUNK = 1024 * 1024


def _copy(source, target, mode=0o666, folders=None, written=None):
    """Copy file contents to a new file (never over an existing one).

    Raw descriptors, as ``cp`` uses them: ``sendfile`` where the OS has it,
    else reads and writes of the whole file (Python 2, Windows). ``folders``
    (an :class:`_OpenFolders`) opens both files by name inside their open
    folders. ``shutil.copyfile`` costs about twice as much per small file
    (file objects, extra stat and same-file checks), which dominates a
    1,000-frame sequence. ``written(fd)``, when given, is called with the new
    file's descriptor once its data is written, before it is closed.
    """
    fd_in = _open(source, _READ_FLAGS, 0, folders)
    try:
        size = os.fstat(fd_in).st_size
        fd_out = _open(target, _CREATE_FLAGS, mode, folders)
        try:
            if _sendfile is not None:
                offset = 0
                while offset < size:
                    sent = _sendfile(fd_out, fd_in, offset, size - offset)
                    if not sent:  # the source shrank while we copied
                        break
                    offset += sent
            else:
                _read_write(fd_in, fd_out, size)
            if written is not None:
                written(fd_out)
        finally:
            os.close(fd_out)
    finally:
        os.close(fd_in)


def _open(path, flags, mode, folders):
    if folders is None:
        return os.open(path, flags, mode)
    name, folder = folders.split(path)
    return os.open(name, flags, mode, dir_fd=folder)


def _read_write(fd_in, fd_out, size):
    """Copy ``size`` bytes (fewer if the source shrank) by reads and writes."""
    while size > 0:
        chunk = os.read(fd_in, min(size, _CHUNK))
        if not chunk:
            break
        size -= len(chunk)
        while chunk:
            chunk = chunk[os.write(fd_out, chunk):]


class _OpenFolders(object):
    """The folders one transfer reads from and writes to, each opened once.

    Opening a file by name inside an open folder walks one path component, not
    the whole path: on 1,000 small frames that is about a third of the time of
    the copy (``bench/store.py``, tmpfs). Only where :data:`_OPEN_AT`.
    """

    _FLAGS = getattr(os, "O_PATH", os.O_RDONLY) | getattr(os, "O_DIRECTORY", 0)

    def __init__(self):
        self._fds = {}

    def split(self, path):
        """``(name, folder descriptor)`` for ``path``; the descriptor is None
        (the path is then used whole) for a bare name or a folder that cannot
        be opened."""
        cut = path.rfind(os.sep)
        if cut == -1:
            return path, None
        folder = path[:cut] or os.sep
        try:
            fd = self._fds[folder]
        except KeyError:
            try:
                fd = os.open(folder, self._FLAGS)
            except OSError:
                fd = None
            self._fds[folder] = fd
        return (path[cut + 1:], fd) if fd is not None else (path, None)

    def close(self):
        for fd in self._fds.values():
            if fd is not None:
                os.close(fd)
        self._fds.clear()


def _flush_filesystems(paths, folder=None):
    """Put the data of ``paths`` on disk with one flush per filesystem.

    ``folder``, when given, is the one folder holding every path.

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
    groups = [paths] if folder is not None else _by_filesystem(paths)
    for group in groups:
        fd = os.open(group[0], os.O_RDONLY)
        try:
            if syncfs(fd) != 0:  # refused: fall back to fsyncs on that filesystem
                for path in group:
                    _fsync(path)
        finally:
            os.close(fd)


class _EarlyFlush(object):
    """Writes a filesystem's dirty data back while files are still being staged.

    A background thread calls ``syncfs`` on the filesystem holding ``folder``
    again and again until :meth:`finish`, so the device works while the files
    are copied instead of all at the end. It is only a head start: the final
    :func:`_flush_filesystems` still gives the guarantee, and is not kept
    waiting for the round under way (the two overlap). Measured on ext4
    (``bench/store.py``): with the disk shared and busy, 1,000 frames were
    copied and flushed in a fraction of the time a plain copy took; on a quiet
    disk most of the flush was hidden. Where ``syncfs`` does not exist it does
    nothing.
    """

    _PAUSE = 0.005  # seconds between rounds: a bounded load on a shared filesystem

    def __init__(self, folder):
        self._thread = None
        self._fd = None
        syncfs = _syncfs_function()
        if syncfs is None:
            return
        try:
            self._fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        if _in_memory(self._fd):  # nothing to write back: no thread
            os.close(self._fd)
            self._fd = None
            return
        import threading  # only publishes of many files come here
        self._finished = threading.Event()
        self._syncfs = syncfs
        self._thread = threading.Thread(target=self._run, name="reelkit-early-flush")
        self._thread.daemon = True
        self._thread.start()

    def _run(self):
        # ctypes lets go of the GIL during syncfs: the copying goes on meanwhile
        while not self._finished.is_set():
            self._syncfs(self._fd)
            self._finished.wait(self._PAUSE)

    def finish(self):
        """Start no more rounds (the one under way goes on)."""
        if self._thread is not None:
            self._finished.set()

    def stop(self):
        """Finish, and wait for the round under way; safe to call twice."""
        if self._thread is not None:
            self._finished.set()
            self._thread.join()
            self._thread = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


#: How a transfer of more than ``_BATCH_SYNC`` files puts its data on disk
#: before placing any (each keeps the guarantee; ``bench/store.py`` compares
#: them with a neighbour writing to the same disk, see docs/store.md):
#:
#: * ``"writeback"``: each file's writeback started as it is written, then one
#:   ``syncfs`` (:class:`_FileWriteback`); where Linux's ``sync_file_range``
#:   exists, else as ``"filesystem"``;
#: * ``"writeback-fdatasync"``: the same, then ``fdatasync`` per file instead:
#:   never touches another process's data, but one device cache flush per file;
#: * ``"filesystem"``: ``syncfs`` every few milliseconds while copying, then
#:   once more (:class:`_FilesystemFlush`).
BATCH_FLUSH = "writeback"


def _batch_flush(folder):
    """The flusher of a batched transfer staging into ``folder``."""
    if BATCH_FLUSH != "filesystem" and _sync_file_range_function() is not None:
        return _FileWriteback(folder, per_file=BATCH_FLUSH == "writeback-fdatasync")
    return _FilesystemFlush(folder)


class _FilesystemFlush(object):
    """The whole filesystem flushed: ``syncfs`` every few milliseconds while
    the files are copied (:class:`_EarlyFlush`), then once more at the end.

    Every round writes back every process's dirty data on that filesystem
    along with ours, and waits for it: on a shared volume the neighbours pay,
    again and again, and so does the publish when they write much.
    """

    written = None  # nothing to do per file

    def __init__(self, folder):
        self._early = _EarlyFlush(folder)

    def finish(self, staged, folder=None):
        """Put the data of ``staged`` on disk (``folder``: the one folder holding them)."""
        self._early.finish()
        _flush_filesystems(staged, folder)

    def stop(self):
        self._early.stop()


class _FileWriteback(object):
    """Each file's own data sent to the disk as soon as it is copied; one
    flush at the end.

    For each new file (:meth:`written`), a background thread calls
    ``sync_file_range(SYNC_FILE_RANGE_WRITE)``: the kernel starts writing that
    file's pages back, so the device works while the next files are copied
    (what the early ``syncfs`` rounds did, without touching anyone else's
    data). The thread does it, not the copy, because that call does the
    filesystem's block allocation there and then: on two busy cores it cost
    the copy a third of its speed. That call writes no metadata and flushes
    no device cache: alone it promises nothing after a power cut (its manual
    page says so; git's batched fsync is not claimed as safe as fsync on Linux
    for that reason). So :meth:`finish` still flushes, once: ``syncfs`` of the
    filesystem (the flush the guarantee has always rested on, with little of
    ours left to write by then), or with ``per_file``, ``fdatasync`` of each
    file and ``fsync`` of its folder, which writes nothing of the neighbours'
    but flushes the device's cache once per file. On a filesystem held in
    memory there is nothing to write back, and no thread.
    """

    def __init__(self, folder, per_file=False):
        self._sync_file_range = _sync_file_range_function()
        self._per_file = per_file
        self._thread = None
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            fd = None
        if fd is not None:
            try:
                if _in_memory(fd):
                    self.written = None
                    return
            finally:
                os.close(fd)
        import threading  # only publishes of many files come here
        try:
            import queue
        except ImportError:  # Python 2
            import Queue as queue
        self._queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="reelkit-writeback")
        self._thread.daemon = True
        self._thread.start()

    def written(self, fd):
        """Have the data of the just-copied file ``fd`` written back (soon)."""
        self._queue.put(os.dup(fd))  # the copy closes its own descriptor at once

    def _run(self):
        while True:
            fd = self._queue.get()
            if fd is None:
                return
            try:
                # A refusal (EINVAL on a filesystem without it) only loses
                # the head start: finish() still gives the guarantee.
                self._sync_file_range(fd, 0, 0, _SYNC_FILE_RANGE_WRITE)
            finally:
                os.close(fd)

    def finish(self, staged, folder=None):
        """Put the data of ``staged`` on disk (``folder``: the one folder holding them)."""
        self.stop()  # every writeback started
        if not self._per_file:
            _flush_filesystems(staged, folder)
            return
        for path in staged:
            try:
                _fdatasync(path)
            except OSError as exc:  # an I/O error: the data may not be on disk
                raise PublishError("cannot flush %s to disk: %s" % (path, exc))
        for parent in set(os.path.dirname(path) for path in staged):
            _fsync(parent)

    def stop(self):
        """Let the thread start what is queued, and end; safe to call twice."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None


_SYNC_FILE_RANGE_WRITE = 2  # linux/fs.h


def _sync_file_range_function():
    """libc's ``sync_file_range`` (Linux); None elsewhere."""
    return _libc("sync_file_range",
                 lambda c: [c.c_int, c.c_int64, c.c_int64, c.c_uint],
                 lambda c: c.c_int)


def _fdatasync(path):
    """``fdatasync`` of the file at ``path`` (``fsync`` where there is none);
    raises OSError when it fails: the data may not be on disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        getattr(os, "fdatasync", os.fsync)(fd)
    finally:
        os.close(fd)


# statfs magic numbers of Linux filesystems held in memory (linux/magic.h)
_MEMORY_FILESYSTEMS = (0x01021994, 0x858458f6)  # tmpfs, ramfs


def _in_memory(fd):
    """True when ``fd`` is on a Linux filesystem held in memory (tmpfs, ramfs),
    which has nothing to write back; False when not, or not known."""
    fstatfs = _libc("fstatfs")
    if fstatfs is None:
        return False
    try:
        import ctypes
        buffer = ctypes.create_string_buffer(256)  # struct statfs, with room to spare
        if fstatfs(fd, buffer) != 0:
            return False
        # f_type comes first, a C long (__fsword_t) on the usual platforms
        return ctypes.c_long.from_buffer(buffer).value in _MEMORY_FILESYSTEMS
    except (OSError, AttributeError, ValueError):
        return False


def _by_filesystem(paths):
    """``paths`` grouped by filesystem; the files of one folder share its
    filesystem, so that is one stat per folder, not per file."""
    devices = {}
    groups = {}
    for path in paths:
        folder = os.path.dirname(path)
        device = devices.get(folder)
        if device is None:
            device = devices[folder] = os.stat(folder or ".").st_dev
        groups.setdefault(device, []).append(path)
    return list(groups.values())


def _syncfs_function():
    """libc's ``syncfs`` (Linux); None elsewhere."""
    return _libc("syncfs")


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


def _remove_tree(folder):
    """Remove a staging folder and the files in it (read-only ones too)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        _remove(os.path.join(folder, name))
    try:
        os.rmdir(folder)
    except OSError:
        pass


def _remove(path):
    try:
        if os.path.lexists(path):
            os.chmod(path, stat.S_IWUSR | stat.S_IRUSR)
            os.unlink(path)
    except OSError:
        pass
