"""Everything the Workfiles panels do, without Qt: list, open, save, version up, snapshot.

:class:`WorkfilesSession` binds the project, the host, the store, the engine's
context and the app's settings. The app builds one from itself
(:meth:`WorkfilesSession.from_app`); tests and the benchmark build one directly.

Two decisions belong to the artist and are asked through callables the panel
supplies (headless callers pass their own answer):

* ``ask_unsaved()`` -> :data:`SAVE`, :data:`DISCARD` or :data:`CANCEL` before
  a scene with unsaved changes is replaced (open, new file);
* ``switch_context(context)`` changes the engine's context (default: the
  engine's own :meth:`~toolkit.platform.engine.Engine.change_context`).
"""

import collections
import os
import shutil

from toolkit.context import Context
from toolkit.templates.keys import StringKey
from toolkit.workfiles import (EXTENSION_FIELD, USER_FIELD, VERSION_FIELD, WorkArea,
                               WorkfilesError, claim_version, current_login, list_snapshots,
                               list_work_files, next_free_version, save_new_version, snapshot,
                               version_up)
from toolkit.workfiles.versions import family_files

from .publishes import task_publishes

#: Answers of ``ask_unsaved``.
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"

#: What :meth:`WorkfilesSession.open_file` reports: the file opened (None when
#: cancelled), whether the context changed, and -- when a newer work file of the
#: same name exists in any sandbox -- its path (``newer``) and version
#: (``newer_version``); both None otherwise.
OpenResult = collections.namedtuple("OpenResult", "path context_changed newer newer_version")
OpenResult.__new__.__defaults__ = (None, None)

#: A Save As preview: the path that would be written and its version.
SavePreview = collections.namedtuple("SavePreview", "path version")


def _refuse_unsaved():
    raise WorkfilesError("the scene has unsaved changes: save it first (or answer the "
                         "Save / Don't save / Cancel question in the panel)")


