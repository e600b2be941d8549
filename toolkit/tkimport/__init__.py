"""Coming from ShotGrid Toolkit: a Reelkit project made from a tk pipeline config.

``reelkit init DIR --from-tk-config TK_CONFIG`` reads the tk configuration's
``core/templates.yml`` (with its includes), ``core/roots.yml`` and
``core/schema`` and makes a Reelkit project whose templates resolve the same
paths to the same fields as tk-core does. What cannot be carried over is
listed with the tk file and line in ``config/tk_import.txt``; nothing is
dropped silently. See docs/tk_import.md::

    result = import_tk_config("/studio/configs/tk-config-default2", "/shows/demo")
    result.project.templates["maya_shot_work"].definition
    # 'sequences/{Sequence}/{Shot}/{Step}/work/maya/{name}.v{version}.{maya_extension}'
    for note in result.notes:   # what was not carried over, with the tk file and line
        print(note)
"""

from toolkit.tkimport.notes import Note, Notes
from toolkit.tkimport.project import ImportResult, convert_config, import_tk_config

__all__ = ["import_tk_config", "convert_config", "ImportResult", "Note", "Notes"]
