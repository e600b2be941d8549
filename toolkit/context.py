"""The context a tool works in: project, entity, step, task and user.

Entities are plain ShotGrid-shaped dicts (``{"type": "Shot", "id": 12,
"code": "SH010"}``) so the same context works with every store backend. A
Shot's sequence lives in its ``sequence`` link and an Asset's type in its
``sg_asset_type`` field, as in ShotGrid; ``additional_entities`` holds any
further entities a caller wants to carry along.

A context is immutable: properties hand out copies, and equal contexts hash
equal, so they can key caches and be compared across a host restart through
:meth:`Context.serialize`.
"""

import json
import os

import six

from toolkit.errors import ConfigError, ContextError

#: Template keys holding an entity's code, and the context part they fill.
ENTITY_KEYS = ("Sequence", "Shot", "Asset", "AssetType", "Step", "Task", "User", "HumanUser")

#: Entity types ``from_string`` accepts, lower-case spelling -> type.
STRING_ENTITY_TYPES = {"shot": "Shot", "asset": "Asset", "sequence": "Sequence"}

# The fields kept from an entity dict: identity and the parent links templates
# need. Everything else a store returns (dates, descriptions) is dropped so a
# context stays small, serialisable and comparable.
_IDENTITY_FIELDS = ("type", "id", "code", "name", "content", "login")
_LINK_FIELDS = ("sequence", "entity", "step")
_TEXT_FIELDS = ("sg_asset_type",)
_SERIAL_KEYS = ("project", "entity", "step", "task", "user", "additional_entities")


def _link(value, what, expected_types=None):
    """A normalised copy of entity dict ``value``; ContextError naming ``what`` if bad."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ContextError("%s must be an entity dict such as {'type': 'Shot', 'code': "
                           "'SH010'}, not %r" % (what, value))
    entity_type = value.get("type")
    if not isinstance(entity_type, six.string_types) or not entity_type:
        raise ContextError("%s has no 'type': %r" % (what, value))
    if expected_types and entity_type not in expected_types:
        raise ContextError("%s must be of type %s, not %r"
                           % (what, " or ".join(expected_types), entity_type))
    result = {}
    for field in _IDENTITY_FIELDS + _TEXT_FIELDS:
        if value.get(field) is not None:
            result[field] = value[field]
            if field != "id" and not isinstance(result[field], six.string_types):
                raise ContextError("%s.%s must be text, not %r" % (what, field, result[field]))
    for field in _LINK_FIELDS:
        if value.get(field) is not None:
            result[field] = _link(value[field], "%s.%s" % (what, field))
    if "id" in result and (isinstance(result["id"], bool)
                           or not isinstance(result["id"], six.integer_types)):
        raise ContextError("%s has a non-integer id: %r" % (what, result["id"]))
    if not any(field in result for field in _IDENTITY_FIELDS[1:]):
        raise ContextError("%s needs an id, code, name, content or login: %r" % (what, value))
    return result


def _label(entity):
    """What an entity is called: its code, content, login, name or ``#id``."""
    for field in ("code", "content", "login", "name"):
        if entity.get(field):
            return entity[field]
    return "#%s" % entity.get("id")


def _step(value):
    if isinstance(value, six.string_types):
        return {"type": "Step", "code": value}
    return _link(value, "step", ("Step",))


def _task(value):
    if isinstance(value, six.string_types):
        return {"type": "Task", "content": value}
    return _link(value, "task", ("Task",))


def _user(value):
    if isinstance(value, six.string_types):
        return {"type": "User", "login": value}
    return _link(value, "user", ("User", "HumanUser"))


