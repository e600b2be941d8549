"""Work files: the one version-up and the one "next free version" of Reelkit.

Every tool that saves a work file goes through this package: the Workfiles
app (File Save, Version Up, snapshots), ``reelkit run workfiles version-up``
and the publisher's finalize step. It never imports Qt or a host module; the
host is reached through the :class:`~toolkit.platform.host.HostAdapter` passed
in.

>>> from toolkit.workfiles import version_up
>>> new_path = version_up(engine.host, engine.project, engine.context)

See docs/workfiles.md.
"""

from toolkit.workfiles.area import (EXTENSION_FIELD, USER_FIELD, VERSION_FIELD, WorkArea,
                                    current_login)
from toolkit.workfiles.errors import WorkfilesError
from toolkit.workfiles.listing import WorkFile, latest_versions, list_work_files, users_of
from toolkit.workfiles.saving import save_new_version, version_up
from toolkit.workfiles.scan import scan_template
from toolkit.workfiles.snapshots import list_snapshots, snapshot
from toolkit.workfiles.versions import claim_version, existing_versions, next_free_version

__all__ = [
    "version_up", "save_new_version", "snapshot", "list_snapshots",
    "WorkArea", "WorkFile", "list_work_files", "users_of", "latest_versions",
    "claim_version", "next_free_version", "existing_versions", "scan_template",
    "current_login", "WorkfilesError", "VERSION_FIELD", "USER_FIELD", "EXTENSION_FIELD",
]
