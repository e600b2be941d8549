"""Where an instance publishes: its family's template, fields and published-file type.

The ``outputs`` setting maps a family to ``{type: published file type,
<EntityType>: template}`` (or ``template:`` for every entity type). The
workfile family needs only ``type``: it publishes through the publish template
of the work area its scene is saved in (``*_work`` -> ``*_publish``, the
convention of :mod:`toolkit.workfiles`).
"""

import six

from .errors import PublisherError


def check_outputs(outputs, project):
    """ReelkitError naming the entry when the ``outputs`` setting is malformed.

    Every template it names must exist in ``project``.
    """
    if not isinstance(outputs, dict):
        raise PublisherError("setting outputs: expected a mapping family -> {type: ..., "
                             "Shot: template}, got %r" % (outputs,))
    for family, spec in sorted(outputs.items()):
        if not isinstance(spec, dict) or not isinstance(spec.get("type"), six.string_types) \
                or not spec.get("type"):
            raise PublisherError("setting outputs.%s: needs type: <published file type>, "
                                 "got %r" % (family, spec))
        for key, value in sorted(spec.items()):
            if key == "type":
                continue
            if not isinstance(value, six.string_types) or value not in project.templates:
                raise PublisherError("setting outputs.%s.%s: %r is not a template of %s"
                                     % (family, key, value, project.templates_path))


def publish_target(project, context, host, outputs, instance):
    """``(template, fields, published_file_type, name)`` for ``instance``'s family.

    A :class:`toolkit.publish.checks.CheckFailed` says what the environment or
    the scene lacks (no output for the family, no template for the entity type,
    a scene outside the work area).
    """
    from toolkit.publish.checks import CheckFailed
    family = instance.data.get("family")
    spec = outputs.get(family)
    if not isinstance(spec, dict) or not spec.get("type"):
        raise CheckFailed("Nothing publishes family %r" % family,
                          "the environment names no output for family %r (has: %s)"
                          % (family, ", ".join(sorted(outputs)) or "none"),
                          "a TD adds outputs.%s: {type: ..., Shot: template} to the "
                          "publisher's settings" % family)
    if family == "workfile":
        return _workfile_target(project, host, spec)
    entity_type = (getattr(context, "entity", None) or {}).get("type")
    name = spec.get(entity_type) or spec.get("template")
    if not name or name not in project.templates:
        raise CheckFailed("No template for %s publishes" % family,
                          "outputs.%s names no template for %s entities%s"
                          % (family, entity_type, " (%r is not a template)" % name
                             if name else ""),
                          "a TD sets outputs.%s.%s to a template of templates.yml"
                          % (family, entity_type))
    publish_name = instance.data.get("name", instance.name)
    return project.templates[name], {"name": publish_name}, spec["type"], publish_name


def _workfile_target(project, host, spec):
    from toolkit.publish.checks import CheckFailed
    from toolkit.workfiles.area import WorkArea
    from toolkit.workfiles.errors import WorkfilesError
    scene = host.current_scene_path()
    if not scene:
        raise CheckFailed("Scene never saved", "the scene has no file to publish",
                          "save it in the work area (Workfiles, or File > Save As)")
    try:
        area, fields = WorkArea.for_path(project, scene)
    except WorkfilesError as exc:
        raise CheckFailed("Scene outside the work area", "%s" % exc,
                          "save the scene with Workfiles in this context's work area")
    if area.publish is None:
        raise CheckFailed("No publish template", "the work template %s has no publish "
                          "sibling" % area.work.name,
                          "a TD adds %s to templates.yml"
                          % area.work.name.replace("_work", "_publish"))
    fields = dict((k, v) for k, v in fields.items()
                  if k not in ("version", "HumanUser", "timestamp"))
    return area.publish, fields, spec["type"], fields.get("name") or "main"
