"""The template fields of a publish: its context's, and what the caller adds.

One rule for every way in (``publish_file``, a :class:`~toolkit.publish.run.PublishRun`,
``reelkit publish --field``):

- ``version`` is never the caller's: the store allocates the next free one, so a
  publish can never take (or skip to) a number another publish holds.
- A field the context already holds may be repeated, never changed: ``Shot=SH020``
  in an SH010 context would write SH010's work into SH020's folders and record it
  against SH010. Publish in that context instead.
- Any other field (``name``, a ``Step`` for a context without one, ``SEQ``...)
  is added as given; the template then checks its value.
"""

from toolkit.publish.errors import PublishError

#: Fields a publish allocates itself: a caller may not set them.
ALLOCATED_FIELDS = ("version",)


def check_publish_fields(context, fields, label="fields"):
    """Raise PublishError when ``fields`` set an allocated field or contradict
    ``context``; ``label`` names them in the message (``--field`` on the CLI)."""
    for name in ALLOCATED_FIELDS:
        if name in fields:
            raise PublishError("%s: %s=%s cannot be set: the store allocates the %s of a "
                               "publish (the next free one)" % (label, name, fields[name], name))
    own = context.as_template_fields() if context is not None else {}
    for name, value in sorted(fields.items()):
        if name in own and own[name] != value:
            raise PublishError("%s: %s=%s contradicts the context %s (%s=%s): publish in "
                               "that context instead" % (label, name, value, context, name,
                                                         own[name]))


def publish_fields(context, fields, label="fields"):
    """The fields of a publish in ``context``: the context's own with ``fields``
    added, after :func:`check_publish_fields`."""
    check_publish_fields(context, fields, label)
    merged = dict(context.as_template_fields() if context is not None else {})
    merged.update(fields)
    return merged
