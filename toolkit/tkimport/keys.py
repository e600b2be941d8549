"""ShotGrid Toolkit template keys as Reelkit keys, with tk-core's meaning.

What tk-core does that Reelkit spells differently:

* ``str`` choices are checked regardless of letter case: ``ignore_case: true``;
* a custom ``filter_by`` is tried with ``re.match``, so it only has to match
  the *start* of a value unless it ends with ``$``: the Reelkit filter (which
  must match the whole value) is ``(?:F)[^/]*?`` then;
* ``length`` on a ``str`` key is folded into its filter (``[A-Za-z0-9]{3}``);
* an ``int`` key without ``format_spec`` reads any digits (``007`` is 7):
  ``strict_matching: false``;
* a ``sequence`` key never matches padding strictly (``strict_matching:
  false``), and writes its ``%0Nd`` placeholder when no frame is given
  (``default: "FORMAT: %d"``);
* ``shotgun_entity_type`` / ``shotgun_field_name`` are kept as key metadata.

Anything else (``exclusions``, ``subset``, ``length`` on numbers, space
padding, unknown options) is a note naming the file and line.
"""

import re
from collections import OrderedDict

import six

from toolkit.errors import ConfigError
from toolkit.templates.definition import is_key_name

#: Options tk-core's key classes take, per type (``type`` and ``alias`` are
#: read by its factory).
TK_OPTIONS = {
    "str": ("default", "choices", "filter_by", "shotgun_entity_type", "shotgun_field_name",
            "exclusions", "abstract", "length", "subset", "subset_format"),
    "int": ("default", "choices", "format_spec", "shotgun_entity_type", "shotgun_field_name",
            "exclusions", "abstract", "length", "strict_matching"),
    "sequence": ("default", "choices", "format_spec", "shotgun_entity_type",
                 "shotgun_field_name", "exclusions"),
    "timestamp": ("default", "format_spec"),
}
_NOT_CARRIED = {
    "exclusions": "forbidden values are not checked by Reelkit",
    "subset": "Reelkit keys write their value whole (no subset of it)",
    "subset_format": "Reelkit keys write their value whole (no subset of it)",
}
_NAMED = {"alphanumeric": "[A-Za-z0-9]", "alpha": "[A-Za-z]"}
#: tk key names whose Reelkit context field is called otherwise.
CONTEXT_FIELDS = {"sg_asset_type": "AssetType"}
# An anchor at the start (^ or \A) or at the end ($ or \Z, not escaped).
_START = re.compile(r"^(?:\^|\\A)")
_END = re.compile(r"(?<!\\)(?:\\\\)*(?:\$|\\Z)$")


def convert_keys(entries, notes):
    """``OrderedDict(name -> Reelkit key spec)`` for tk key ``entries``
    (name -> :class:`~toolkit.tkimport.tkfiles.Entry`); what cannot be carried
    is added to ``notes``; a key that cannot be made at all is left out."""
    from toolkit.templates import TemplateSet

    keys = OrderedDict()
    unicode_filters = []
    for name, entry in entries.items():
        spec = convert_key(entry, notes, unicode_filters)
        if spec is None:
            continue
        try:  # Reelkit's own checks, one key at a time, so one bad key is one note
            TemplateSet.from_data({"keys": {name: spec}})
        except ConfigError as exc:
            notes.add(entry.where, "keys.%s" % name,
                      "not carried over: Reelkit refuses it: %s" % exc.message)
            continue
        keys[name] = spec
    for name, field in CONTEXT_FIELDS.items():
        if name in keys and not keys[name].get("alias"):
            notes.add(entries[name].where, "keys.%s" % name,
                      "a Reelkit context fills field %s where tk-core fills %s: templates "
                      "using {%s} resolve from fields, not from a context, unless the key "
                      "is given 'alias: %s' (its field is then called %s)"
                      % (field, name, name, field, field))
    if unicode_filters:
        first = unicode_filters[0]
        notes.add(first.where, "keys.%s" % first.name,
                  "filter_by alphanumeric/alpha accepts any Unicode letter in tk-core, ASCII "
                  "letters and digits only in Reelkit (%d key(s): %s)"
                  % (len(unicode_filters), ", ".join(e.name for e in unicode_filters)))
    return keys


