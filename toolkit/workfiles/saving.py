"""Saving the open scene as a new version: the one version-up every tool uses.

The File Save dialog, the ``Version Up`` menu command, ``reelkit run workfiles
version-up`` and the publisher's finalize step all end in :func:`save_new_version`,
so "the next free version" means the same thing everywhere.
"""

from toolkit.workfiles.area import USER_FIELD, WorkArea, current_login
from toolkit.workfiles.versions import claim_version, release


def version_up(host, project, context=None):
    """Save the open scene as the next free version of its work file; return the new path.

    ``host`` is the engine's :class:`~toolkit.platform.host.HostAdapter`,
    ``project`` the :class:`~toolkit.config.project.ProjectConfig`, ``context``
    the engine's :class:`~toolkit.context.Context` (its user owns the new file;
    None: the login running this process).

    The open scene must be saved in a work template (a template named
    ``*_work`` with a ``{version}`` key). The new version is one more than the
    highest of the same name in the work area of *every* user and in the
    publish area, and it is claimed by exclusive creation before the host
    writes it, so two artists versioning up at once get two versions.
    When the scene is in a sandbox (``{HumanUser}``), the new version goes to
    the current user's sandbox: versioning up a colleague's file never writes
    into theirs.

    Raises :class:`~toolkit.workfiles.errors.WorkfilesError` (a
    :class:`~toolkit.errors.ReelkitError`) when the scene was never saved or is
    not a work file; nothing is written then.
    """
    area, fields = WorkArea.for_path(project, host.current_scene_path())
    return save_new_version(host, area, fields, context)


def save_new_version(host, area, fields, context=None, user=None):
    """Save the open scene as the next free version of ``fields``' family in ``area``.

    ``fields`` name the file (version ignored); ``user`` the sandbox (default:
    the context's user when the area has sandboxes and ``fields`` name one, so
    a file in the shared area stays shared). Returns the path written. If the
    host fails to save, the claimed empty file is removed and the error raised.
    """
    target = dict(fields)
    if area.has_sandboxes() and (user or target.get(USER_FIELD)):
        login = user or current_login(context)
        if login:
            target[USER_FIELD] = login
    area.work_path(target, version=1)  # a refused field raises before anything is created
    _, path = claim_version(area, target)
    try:
        host.save_scene_as(path)
    except BaseException:
        release(path)
        raise
    return path
