"""Storage roots reached by another spelling: a symlink, or the physical folder.

A project names its roots once (``primary: /mnt/projects/demo``), but paths do
not always arrive spelled that way: ``/mnt/projects`` may be a symlink to a
filer (``/net/filer01/vol3/projects``), and a host, a file dialog or
``os.getcwd()`` may hand over the resolved path; or the root is configured as
the physical folder and a path comes through a link. Templates and the path
cache read only the configured spelling, so :func:`under_root` writes such a
path back under it.

It is asked only after a path has failed to match as given, so the usual
lookup pays nothing. The resolved spelling of each root is remembered for the
life of the process: roots do not move under a running host.
"""

import os
import re

_REAL_ROOTS = {}  # configured root -> its resolved, normcased spelling


def under_root(path, roots):
    """``path`` written under the configured spelling of the root it lies in,
    or None when it lies under none of ``roots``, or is already spelled so.

    ``roots`` are absolute folders as configured. First the resolved spelling
    of each root is compared with ``path`` as text (no file system access once
    the roots are known); then, for a path outside every root, ``path`` itself
    is resolved (one ``realpath``) and compared again. The part below the root
    keeps the spelling it had (or got from resolving).
    """
    if not path or not roots:
        return None
    text = os.path.normpath(path)
    folded = os.path.normcase(text)
    resolved = []
    for root in roots:
        if not root:
            continue
        spelled = os.path.normcase(os.path.normpath(root))
        if _inside(folded, spelled):
            return None  # already under the configured spelling: nothing to rewrite
        resolved.append((root, spelled, _real_root(root)))
    for root, _, real in resolved:
        if _inside(folded, real):
            return _join(root, text[len(real):])
    real_path = os.path.realpath(text)
    folded = os.path.normcase(real_path)
    for root, spelled, real in resolved:
        for prefix in (real, spelled):
            if _inside(folded, prefix):
                return _join(root, real_path[len(prefix):])
    return None


_SEPARATORS = re.compile(r"[/\\]" if os.altsep else re.escape(os.sep))


def resolve_parent_refs(path):
    """``path`` with its ``..`` taken the way the file system takes them.

    ``os.path.normpath`` drops ``link/..`` as text, but the OS first follows
    ``link`` and then goes to *its target's* parent: ``/show/lnk/../SQ010``
    and the same folder reached from inside ``lnk`` would name two places.
    The part up to the last ``..`` is resolved (``realpath``); the rest keeps
    its spelling. A path without ``..`` is returned unchanged, at no cost.
    """
    if ".." not in path:
        return path
    parts = _SEPARATORS.split(path)
    if ".." not in parts:
        return path
    if not os.path.isabs(path):
        path = os.path.join(os.getcwd(), path)
        parts = _SEPARATORS.split(path)
    last = len(parts) - 1 - parts[::-1].index("..")
    head = os.sep.join(parts[:last + 1]) or os.sep
    rest = [part for part in parts[last + 1:] if part]
    return os.path.join(os.path.realpath(head), *rest) if rest else os.path.realpath(head)


def _real_root(root):
    real = _REAL_ROOTS.get(root)
    if real is None:
        real = _REAL_ROOTS[root] = os.path.normcase(os.path.realpath(root))
    return real


def _inside(path, folder):
    """True when ``path`` is ``folder`` or below it (both normcased)."""
    if path == folder:
        return True
    folder = folder.rstrip(os.sep + (os.altsep or ""))
    return path.startswith(folder + os.sep)


def _join(root, rest):
    rest = rest.lstrip(os.sep + (os.altsep or ""))
    root = os.path.normpath(root)
    return os.path.join(root, rest) if rest else root
