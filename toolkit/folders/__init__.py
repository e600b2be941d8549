"""Project folders from the schema in ``config/schema/folders.yml``, recorded in the path cache.

``create_folders(project, store, entity, engine=None, dry_run=False)`` -> created folders.
The schema format is documented in :mod:`toolkit.folders.schema` and docs/store.md.
"""

from toolkit.folders.creation import create_folders
from toolkit.folders.errors import FolderError
from toolkit.folders.schema import FolderSchema, load_schema, parse_schema

__all__ = ["create_folders", "FolderError", "FolderSchema", "load_schema", "parse_schema"]
