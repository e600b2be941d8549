"""Finding one entity by the code people type: ``SH010``, ``SQ020/SH010``, ``prop/sword``.

Codes repeat across parents in most shows (every sequence has its SH010), so a
code alone may name several entities; then the error lists the qualified forms
to type instead, rather than picking one silently.

Codes repeat across projects too, in a studio store that several projects share
(PostgreSQL, a tracker): a store opened for a project (``store.project``) finds
that project's entities only, and those linked to no project (records made
before projects were linked).
"""

from toolkit.store.entities import display_field, entity_type as _entity_type
from toolkit.store.errors import AmbiguousError, NotFoundError, StoreError

#: The field that tells apart entities sharing a code.
PARENT_FIELDS = {"Shot": "sequence", "Asset": "sg_asset_type"}


def project_link(store):
    """The Project link a store was opened for (``store.project``), or None.

    Queries of a studio store that several projects share filter on it."""
    project = getattr(store, "project", None)
    if isinstance(project, dict) and project.get("id") is not None:
        return {"type": "Project", "id": project["id"], "name": project.get("name")}
    return None


def parent_code(entity):
    """The code of what ``entity`` sits under (its sequence, its asset type), or None."""
    field = PARENT_FIELDS.get(entity.get("type"))
    value = entity.get(field) if field else None
    return value.get("code") if isinstance(value, dict) else value


def split_code(text):
    """``"SQ020/SH010"`` -> ``("SH010", "SQ020")``; ``"SH010"`` -> ``("SH010", None)``."""
    parent, _, code = text.rpartition("/")
    return code, parent or None


def find_by_code(store, entity_type, code, parent=None, fields=()):
    """The one ``entity_type`` whose code (display field) is ``code``, under ``parent``,
    with ``fields`` too (its code and parent field always come).

    :raises NotFoundError: when there is none.
    :raises AmbiguousError: when there are several (the message lists
        ``parent/code`` for each).
    :raises StoreError: when ``parent`` is given for a type that has none.
    """
    parent_field = PARENT_FIELDS.get(entity_type)
    if parent and parent_field is None:
        raise StoreError("a %s has no parent to name: %r" % (entity_type, "%s/%s" % (parent, code)))
    field = display_field(entity_type)
    wanted = [field] + ([parent_field] if parent_field else [])
    project = project_link(store)
    scoped = project is not None and _entity_type(entity_type).kind("project") is not None
    if scoped:
        wanted.append("project")
    wanted += [f for f in fields if f not in wanted]
    found = store.find(entity_type, [[field, "is", code]], wanted)
    if parent:
        found = [entity for entity in found if parent_code(entity) == parent]
    elsewhere = []
    if scoped:
        ours = [entity for entity in found
                if not entity.get("project") or entity["project"].get("id") == project["id"]]
        elsewhere = [entity for entity in found if entity not in ours]
        found = ours
    if not found:
        where = ""
        if elsewhere:
            where = " for project %s (project %s has one)" % (
                _project_name(project), _project_name(elsewhere[0]["project"]))
        raise NotFoundError("no %s %r in the store%s" % (
            entity_type, "%s/%s" % (parent, code) if parent else code, where))
    if len(found) > 1:
        raise AmbiguousError("%d %ss are named %r: write one of %s" % (
            len(found), entity_type, code,
            ", ".join(sorted("'%s %s/%s'" % (entity_type, parent_code(e), code) for e in found))))
    return found[0]


def _project_name(link):
    return link.get("name") or link.get("code") or link["id"]
