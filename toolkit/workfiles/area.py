"""Work areas: which templates hold a work file, its publishes and its snapshots.

A work file lives in a *work template* (``maya_shot_work``:
``.../{Step}/work/[{HumanUser}/]maya/{Shot}[_{Task}]_{name}_v{version}.{maya_extension}``).
Its publishes and snapshots live in sibling templates named by convention:
the work template's name with ``_work`` replaced by ``_publish`` and
``_snapshot`` (``maya_shot_publish``, ``maya_shot_snapshot``). A project that
names its templates otherwise gives them explicitly (the Workfiles app's
``template_*`` settings do).

A *family* of work files is every file that differs only by version, sandbox
(user) and extension: ``SH010_anim_main_v003.ma`` of alice and
``SH010_anim_main_v007.mb`` of bob are versions 3 and 7 of the same family, so
the next free version of either is 8.
"""

import getpass

from toolkit.workfiles.errors import WorkfilesError

#: The field holding a work file's version.
VERSION_FIELD = "version"
#: The field naming the artist whose sandbox a file is in.
USER_FIELD = "HumanUser"
#: The field holding the file extension (every host's extension key aliases it).
EXTENSION_FIELD = "extension"
#: The field holding a snapshot's time.
TIMESTAMP_FIELD = "timestamp"

#: Fields that do not tell one family of work files from another.
FAMILY_OPEN_FIELDS = (VERSION_FIELD, USER_FIELD, EXTENSION_FIELD, TIMESTAMP_FIELD)

WORK_SUFFIX = "_work"


def current_login(context=None):
    """The login of ``context``'s user, else the login running this process, else None."""
    user = getattr(context, "user", None) if context is not None else None
    if user and user.get("login"):
        return user["login"]
    try:
        return getpass.getuser()
    except Exception:  # no login name in this environment (some farm containers)
        return None


def sibling_template_name(work_name, kind):
    """``maya_shot_publish`` for (``maya_shot_work``, "publish"): the naming convention."""
    if not work_name.endswith(WORK_SUFFIX):
        return None
    return work_name[:-len(WORK_SUFFIX)] + "_" + kind


def is_work_template_name(name):
    """True for template names that follow the work template convention (``*_work``)."""
    return name.endswith(WORK_SUFFIX)


class WorkArea(object):
    """The templates of one kind of work file: ``work``, ``publish``, ``snapshot``.

    ``publish`` and ``snapshot`` may be None (no such area). Build one with
    :meth:`for_path` (the template a file is in) or :meth:`for_names`.
    """

    def __init__(self, project, work, publish=None, snapshot=None):
        self.project = project
        self.work = work
        self.publish = publish
        self.snapshot = snapshot

    def __repr__(self):
        return "<WorkArea %s>" % self.work.name

    @classmethod
    def for_names(cls, project, work, publish=None, snapshot=None):
        """The area of templates named ``work`` (required), ``publish`` and ``snapshot``.

        A missing ``publish``/``snapshot`` name follows the ``*_work`` convention
        and is simply absent when the project has no such template; a name given
        explicitly must exist.
        """
        templates = project.templates
        if work not in templates:
            raise WorkfilesError("work template %r is not in %s" % (work, project.templates_path))
        found = [templates[work]]
        for kind, name in (("publish", publish), ("snapshot", snapshot)):
            if name is None:
                name = sibling_template_name(work, kind)
                found.append(templates.get(name) if name else None)
            elif name not in templates:
                raise WorkfilesError("%s template %r is not in %s"
                                     % (kind, name, project.templates_path))
            else:
                found.append(templates[name])
        return cls(project, *found)

    @classmethod
    def for_path(cls, project, path):
        """``(area, fields)`` for a file of a work template; :class:`WorkfilesError` otherwise."""
        if not path:
            raise WorkfilesError("the scene was never saved: save it into a work area first")
        template, fields = project.templates.match_path(path)
        if template is None:
            raise WorkfilesError("%s is in no template of %s: save it into a work area first"
                                 % (path, project.templates_path))
        if not is_work_template_name(template.name):
            raise WorkfilesError("%s is a %s file, not a work file (a template named *%s)"
                                 % (path, template.name, WORK_SUFFIX))
        if VERSION_FIELD not in fields:
            raise WorkfilesError("%s: template %s has no {%s} key to version up"
                                 % (path, template.name, VERSION_FIELD))
        return cls.for_names(project, template.name), fields

    # -- paths -------------------------------------------------------------

    def work_path(self, fields, version=None, user=None):
        """The work file for ``fields`` with ``version`` and ``user`` (when given)."""
        return self.work.apply_fields(self._with(fields, version, user))

    def family(self, fields):
        """The fields that name a family: ``fields`` without version, user, extension."""
        return dict((f, v) for f, v in fields.items() if f not in FAMILY_OPEN_FIELDS)

    def _with(self, fields, version=None, user=None):
        fields = dict(fields)
        if version is not None:
            fields[VERSION_FIELD] = version
        if user is not None and USER_FIELD in self.work.keys:
            fields[USER_FIELD] = user
        return fields

    def has_sandboxes(self):
        """True when work files live in per-user sandboxes (``{HumanUser}`` in the path)."""
        return USER_FIELD in self.work.keys