def _copy(value):
    """Deep copy of the small dict/list structures a context holds."""
    if isinstance(value, dict):
        return dict((k, _copy(v)) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return [_copy(v) for v in value]
    return value


def _project_dict(project):
    if project is None:
        return None
    return {"name": project.name, "config_dir": project.config_dir}


class Context(object):
    """Where a tool works: ``project`` (a ProjectConfig), entity, step, task, user.

    ``step``, ``task`` and ``user`` may be given as plain strings (step code,
    task content, user login) and are stored as entity dicts.
    """

    __slots__ = ("_project", "_entity", "_step", "_task", "_user", "_additional", "_key")

    def __init__(self, project=None, entity=None, step=None, task=None, user=None,
                 additional_entities=()):
        self._project = project
        self._entity = _link(entity, "entity")
        self._step = _step(step)
        self._task = _task(task)
        self._user = _user(user)
        self._additional = tuple(_link(e, "additional entity") for e in additional_entities or ())
        # The identity used by ==, hash and serialize, computed once.
        self._key = json.dumps(self._data(), sort_keys=True, separators=(",", ":"))

    # -- parts -------------------------------------------------------------

    @property
    def project(self):
        """The :class:`~toolkit.config.project.ProjectConfig`, or None."""
        return self._project

    @property
    def entity(self):
        return _copy(self._entity)

    @property
    def step(self):
        return _copy(self._step)

    @property
    def task(self):
        return _copy(self._task)

    @property
    def user(self):
        return _copy(self._user)

    @property
    def additional_entities(self):
        return _copy(list(self._additional))

    @property
    def sequence(self):
        """The Sequence this context is in (the entity, its link, or an additional entity)."""
        if self._entity is not None:
            if self._entity["type"] == "Sequence":
                return _copy(self._entity)
            if self._entity.get("sequence"):
                return _copy(self._entity["sequence"])
        for other in self._additional:
            if other["type"] == "Sequence":
                return _copy(other)
        return None

    def as_template_fields(self):
        """Template fields this context fills: ``{"Sequence", "Shot", "Asset", "AssetType", "Step", "Task", "User"}``.

        Only the parts that are known appear; values are codes (a Task's
        content, a User's login).
        """
        fields = {}
        for other in self._additional:
            if other["type"] in ("Sequence", "Shot", "Asset") and other.get("code"):
                fields[other["type"]] = other["code"]
        sequence = self.sequence
        if sequence and sequence.get("code"):
            fields["Sequence"] = sequence["code"]
        entity = self._entity
        if entity is not None:
            if entity.get("code") and entity["type"] in ("Sequence", "Shot", "Asset"):
                fields[entity["type"]] = entity["code"]
            if entity.get("sg_asset_type"):
                fields["AssetType"] = entity["sg_asset_type"]
        if self._step and self._step.get("code"):
            fields["Step"] = self._step["code"]
        if self._task and self._task.get("content"):
            fields["Task"] = self._task["content"]
        if self._user and self._user.get("login"):
            fields["User"] = self._user["login"]
        return fields

    # -- construction ------------------------------------------------------

    @classmethod
    def from_path(cls, path, project, store=None):
        """The context a file or folder belongs to (:class:`ArgumentTypeError` when
        ``path`` is not a string).

        The project's templates are tried first (keys ``Sequence``, ``Shot``,
        ``Asset``, ``AssetType``, ``Step``, ``Task``, ``User``/``HumanUser``).
        When no template matches or the match names no entity, the store's path
        cache (``store.path_cache_lookup(path)``) supplies the entity. A path
        neither knows gives a context holding only the project.
        """
        from toolkit.roots import resolve_parent_refs
        from toolkit.templates.arguments import check_path
        check_path(path, "Context.from_path")
        fields = {}
        # A folder picked in a dialog ends with '/'; joined paths hold '//' or
        # '/./': the templates read only the normal spelling. "lnk/.." is taken
        # as the OS takes it (the link's target's parent) before that.
        path = os.path.normpath(resolve_parent_refs(path)) if path else path
        template, found = project.templates.match_path(path)
        if template is not None:
            fields = found
        entity, step, task, user = _parts_from_fields(fields)
        if entity is None and store is not None:
            entity = store.path_cache_lookup(path)
        if entity is None:
            return cls(project, step=step, task=task, user=user)
        return cls.from_entity(entity, project, store, step, task, user)

    @classmethod
    def from_entity(cls, entity, project=None, store=None, step=None, task=None, user=None):
        """The context of ``entity`` (a Shot, Asset, Sequence or Task dict).

        A Task brings its entity and step along. With a ``store``, what the
        dict lacks is looked up: the id from the code, a Shot's sequence, an
        Asset's type, a Task's entity and step.
        """
        entity = _link(entity, "entity")
        if store is not None:
            entity = _complete(store, entity)
        if entity["type"] == "Task":
            task = task or entity
            step = step or entity.get("step")
            if entity.get("entity") is None:
                raise ContextError("task %r is not linked to an entity" % _label(entity))
            entity = entity["entity"]
            if store is not None:
                entity = _complete(store, entity)
        if store is not None:  # a step or task read from a path has a code only
            step, task = _complete_step_task(store, entity, _code_of(step, "code"),
                                             _code_of(task, "content"), step, task)
        return cls(project, entity, step, task, user)

    @classmethod
    def from_string(cls, text, project=None, store=None):
        """A context from a short description, as ``reelkit launch --context`` takes it.

        Forms: ``"project"`` (project only), ``"Shot SH010"``,
        ``"Shot SH010 comp"`` (with a step), ``"Shot SH010 comp/comp_main"``
        (step and task), likewise ``Asset`` and ``Sequence``. Entity types are
        case-insensitive. A code may name its parent when codes repeat across
        sequences or asset types: ``"Shot SQ020/SH010"``, ``"Asset prop/sword"``.
        With a ``store``, the entity must exist in it, exactly once (an ambiguous
        code is an error listing the qualified names), and the step and task are
        looked up when they exist.
        """
        if text is not None and not isinstance(text, six.string_types):
            raise ContextError("a context description is text such as 'Shot SH010 comp', "
                               "not %r" % (text,))
        words = (text or "").split()
        if len(words) == 1 and words[0].lower() == "project":
            return cls(project)
        forms = "'project', 'Shot SH010', 'Shot SH010 comp' or 'Shot SH010 comp/comp_main'"
        if len(words) not in (2, 3):
            raise ContextError("cannot read context %r: expected %s" % (text, forms))
        entity_type = STRING_ENTITY_TYPES.get(words[0].lower())
        if entity_type is None:
            raise ContextError("cannot read context %r: unknown entity type %r (use %s)"
                               % (text, words[0], ", ".join(sorted(STRING_ENTITY_TYPES.values()))))
        step = task = None
        if len(words) == 3:
            step, _, task = words[2].partition("/")
            if not step or (task == "" and "/" in words[2]):
                raise ContextError("cannot read context %r: expected %s" % (text, forms))
        from toolkit.store.errors import StoreError
        from toolkit.store.lookup import PARENT_FIELDS, find_by_code, split_code
        code, parent = split_code(words[1])
        entity = {"type": entity_type, "code": code}
        if parent and entity_type in PARENT_FIELDS:
            field = PARENT_FIELDS[entity_type]
            entity[field] = parent if field == "sg_asset_type" else \
                {"type": "Sequence", "code": parent}
        elif parent:
            raise ContextError("cannot read context %r: a %s has no parent to name"
                               % (text, entity_type))
        if store is None:
            return cls(project, entity, step, task or None)
        try:
            found = find_by_code(store, entity_type, code, parent)
        except StoreError as exc:
            raise ContextError(str(exc))
        entity = _complete(store, _link(found, "entity"))
        step, task = _complete_step_task(store, entity, step, task or None)
        return cls(project, entity, step, task)

    # -- serialisation -----------------------------------------------------

    def _data(self):
        return {
            "project": _project_dict(self._project),
            "entity": self._entity,
            "step": self._step,
            "task": self._task,
            "user": self._user,
            "additional_entities": list(self._additional),
        }

    def to_dict(self):
        """Plain data: entity dicts, and the project as ``{"name", "config_dir"}``."""
        return _copy(self._data())

    @classmethod
    def from_dict(cls, data, project=None):
        """Inverse of :meth:`to_dict`.

        ``project`` is used when given (its name must match the recorded one);
        otherwise the project is loaded from the recorded config folder.
        """
        if not isinstance(data, dict):
            raise ContextError("a context must be a mapping, not %s" % type(data).__name__)
        unknown = sorted(set(data) - set(_SERIAL_KEYS))
        if unknown:
            raise ContextError("unknown context field(s): %s (known: %s)"
                               % (", ".join(map(str, unknown)), ", ".join(_SERIAL_KEYS)))
        recorded = data.get("project")
        if recorded is not None:
            if not isinstance(recorded, dict) or not recorded.get("config_dir"):
                raise ContextError("context project must be {'name', 'config_dir'}, not %r"
                                   % (recorded,))
            if project is None:
                from toolkit.config.project import load_project
                try:
                    project = load_project(recorded["config_dir"])
                except ConfigError as exc:
                    raise ContextError("cannot load the context's project: %s" % exc)
            elif project.name != recorded.get("name"):
                raise ContextError("context is for project %r, not %r"
                                   % (recorded.get("name"), project.name))
        extra = data.get("additional_entities")
        if extra is None:
            extra = []
        if not isinstance(extra, list):
            raise ContextError("additional_entities must be a list, not %r" % (extra,))
        return cls(project, data.get("entity"), data.get("step"), data.get("task"),
                   data.get("user"), extra)

    def serialize(self):
        """One line of ASCII JSON (sorted keys), safe in ``REELKIT_CONTEXT``."""
        return self._key

    @classmethod
    def deserialize(cls, text, project=None):
        """Inverse of :meth:`serialize`; :class:`ContextError` naming what is wrong."""
        if not isinstance(text, six.string_types):
            raise ContextError("a serialised context is a string, not %s" % type(text).__name__)
        try:
            data = json.loads(text)
        except (ValueError, RuntimeError) as exc:  # RuntimeError: nested too deeply
            shown = text if len(text) <= 60 else text[:57] + "..."
            reason = exc if isinstance(exc, ValueError) else "nested too deeply"
            raise ContextError("not a serialised context (%s): %r" % (reason, shown))
        return cls.from_dict(data, project)

    # -- comparison and display --------------------------------------------

    def __eq__(self, other):
        if not isinstance(other, Context):
            return NotImplemented
        return self._key == other._key

    def __ne__(self, other):
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self):
        return hash(self._key)

    def __str__(self):
        """``"Shot SH010, comp"``; ``"Shot SH010, comp, task comp_main"``; ``"Project demo"``."""
        parts = []
        if self._entity is not None:
            parts.append("%s %s" % (self._entity["type"], _label(self._entity)))
        elif self._project is not None:
            parts.append("Project %s" % self._project.name)
        if self._step is not None:
            parts.append(_label(self._step))
        if self._task is not None:
            parts.append("task %s" % _label(self._task))
        return ", ".join(parts) if parts else "empty context"

    def __repr__(self):
        project = self._project.name if self._project is not None else None
        user = " user=%s" % _label(self._user) if self._user else ""
        return "<Context %s (project %s)%s>" % (self, project, user)