def convert_key(entry, notes, unicode_filters=None):
    """The Reelkit spec (an OrderedDict) of one tk key, or None."""
    name, spec = entry.name, entry.spec
    label = "keys.%s" % name

    def note(option, message):
        notes.add((entry.path, entry.option_line(option)), label, message)

    if not is_key_name(name):
        notes.add(entry.where, label, "not carried over: Reelkit key names are letters, digits, "
                  "'_' and dots between words (tk-core also takes spaces)")
        return None
    if not isinstance(spec, dict):
        notes.add(entry.where, label, "not carried over: a key must be a mapping")
        return None
    kind = spec.get("type")
    if kind not in TK_OPTIONS:
        note("type", "not carried over: type '%s' is not one of %s"
             % (kind, ", ".join(sorted(TK_OPTIONS))))
        return None
    out = OrderedDict([("type", kind)])
    if spec.get("alias") is not None:
        out["alias"] = spec["alias"]
    for option in spec:
        if option in ("type", "alias"):
            continue
        if option not in TK_OPTIONS[kind]:
            note(option, "option '%s' is not one tk-core takes for a %s key: not carried over"
                 % (option, kind))
        elif option in _NOT_CARRIED and spec[option] not in (None, [], ""):
            note(option, "%s not carried over: %s" % (option, _NOT_CARRIED[option]))
    for option in ("shotgun_entity_type", "shotgun_field_name"):
        if spec.get(option) is not None:
            out[option] = spec[option]
    if kind == "str":
        _string(spec, out, note, entry, unicode_filters)
    elif kind == "int":
        _integer(spec, out, note)
    elif kind == "sequence":
        _sequence(spec, out, note)
    else:
        _timestamp(spec, out)
    if "abstract" in spec and kind in ("str", "int"):
        out["abstract"] = bool(spec["abstract"])
    return out


def _string(spec, out, note, entry, unicode_filters):
    filter_by = spec.get("filter_by")
    length = spec.get("length")
    pattern = None
    if filter_by in _NAMED:
        if unicode_filters is not None:
            unicode_filters.append(entry)
        pattern = _NAMED[filter_by]
        if length is None:
            out["filter_by"] = filter_by
    elif filter_by is not None:
        pattern = match_filter(six.text_type(filter_by))
        out["filter_by"] = pattern
    if spec.get("choices") is not None:
        out["choices"] = spec["choices"]
        out["ignore_case"] = True   # tk-core compares choices in lower case
    elif isinstance(length, six.integer_types) and not isinstance(length, bool):
        if filter_by is None or filter_by in _NAMED:
            out["filter_by"] = "%s{%d}" % (pattern or "[^/]", length)
        elif not _END.search(six.text_type(filter_by)):
            # tk's filter only has to match the start of the value
            out["filter_by"] = "(?=%s)[^/]{%d}" % (_strip_start(filter_by), length)
        else:
            note("length", "length %d not carried over: it cannot be combined with a "
                 "filter_by that must match the whole value" % length)
    elif length is not None:
        note("length", "length '%s' is not a number: not carried over" % (length,))
    if spec.get("default") is not None:
        out["default"] = spec["default"]


def match_filter(filter_by):
    """The Reelkit ``filter_by`` (matching a whole value) equivalent to tk's
    ``re.match(filter_by, value)`` (matching its start)."""
    inner = _strip_start(filter_by)
    if _END.search(inner):
        return _strip_end(inner)
    return "(?:%s)[^/]*?" % inner


def _strip_start(pattern):
    return _START.sub("", six.text_type(pattern), count=1)


def _strip_end(pattern):
    if pattern.endswith("\\Z"):
        return pattern[:-2]
    return pattern[:-1]


def _integer(spec, out, note):
    format_spec = spec.get("format_spec")
    padded = _zero_padding(format_spec, note)
    if padded:
        out["format_spec"] = padded
        if spec.get("strict_matching") is not None:
            out["strict_matching"] = spec["strict_matching"]
    else:
        out["strict_matching"] = False   # tk reads any digits without a format_spec
    if spec.get("length") is not None:
        note("length", "length on an int key not carried over")
    if spec.get("choices") is not None:
        out["choices"] = spec["choices"]
    if spec.get("default") is not None:
        out["default"] = spec["default"]


def _sequence(spec, out, note):
    padded = _zero_padding(spec.get("format_spec", "01"), note)
    if padded:
        out["format_spec"] = padded
    out["strict_matching"] = False       # tk reads frames with any padding
    if spec.get("choices") is not None:
        out["choices"] = spec["choices"]
    # tk writes the placeholder (%04d) when no frame is given
    out["default"] = spec["default"] if spec.get("default") is not None else "FORMAT: %d"


def _timestamp(spec, out):
    if spec.get("format_spec") is not None:
        out["format_spec"] = spec["format_spec"]
    default = spec.get("default")
    if isinstance(default, six.string_types) and default.lower() in ("now", "utc_now"):
        default = default.lower()
    if default is not None:
        out["default"] = default


def _zero_padding(format_spec, note):
    """The Reelkit format_spec for tk's, or None (noted when it pads with spaces)."""
    if format_spec is None:
        return None
    text = six.text_type(format_spec)
    if re.match(r"^0[1-9][0-9]*$", text):
        return text
    if re.match(r"^[1-9][0-9]*$", text):
        if text != "1":
            note("format_spec", "format_spec '%s' pads with spaces in tk-core; Reelkit pads with "
                 "zeros only: written without padding" % text)
        return None
    note("format_spec", "format_spec '%s' not carried over" % (text,))
    return None
