"""The rule for entity codes that become folder names.

A Sequence, Shot, Asset (and its type), Step, Task or User code ends up as a
folder of the schema and a field of the templates. The store checks it when
the entity is created or renamed, so a ``..``, ``a/b``, empty, multi-line or
100,000-character code is refused at the source rather than when its folders
are made. The rule is the one every template key applies to its values
(:func:`toolkit.templates.keys.check_component_text`), plus: no leading or
trailing spaces.
"""

import six

from toolkit.store.errors import StoreError

#: entity type -> the fields holding a code that may become a folder name
CODE_FIELDS = {
    "Project": ("code",),
    "Sequence": ("code",),
    "Shot": ("code",),
    "Asset": ("code", "sg_asset_type"),
    "Step": ("code",),
    "Task": ("content",),
    "User": ("login",),
}


def check_codes(type_name, data):
    """Raise :class:`StoreError` naming the entity type, field and value when a
    code in ``data`` (already type-checked text or None) breaks the rule."""
    from toolkit.errors import FieldError
    from toolkit.templates.keys import check_component_text

    for field in CODE_FIELDS.get(type_name, ()):
        if field not in data:
            continue
        value = data[field]
        what = "%s %s" % (type_name, field)
        if value is None:
            continue  # unset: the folder schema says so if it needs one
        shown = value if len(value) <= 40 else value[:40] + u"..."
        if not isinstance(value, six.string_types) or value != value.strip():
            raise StoreError("%s %r refused: leading or trailing spaces" % (what, shown))
        try:
            check_component_text(value, what)
        except FieldError as exc:
            reason = six.text_type(exc).rsplit(": ", 1)[-1]
            raise StoreError("%s %r refused: %s (a code becomes a folder name)"
                             % (what, shown, reason))