def _parts_from_fields(fields):
    """(entity, step, task, user) from template fields."""
    sequence = fields.get("Sequence")
    entity = None
    if fields.get("Shot") is not None:
        entity = {"type": "Shot", "code": fields["Shot"]}
        if sequence is not None:
            entity["sequence"] = {"type": "Sequence", "code": sequence}
    elif fields.get("Asset") is not None:
        entity = {"type": "Asset", "code": fields["Asset"]}
        if fields.get("AssetType") is not None:
            entity["sg_asset_type"] = fields["AssetType"]
    elif sequence is not None:
        entity = {"type": "Sequence", "code": sequence}
    step = fields.get("Step")
    task = fields.get("Task")
    user = fields.get("User", fields.get("HumanUser"))
    return entity, step, task, user


def _bare(entity):
    """``{"type", "id"}`` link for a store filter."""
    return {"type": entity["type"], "id": entity["id"]}


def _code_of(link, field):
    """The code of a step or task (a code, or a link that still lacks its id), else None."""
    if isinstance(link, six.string_types):
        return link
    if isinstance(link, dict) and link.get("id") is None:
        return link.get(field)
    return None


def _complete_step_task(store, entity, step_code, task_content, step=None, task=None):
    """``(step, task)`` looked up in the store by code under ``entity``: the Step of
    that code for the entity's type, the Task of that content on the entity (and
    step). What the store does not hold stays as given (a code only)."""
    if step_code:
        step = _find_step(store, step_code, entity["type"])
    if task_content and entity.get("id") is not None:
        filters = [["content", "is", task_content], ["entity", "is", _bare(entity)]]
        if step and step.get("id") is not None:
            filters.append(["step", "is", _bare(step)])
        task = _find_or_keep(store, "Task", task or {"type": "Task", "content": task_content},
                             filters)
    return step, task


