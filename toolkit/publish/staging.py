"""Who owns a staging copy: the token in ``.<name>.reelkit-tmp-<token>``.

Files are staged beside their published path under a hidden name
(:func:`toolkit.publish.transfer.temporary_name`). The token names the host and
the process that staged them, so a clean-up can tell a live publish's staging
(never touched) from a killed one's: on this host a staging copy whose process
is gone is stale at once; one of another host (or of an older Reelkit, with a
token naming no process) only once it has not changed for a grace period.
"""

import errno
import os
import re
import socket
import time
import uuid

#: Marks a staging copy in a folder listing (shared with transfer.py).
TMP_MARK = ".reelkit-tmp-"

#: Seconds a staging copy of another host must stay unchanged before it is
#: judged abandoned. A live copy is written to as it goes; six hours covers the
#: largest single file of a slow link.
DEFAULT_GRACE = 6 * 3600

_TOKEN = re.compile(r"^(?P<host>[A-Za-z0-9]{1,20})-(?P<pid>[0-9]{1,10})-[0-9a-f]{8}$")


def _host_tag(name=None):
    tag = re.sub(r"[^A-Za-z0-9]", "", (name or socket.gethostname()).split(".")[0])
    return (tag or "host")[:20]


def staging_token():
    """A token unique to one transfer, naming this host and process."""
    return "%s-%d-%s" % (_host_tag(), os.getpid(), uuid.uuid4().hex[:8])


def owner(name):
    """``(host tag, pid)`` of a staging name (``.x.exr.reelkit-tmp-<token>``), or None."""
    index = name.rfind(TMP_MARK)
    if index < 0:
        return None
    match = _TOKEN.match(name[index + len(TMP_MARK):])
    if match is None:
        return None
    return match.group("host"), int(match.group("pid"))


def is_staging(name):
    """True for the name of a staging copy (file or folder)."""
    return name.startswith(".") and TMP_MARK in name


def is_stale(path, now=None, grace=DEFAULT_GRACE):
    """True when the staging copy at ``path`` belongs to no live publish.

    Live means: staged by a process of this host that still runs, or (another
    host, an unknown token) changed less than ``grace`` seconds ago. A folder
    counts as changed when any file in it is.
    """
    who = owner(os.path.basename(path))
    if who is not None and who[0] == _host_tag():
        return not _running(who[1])
    now = time.time() if now is None else now
    return now - _last_change(path) >= grace


def _running(pid):
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM  # exists, owned by someone else
    return True


def _last_change(path):
    try:
        latest = os.lstat(path).st_mtime
    except OSError:
        return 0
    if os.path.isdir(path) and not os.path.islink(path):
        for base, _, names in os.walk(path):
            for name in names:
                try:
                    latest = max(latest, os.lstat(os.path.join(base, name)).st_mtime)
                except OSError:
                    pass
    return latest
