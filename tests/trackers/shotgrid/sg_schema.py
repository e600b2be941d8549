"""A ShotGrid schema for Mockgun, written for the entity types Reelkit stores.

Mockgun (``shotgun_api3.lib.mockgun``) mimics a site from two pickles: what
``Shotgun.schema_read()`` and ``schema_entity_read()`` return. The shapes here
follow those calls' documented return values: per entity type, per field,
``{"data_type": {"value": ...}, "properties": {"default_value": {"value": ...},
"valid_types": {"value": [...]}}}``. Field names and types are the ones a
ShotGrid site has out of the box (``tank_name``, ``sg_sequence``,
``path_cache``, ``upstream_published_files``...), plus the four custom fields
the backend documents (``sg_step``, ``sg_first_frame``, ``sg_last_frame``,
``sg_thumbnail_path``).
"""

import os
import pickle

_LINKABLE = ["Project", "Sequence", "Shot", "Asset"]

ENTITIES = {
    "EventLogEntry": {"event_type": "text", "description": "text"},
    "Project": {"name": "text", "tank_name": "text", "sg_description": "text"},
    "Sequence": {"code": "text", "description": "text", "project": ("entity", ["Project"])},
    "Shot": {"code": "text", "description": "text", "sg_sequence": ("entity", ["Sequence"]),
             "project": ("entity", ["Project"]), "sg_cut_in": "number", "sg_cut_out": "number"},
    "Asset": {"code": "text", "description": "text", "sg_asset_type": "list",
              "project": ("entity", ["Project"])},
    "Step": {"code": "text", "short_name": "text", "entity_type": "text", "description": "text"},
    "Task": {"content": "text", "entity": ("entity", _LINKABLE), "step": ("entity", ["Step"]),
             "project": ("entity", ["Project"]),
             "task_assignees": ("multi_entity", ["HumanUser"])},
    "HumanUser": {"login": "text", "name": "text", "email": "text"},
    "LocalStorage": {"code": "text"},
    "PublishedFileType": {"code": "text"},
    "PublishedFile": {
        "code": "text", "name": "text", "path": "url", "path_cache": "text",
        "path_cache_storage": ("entity", ["LocalStorage"]),
        "published_file_type": ("entity", ["PublishedFileType"]),
        "version_number": "number", "entity": ("entity", _LINKABLE),
        "task": ("entity", ["Task"]), "sg_step": ("entity", ["Step"]),
        "created_by": ("entity", ["HumanUser"]), "description": "text",
        "created_at": "date_time", "sg_thumbnail_path": "text", "sg_first_frame": "number",
        "sg_last_frame": "number",
        "upstream_published_files": ("multi_entity", ["PublishedFile"]),
        "downstream_published_files": ("multi_entity", ["PublishedFile"]),
        "sg_status_list": "status_list", "project": ("entity", ["Project"])},
    "PublishedFileDependency": {
        "published_file": ("entity", ["PublishedFile"]),
        "dependent_published_file": ("entity", ["PublishedFile"])},
    "FilesystemLocation": {
        "code": "text", "path_cache": "text", "path_cache_storage": ("entity", ["LocalStorage"]),
        "entity": ("entity", _LINKABLE + ["Task", "Step", "HumanUser"]),
        "linked_entity_type": "text", "linked_entity_id": "number"},
}


def _field(spec):
    kind, types = (spec, None) if not isinstance(spec, tuple) else spec
    properties = {"default_value": {"value": None, "editable": False}}
    if types is not None:
        properties["valid_types"] = {"value": list(types), "editable": True}
    return {"data_type": {"value": kind, "editable": False}, "properties": properties,
            "editable": {"value": True}, "mandatory": {"value": False}}


def write_schema(folder):
    """Write the two pickles into ``folder``; return their paths."""
    schema = dict((entity, dict((field, _field(spec)) for field, spec in fields.items()))
                  for entity, fields in ENTITIES.items())
    for fields in schema.values():
        fields["id"] = _field("number")
        fields["created_at"] = fields.get("created_at", _field("date_time"))
    entities = dict((entity, {"name": {"value": entity, "editable": False}})
                    for entity in ENTITIES)
    paths = (os.path.join(folder, "schema.pickle"), os.path.join(folder, "schema_entity.pickle"))
    for path, data in zip(paths, (schema, entities)):
        with open(path, "wb") as handle:
            pickle.dump(data, handle, protocol=2)
    return paths


def mockgun(folder):
    """A fresh Mockgun site on this schema."""
    from shotgun_api3.lib import mockgun as mg
    mg.Shotgun.set_schema_paths(*write_schema(folder))
    return mg.Shotgun("https://reelkit.shotgrid.test", script_name="reelkit", api_key="x")
