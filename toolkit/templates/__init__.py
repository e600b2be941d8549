"""Templates: turning fields into paths and names, and paths back into fields.

>>> tset = TemplateSet.from_file("config/templates.yml", roots={"primary": "/mnt/show"})
>>> work = tset["maya_shot_work"]
>>> path = work.apply_fields({"Sequence": "SQ01", "Shot": "SH010", "Step": "anim", "version": 3})
>>> work.get_fields(path)["version"]
3

See ``docs/templates.md`` for the ``templates.yml`` format.
"""

from toolkit.templates.keys import IntegerKey, Key, SequenceKey, StringKey, TimestampKey
from toolkit.templates.template import Template, TemplatePath, TemplateString
from toolkit.templates.templateset import TemplateSet

__all__ = [
    "TemplateSet", "Template", "TemplatePath", "TemplateString",
    "Key", "StringKey", "IntegerKey", "SequenceKey", "TimestampKey",
]