def _find_or_keep(store, entity_type, wanted, filters):
    found = store.find_one(entity_type, filters)
    return found if found is not None else wanted


def _find_step(store, code, entity_type):
    """The Step ``code`` of ``entity_type`` entities (or of no type in particular),
    else a Step dict by code: the 'fx' step of Shots is not the 'fx' of Assets."""
    found = store.find("Step", [["code", "is", code]], ["code", "entity_type"])
    for wanted in ((entity_type,), (None, "")):
        for step in found:
            if step.get("entity_type") in wanted:
                return step
    return {"type": "Step", "code": code}


_PARENT_FIELDS = {"Shot": ["sequence"], "Asset": ["sg_asset_type"], "Task": ["entity", "step"]}


def _complete(store, entity):
    """``entity`` with the id and parent links the store knows filled in."""
    entity_type = entity["type"]
    needed = _PARENT_FIELDS.get(entity_type, [])
    if entity.get("id") is not None and all(entity.get(f) is not None for f in needed):
        return entity
    from toolkit.store.entities import display_field  # the entity model, no backend
    fields = [display_field(entity_type)] + needed
    if entity.get("id") is not None:
        found = store.find_one(entity_type, [["id", "is", entity["id"]]], fields=fields)
    elif entity.get("code") is not None:
        # By code under its parent (sequence, asset type): SH010 is in every
        # sequence, and completing with another one's id would be silently wrong.
        from toolkit.store.errors import AmbiguousError, NotFoundError
        from toolkit.store.lookup import find_by_code, parent_code
        try:
            found = find_by_code(store, entity_type, entity["code"], parent_code(entity),
                                 fields)
        except NotFoundError:
            return entity  # not tracked (yet): the context keeps it by name
        except AmbiguousError as exc:
            raise ContextError(str(exc))
    else:
        return entity
    if found is None:
        return entity
    merged = dict(entity)
    for key, value in found.items():
        if value is None:
            continue
        mine = merged.get(key)
        if mine is None:
            merged[key] = value
        elif isinstance(mine, dict) and isinstance(value, dict) and mine.get("id") is None:
            # A link read from a path has a code only: the store adds the id.
            link = dict(value)
            link.update((k, v) for k, v in mine.items() if v is not None)
            link["id"] = value.get("id")
            merged[key] = link
    return _link(merged, "entity")