class WorkfilesSession(object):
    """The project, host, store and context one Workfiles panel works with.

    ``engine_name`` picks work templates (``template_work`` setting, default
    ``{engine}_{entity_type}_work``); ``start_file`` is the file new scenes start
    from (None: the host's empty scene).
    """

    def __init__(self, project, host, store=None, context=None, engine_name=None,
                 template_work="{engine}_{entity_type}_work", start_file=None,
                 default_name="main", switch_context=None, ask_unsaved=None):
        self.project = project
        self.host = host
        self.store = store
        self.context = context or Context(project)
        self.engine_name = engine_name or getattr(host, "name", None)
        self.template_work = template_work
        self.start_file = start_file
        self.default_name = default_name
        self.switch_context = switch_context
        self.ask_unsaved = ask_unsaved or _refuse_unsaved
        #: Path opened read-only (another user's file): saving over it is refused.
        self.read_only_path = None

    @classmethod
    def from_app(cls, app):
        """The session of a running :class:`WorkfilesApp`."""
        engine = app.engine

        def switch(context):
            engine.change_context(context)

        return cls(app.project, engine.host, app.store, app.context, engine.name,
                   app.get_setting("template_work") or "{engine}_{entity_type}_work",
                   app.get_setting("start_file") or None,
                   app.get_setting("default_name") or "main", switch_context=switch)

    @property
    def me(self):
        """The current user's login (the context's user, else the process's login)."""
        return current_login(self.context)

    # -- where files live ----------------------------------------------------

    def area_for(self, context=None):
        """The :class:`WorkArea` of ``context`` (default: the session's) in this engine."""
        context = context or self.context
        entity = context.entity
        if not entity:
            raise WorkfilesError("context %s has no entity: choose a shot or an asset task"
                                 % context)
        name = self.template_work.format(engine=self.engine_name,
                                         entity_type=entity["type"].lower())
        return WorkArea.for_names(self.project, name)

    def task_fields(self, context=None):
        """The template fields of ``context`` (the sandbox user is left out)."""
        fields = (context or self.context).as_template_fields()
        fields.pop("User", None)
        return fields

    def context_for_task(self, task, entity=None):
        """The :class:`Context` of a store task (or of ``entity`` alone), as the current user."""
        user = self.context.user
        if task is not None:
            return Context.from_entity(dict(task, type="Task"), self.project, self.store,
                                       user=user)
        return Context.from_entity(entity, self.project, self.store, user=user)

    # -- listing -------------------------------------------------------------

    def work_files(self, context=None, user=None):
        """:class:`~toolkit.workfiles.WorkFile` list of every sandbox, mine first.

        ``user``: only that sandbox's files (a login; ``""`` for the shared area).
        """
        context = context or self.context
        files = list_work_files(self.area_for(context), self.task_fields(context), self.me)
        if user is not None:
            files = [f for f in files if (f.user or "") == user]
        return files

    def snapshots(self, context=None):
        """``[(path, fields)]`` of the snapshots of the context's work files, newest first."""
        context = context or self.context
        area = self.area_for(context)
        return list_snapshots(area, self.task_fields(context)) if area.snapshot else []

    def publishes(self, context=None):
        """``OrderedDict(name -> [publish newest first])`` of the context's task (or entity)."""
        if self.store is None:
            return collections.OrderedDict()
        context = context or self.context
        return task_publishes(self.store, context.task, context.entity)

    def newest_work_file(self, area, fields):
        """``(version, path)`` of the newest work file of ``fields``' family in any
        sandbox (mine first among equals), or ``(None, None)``.

        Only work files count: a newer *publish* is offered through Continue from
        publish, never opened in place.
        """
        found = family_files(area.work, area.family(fields))
        if not found:
            return None, None
        newest = max(read[VERSION_FIELD] for _, read in found)
        candidates = sorted((read.get(USER_FIELD) != self.me, path)
                            for path, read in found if read[VERSION_FIELD] == newest)
        return newest, candidates[0][1]

    # -- scene changes ---------------------------------------------------------

    def _settle_unsaved(self):
        """True when the scene may be replaced (saved, discarded or clean)."""
        if not self.host.is_modified():
            return True
        answer = self.ask_unsaved()
        if answer == CANCEL:
            return False
        if answer == SAVE:
            current = self.host.current_scene_path()
            if current is None:
                self.save_as(self.default_name)
            elif self._is_read_only(current):
                self.version_up()  # another artist's file: my changes go to my sandbox
            else:
                self.host.save_scene()
        elif answer != DISCARD:
            raise WorkfilesError("unknown answer %r to the unsaved-changes question" % (answer,))
        return True

    def _is_read_only(self, path):
        return bool(self.read_only_path) and \
            os.path.normcase(path) == os.path.normcase(self.read_only_path)

    def _check_writable(self, path):
        if self._is_read_only(path):
            raise WorkfilesError("%s was opened read-only (another artist's file): version up "
                                 "or save as to keep your changes in your sandbox" % path)

    def _context_of(self, path):
        """The context ``path`` belongs to, with the session's user."""
        found = Context.from_path(path, self.project, self.store)
        return Context(self.project, found.entity, found.step, found.task, self.context.user)

    def _enter(self, context):
        """Switch to ``context`` when it is another place; True when it changed."""
        if _place(context) == _place(self.context):
            return False
        if self.switch_context is not None:
            self.switch_context(context)  # raises (and keeps the old context) on failure
        self.context = context
        return True

    def follow_scene(self):
        """Switch to the context of the scene the host has open (opened elsewhere).

        Returns True when the context changed. A scene outside every template,
        or of the current context, changes nothing.
        """
        path = self.host.current_scene_path()
        if not path:
            return False
        context = self._context_of(path)
        if not context.entity:
            return False
        self.read_only_path = None
        return self._enter(context)

    def record_save(self):
        """Tell the store the open scene was saved, when it is a work file
        (:meth:`Store.record_work_file`: Kitsu lists it; other stores keep none).
        Returns what the store returned, or None for a scene outside the work areas."""
        path = self.host.current_scene_path()
        try:
            _, fields = WorkArea.for_path(self.project, path)
        except WorkfilesError:
            return None  # not a work file: nothing a tracker lists
        context = Context.from_path(path, self.project, self.store)
        if not context.entity or context.entity.get("id") is None:
            return None
        task = context.task if context.task and context.task.get("id") else None
        user = self.context.user if self.context is not None else None
        return self.store.record_work_file(path, context.entity, task, fields.get("name"),
                                           fields.get("version"), user)

    def open_file(self, path, read_only=False):
        """Open ``path`` (switching context to the file's); return an :class:`OpenResult`.

        Unsaved changes are settled first (``ask_unsaved``); CANCEL opens
        nothing. ``read_only``: another artist's file opened in place, which
        this session then refuses to save over. ``OpenResult.newer`` is the
        newest version of the family when ``path`` is older, so the panel can
        offer it.
        """
        if not os.path.isfile(path):
            raise WorkfilesError("%s does not exist" % path)
        if not self._settle_unsaved():
            return OpenResult(None, False)
        old_context = self.context
        changed = self._enter(self._context_of(path))
        try:
            self.host.open_scene(path)
        except BaseException:
            if changed:
                self._enter(old_context)
            raise
        self.read_only_path = path if read_only else None
        try:
            area, fields = WorkArea.for_path(self.project, path)
        except WorkfilesError:
            return OpenResult(path, changed)  # a publish, or a file of no work template
        newest, newest_path = self.newest_work_file(area, fields)
        if newest is not None and newest > fields[VERSION_FIELD]:
            return OpenResult(path, changed, newest_path, newest)
        return OpenResult(path, changed)

    def copy_to_sandbox(self, source, context=None, name=None):
        """Copy ``source`` (a publish, another user's file) to my sandbox as the next free
        version of its name, and open it; return the :class:`OpenResult`.

        The context is ``source``'s own (a publish is continued where it was made)
        unless ``context`` is given; the name is ``source``'s unless ``name`` is.
        """
        if not os.path.isfile(source):
            raise WorkfilesError("%s does not exist" % source)
        if not self._settle_unsaved():
            return OpenResult(None, False)
        context = context or self._context_of(source)
        area = self.area_for(context)
        fields = self.task_fields(context)
        fields.update(self._name_fields(source, area))
        if name:
            fields["name"] = name
        fields[USER_FIELD] = self.me
        sample = area.work_path(fields, version=1)  # a refused field raises here
        if os.path.splitext(sample)[1].lower() != os.path.splitext(source)[1].lower():
            raise WorkfilesError("%s is not a %s work file (%s): it cannot be continued here"
                                 % (source, area.work.name, os.path.splitext(sample)[1]))
        _, target = claim_version(area, fields)
        return OpenResult(target, self._open_copy(source, target, context))

    def _open_copy(self, source, target, context):
        """Copy ``source`` over the claimed ``target``, enter ``context``, open the copy.

        All or nothing: if any step fails the copy is removed (its version stays
        spent) and the old context comes back. Returns whether the context changed.
        """
        old_context = self.context
        changed = False
        try:
            shutil.copyfile(source, target)
            changed = self._enter(context)
            self.host.open_scene(target)
        except BaseException:
            _remove(target)
            if changed:
                self._enter(old_context)
            raise
        self.read_only_path = None
        return changed

    continue_from_publish = copy_to_sandbox

    def can_continue(self, source, context=None):
        """True when ``source`` is a file this engine's work area of ``context`` can hold
        (a Maya scene in Maya; not an Alembic cache)."""
        try:
            area = self.area_for(context)
        except WorkfilesError:
            return False
        extension = os.path.splitext(source or "")[1].lstrip(".").lower()
        allowed = self.extensions(area)
        if allowed:
            return extension in allowed
        return area.work.definition.lower().endswith("." + extension)

    def _name_fields(self, source, area):
        """The name and extension of ``source`` as fields of ``area``'s work template."""
        template, found = self.project.templates.match_path(source)
        fields = {}
        if found:
            for field in ("name", EXTENSION_FIELD):
                if field in found and field in area.work.keys:
                    fields[field] = found[field]
        if EXTENSION_FIELD in area.work.keys and EXTENSION_FIELD not in fields:
            extension = os.path.splitext(source)[1].lstrip(".")
            if extension in self.extensions(area):
                fields[EXTENSION_FIELD] = extension
        return fields

    def new_file(self, context=None, name=None, extension=None):
        """Start a new file in ``context``: from the start file (else an empty scene),
        saved at once as the next free version of ``name`` in my sandbox; return its path.

        Returns None when the artist cancels at the unsaved-changes question.
        """
        if not self._settle_unsaved():
            return None
        context = context or self.context
        old_context = self.context
        changed = self._enter(context)
        try:
            if self.start_file:
                return self._new_from_start_file(context, name, extension)
            self.host.new_scene()
            self.read_only_path = None
            return self.save_as(name or self.default_name, extension)
        except BaseException:
            if changed:
                self._enter(old_context)
            raise

    def _new_from_start_file(self, context, name=None, extension=None):
        # The start file copied to the next free version of ``name``, and opened.
        area = self.area_for(context)
        fields = self.task_fields(context)
        fields.update({"name": name or self.default_name, USER_FIELD: self.me})
        extension = extension or os.path.splitext(self.start_file)[1].lstrip(".")
        if EXTENSION_FIELD in area.work.keys:
            fields[EXTENSION_FIELD] = extension
        area.work_path(fields, version=1)
        _, target = claim_version(area, fields)
        self._open_copy(self.start_file, target, context)
        return target

    # -- saving ----------------------------------------------------------------

    def extensions(self, area=None):
        """Extensions the work template allows (``["ma", "mb"]``; empty when it fixes one)."""
        area = area or self.area_for()
        key = area.work.keys.get(EXTENSION_FIELD)
        if key is None or not isinstance(key, StringKey) or not key.choices:
            return []
        return list(key.choices)

    def _save_fields(self, name, extension=None, context=None):
        context = context or self.context
        area = self.area_for(context)
        fields = self.task_fields(context)
        fields["name"] = name
        if USER_FIELD in area.work.keys:
            fields[USER_FIELD] = self.me
        if extension and EXTENSION_FIELD in area.work.keys:
            fields[EXTENSION_FIELD] = extension
        return area, fields

    def preview_save_as(self, name, extension=None, context=None):
        """The :class:`SavePreview` of Save As ``name``: path and next free version.

        Writes nothing. A name a key refuses raises
        :class:`~toolkit.errors.FieldError` naming the key and its rule.
        """
        area, fields = self._save_fields(name, extension, context)
        area.work_path(fields, version=1)  # the rule check, before any listing
        version = next_free_version(area, fields)
        return SavePreview(area.work_path(fields, version=version), version)

    def save_as(self, name, extension=None, context=None):
        """Save the open scene as the next free version of ``name``; return the path."""
        area, fields = self._save_fields(name, extension, context)
        path = save_new_version(self.host, area, fields, self.context, user=self.me)
        self.read_only_path = None
        return path

    def version_up(self):
        """Save the open scene as its next free version (see :func:`toolkit.workfiles.version_up`)."""
        path = version_up(self.host, self.project, self.context)
        self.read_only_path = None
        return path

    def snapshot(self):
        """A timestamped copy of the open scene in its snapshot folder; return its path."""
        self._check_writable(self.host.current_scene_path() or "")
        return snapshot(self.host, self.project)


def _remove(path):
    try:
        os.remove(path)
    except OSError:
        pass


def _place(context):
    """What makes two contexts the same place to work: entity, step, task (not the user).

    Compared by code, not id: a context read from a path without a store has no ids.
    """
    entity = context.entity or {}
    sequence = (entity.get("sequence") or {}).get("code")
    return (entity.get("type"), entity.get("code"), sequence or entity.get("sg_asset_type"),
            (context.step or {}).get("code"), (context.task or {}).get("content"))
