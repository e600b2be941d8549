"""What a crashed publish left, found and repaired (``reelkit recover``).

A publish that is killed (``kill -9``, a crash, a power cut) never leaves a
partial file at a published path of a new version folder, but it may leave:

``staging``
    hidden ``.<name>.reelkit-tmp-<token>`` copies (files or folders) beside
    published paths. A copy is stale when its process is gone (same host) or,
    for another host, when it has not changed for a grace period
    (:mod:`toolkit.publish.staging`); a live publish's copy is never touched.
``journal``
    the journal of an interrupted publish run (:mod:`toolkit.publish.run`)
    whose lock nobody holds.
``orphan``
    files at a published path that no record in the store names: the killed
    publish placed them (or part of a frame set) but never registered them.
``records``
    not a crash's, but found and repaired here too: publish records written
    before paths were stored relative to their root, still holding an absolute
    path under a root (one finding per root). ``repair`` rewrites them relative
    (:meth:`toolkit.store.base.Store.relativize_publish_paths`), so they stay
    readable once the project moves or is seen from another OS.

**The rule for a path without a record**: it is not a publish. Nothing reads
it (the Loader lists records), and it blocks the next publish that would land
there (a published path is never overwritten). ``repair`` moves it aside, to
``<project>/.reelkit/recovered/<UTC time>/`` under its path relative to its
root, never deletes it, so a publish of the same name can then go ahead and a
TD can still look at what was there. A path that *has* a record belongs to
that publish: the publish command names it, and it is never moved.

Published paths are those of the templates the store's records already use,
plus the templates named by the caller (a project whose first publish crashed
has no records yet).
"""

import datetime
import logging
import os
import shutil

import six

from toolkit.publish import staging

log = logging.getLogger(__name__)

#: Where orphans are moved, relative to the project folder.
RECOVERED_FOLDER = os.path.join(".reelkit", "recovered")

#: Seconds since a file was placed (its inode changed) before a path without a
#: record is judged an orphan: a live publish places its files, then records
#: them a moment later, and that moment must never look like a crash.
ORPHAN_AGE = 15 * 60


class Finding(object):
    """One thing a crash left: ``kind`` (staging, journal, orphan), ``path``
    (for an orphan frame set: its recorded-path spelling), ``files`` (what
    repair touches) and ``detail`` (a sentence for the report)."""

    def __init__(self, kind, path, files, detail):
        self.kind = kind
        self.path = path
        self.files = list(files)
        self.detail = detail

    def __repr__(self):
        return "<Finding %s %s>" % (self.kind, self.path)


def scan(project, store, folders=None, templates=(), now=None, grace=staging.DEFAULT_GRACE,
         orphan_age=ORPHAN_AGE):
    """Every :class:`Finding` under ``folders`` (default: the project's roots).

    ``templates``: names of publish templates to check besides those the
    store's records use. ``grace``: see :func:`toolkit.publish.staging.is_stale`;
    ``orphan_age``: see :data:`ORPHAN_AGE`. Reads only: nothing is changed.
    """
    import time
    from toolkit.publish.journal import journal_folder
    now = time.time() if now is None else now
    findings, live = _journals(journal_folder(project))
    publish_templates = _publish_templates(project, store, templates)
    candidates = {}
    for folder in _folders(project, folders):
        for base, dirs, names in os.walk(folder):
            hidden = [d for d in dirs if d.startswith(".")]
            for name in hidden:
                dirs.remove(name)  # staging folders, .thumbnails, .reelkit: not walked
                path = os.path.join(base, name)
                if staging.is_staging(name) and staging.is_stale(path, now, grace):
                    findings.append(Finding("staging", path, [path], "staging folder of a "
                                            "publish that is no longer running"))
            for name in names:
                path = os.path.join(base, name)
                if staging.is_staging(name):
                    if staging.is_stale(path, now, grace):
                        findings.append(Finding("staging", path, [path], "staging copy of a "
                                                "publish that is no longer running"))
                elif not name.startswith(".") and publish_templates and \
                        path not in live and _placed_before(path, now - orphan_age):
                    recorded = _recorded_path(project, publish_templates, path)
                    if recorded is not None:
                        candidates.setdefault(recorded, []).append(path)
    for name, count in sorted(store.absolute_publish_paths().items()):
        findings.append(Finding("records", store.roots.get(name, name), [], "%d publish "
                                "record(s) keep an absolute path under root '%s' (written before "
                                "paths were stored relative to their root)" % (count, name)))
    if candidates:
        known = store.publishes_by_paths(list(candidates))
        from toolkit.store import normalize_path
        for recorded in sorted(candidates):
            if normalize_path(recorded) not in known:
                files = sorted(candidates[recorded])
                detail = ("%d file(s) at a published path with no publish record"
                          % len(files))
                findings.append(Finding("orphan", recorded, files, detail))
    return findings


