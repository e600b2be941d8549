"""The entity types the store knows, their fields and how links display.

Field names follow ShotGrid so that a ShotGrid backend needs no caller change.
Field kinds:

``text``      a string
``int``       an integer
``datetime``  a naive UTC :class:`datetime.datetime`
``link``      one entity, ``{"type", "id", <display field>}``; ``targets`` lists the
              entity types it may point at
``multilink`` a list of links (``upstream`` dependencies)
"""

TEXT = "text"
INT = "int"
DATETIME = "datetime"
LINK = "link"
MULTILINK = "multilink"

_PARENTS = ("Project", "Sequence", "Shot", "Asset")


def _link(*targets):
    return (LINK, targets)


def _multilink(*targets):
    return (MULTILINK, targets)


#: entity type -> (table name, display field, ordered {field: kind or (kind, targets)})
ENTITY_TYPES = {
    "Project": ("rk_project", "name", [
        ("code", TEXT), ("name", TEXT), ("description", TEXT)]),
    "Sequence": ("rk_sequence", "code", [
        ("code", TEXT), ("description", TEXT), ("project", _link("Project"))]),
    "Shot": ("rk_shot", "code", [
        ("code", TEXT), ("description", TEXT), ("sequence", _link("Sequence")),
        ("project", _link("Project")), ("sg_cut_in", INT), ("sg_cut_out", INT)]),
    "Asset": ("rk_asset", "code", [
        ("code", TEXT), ("description", TEXT), ("sg_asset_type", TEXT),
        ("project", _link("Project"))]),
    "Step": ("rk_step", "code", [
        ("code", TEXT), ("entity_type", TEXT), ("description", TEXT)]),
    "Task": ("rk_task", "content", [
        ("content", TEXT), ("entity", _link(*_PARENTS)), ("step", _link("Step")),
        ("project", _link("Project")), ("task_assignees", _multilink("User"))]),
    "User": ("rk_user", "login", [
        ("login", TEXT), ("name", TEXT), ("email", TEXT)]),
    "PublishedFile": ("rk_published_file", "code", [
        ("code", TEXT), ("name", TEXT), ("path", TEXT), ("published_file_type", TEXT),
        ("version_number", INT), ("entity", _link(*_PARENTS)), ("task", _link("Task")),
        ("step", _link("Step")), ("created_by", _link("User")), ("description", TEXT),
        ("created_at", DATETIME), ("thumbnail_path", TEXT), ("first_frame", INT),
        ("last_frame", INT), ("upstream", _multilink("PublishedFile")),
        ("project", _link("Project"))]),
}

#: the fields every entity has besides its own
COMMON_FIELDS = [("id", INT)]


class EntityType(object):
    """What the store knows about one entity type: table, fields, display field."""

    def __init__(self, name, table, display, fields):
        self.name = name
        self.table = table
        self.display = display
        self.fields = {}
        self.targets = {}
        self.order = []
        for field, kind in COMMON_FIELDS + fields:
            if isinstance(kind, tuple):
                kind, targets = kind
                self.targets[field] = targets
            self.fields[field] = kind
            self.order.append(field)

    def kind(self, field):
        """The kind of ``field``, or None when the type has no such field."""
        try:
            return self.fields.get(field)
        except TypeError:  # an unhashable "name" (a list, a dict) is no field either
            return None

    def columns(self, field):
        """Database columns holding ``field`` (a link takes three)."""
        if self.fields[field] == LINK:
            return [field + "_type", field + "_id", field + "_name"]
        return [field]

    def __repr__(self):
        return "<EntityType %s>" % self.name


SCHEMA = dict((name, EntityType(name, *spec)) for name, spec in ENTITY_TYPES.items())


def entity_type(name):
    """The :class:`EntityType` called ``name``; :class:`StoreError` naming it if unknown."""
    from toolkit.store.errors import StoreError

    try:
        return SCHEMA[name]
    except (KeyError, TypeError):
        raise StoreError("unknown entity type %r (known: %s)"
                         % (name, ", ".join(sorted(SCHEMA))))


def display_field(type_name):
    """The field a link to ``type_name`` shows (``code``, ``content``, ``login``, ``name``)."""
    return entity_type(type_name).display