def repair(project, store, findings, stamp=None, grace=staging.DEFAULT_GRACE):
    """Repair ``findings`` (from :func:`scan`); returns the findings repaired.

    Staging copies are checked again and removed; interrupted runs are rolled
    back (:func:`toolkit.publish.run.recover_runs`); orphans are moved under
    :data:`RECOVERED_FOLDER` (see the module docstring for the rule).
    """
    from toolkit.publish import transfer
    from toolkit.publish.journal import recover_runs
    stamp = stamp or datetime.datetime.utcnow().strftime("%Y%m%d-%H%M%S")
    done = []
    if any(f.kind == "journal" for f in findings):
        recovered = set(recover_runs(project, store))
        done.extend(f for f in findings if f.kind == "journal" and f.path in recovered)
    if any(f.kind == "records" for f in findings):
        store.relativize_publish_paths()
        done.extend(f for f in findings if f.kind == "records")
    for finding in findings:
        if finding.kind == "staging":
            # Checked again: the publish may have been a live one of another host.
            if not os.path.lexists(finding.path) or not staging.is_stale(finding.path, None,
                                                                         grace):
                continue
            if os.path.isdir(finding.path) and not os.path.islink(finding.path):
                transfer._remove_tree(finding.path)
            else:
                transfer._remove(finding.path)
            done.append(finding)
        elif finding.kind == "orphan":
            if store.publishes_by_paths([finding.path]):
                continue  # recorded since the scan: a publish that was finishing
            target_root = os.path.join(project.root, RECOVERED_FOLDER, stamp)
            for path in finding.files:
                _move_aside(project, path, target_root)
            done.append(finding)
    return done


def _journals(folder):
    """``(findings, live targets)``: journals of interrupted runs, and the paths
    the live runs are placing (never judged orphans)."""
    import io
    import json
    from toolkit.publish.journal import Journal, SUFFIX
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return [], set()
    found = []
    live = set()
    for name in names:
        if not name.endswith(SUFFIX):
            continue
        path = os.path.join(folder, name)
        journal = Journal.claim(path)
        if journal is None:  # a live run holds it: read what it places
            try:
                with io.open(path, "rb") as handle:
                    for line in handle.read().splitlines():
                        try:
                            live.update(json.loads(line.decode("utf-8")).get("targets") or ())
                        except (ValueError, AttributeError):
                            break
            except (IOError, OSError):
                pass
            continue
        journal.release()
        found.append(Finding("journal", path, [path], "journal of an interrupted publish run"))
    return found, live


def _placed_before(path, moment):
    try:
        return os.lstat(path).st_ctime < moment
    except OSError:
        return False


def _folders(project, folders):
    if folders:
        return [os.path.abspath(f) for f in folders]
    roots = sorted(set(os.path.abspath(r) for r in (project.roots or {}).values()))
    # A root inside another is walked once, as part of the outer one.
    return [r for r in roots if not any(r != o and r.startswith(o.rstrip(os.sep) + os.sep)
                                        for o in roots)]


def _publish_templates(project, store, names):
    """Names of the path templates publishes land at: those named, and those
    the paths of the store's records match."""
    templates = project.templates
    chosen = set()
    for name in names:
        templates[name]  # a TemplateError names an unknown one
        chosen.add(name)
    from toolkit.store.lookup import project_link
    project = project_link(store)  # a studio store holds other projects' publishes too
    filters = [["project", "is", project]] if project is not None else []
    paths = [record["path"] for record in store.find("PublishedFile", filters, ["path"])]
    for path in paths:
        template = templates.template_from_path(path)
        if template is not None:
            chosen.add(template.name)
    return chosen


def _recorded_path(project, names, path):
    """The path a record of the publish holding ``path`` would name (for a frame:
    the sequence spelled with ``%d``), or None when no publish template matches."""
    from toolkit.templates.keys import SequenceKey
    for template in project.templates.templates_from_path(path):
        if template.name not in names:
            continue
        fields = template.get_fields(path)
        for key in template.keys.values():
            if isinstance(key, SequenceKey) and isinstance(fields.get(key.field),
                                                           six.integer_types):
                fields[key.field] = "FORMAT: %d"
        return template.apply_fields(fields)
    return None


def _move_aside(project, path, target_root):
    rel = None
    for root in sorted((project.roots or {}).values(), key=len, reverse=True):
        root = os.path.abspath(root)
        if path.startswith(root.rstrip(os.sep) + os.sep):
            rel = os.path.relpath(path, root)
            break
    target = os.path.join(target_root, rel or path.lstrip(os.sep))
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    shutil.move(path, target)
    log.warning("moved %s (no publish record) to %s", path, target)
    return target
