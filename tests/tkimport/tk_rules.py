"""A small, independent model of how tk-core reads and writes template paths:
the oracle the import is checked against.

Written from tk-core's documentation and reading its source (TemplatePath,
TemplateKey and the path parser of github.com/shotgunsoftware/tk-core), not
copied from it; it models the rules the tests compare, nothing more:

* a key's ``alias`` becomes its name (the field name); key values are checked
  as tk's key classes check them: ``alphanumeric`` / ``alpha`` refuse any
  non-word character (Unicode letters pass), a custom ``filter_by`` is tried
  with ``re.match`` (its start), ``choices`` and ``exclusions`` compare in
  lower case, ``length`` is exact; integers with a ``format_spec`` match its
  padding strictly unless ``strict_matching: false``, without one any digits;
  sequence keys read any digits, their frame specs at their own padding
  (``%04d``, ``####``, ``@@@@``, ``$F4``), ``<UDIM>``, ``$UDIM`` and flame
  ranges, and default to their ``%0Nd`` spec;
* ``@name`` in a definition is the definition of the path or string template
  with the longest name the text starts with (``@@`` is ``@``);
* a definition has one variation per choice of optional sections, longest
  text first; writing uses the first variation whose keys all have a value
  or a default; reading tries the variations in that order;
* reading compares fixed text (root included) in lower case and takes a
  key's value from the path as written; a variation with two different
  readings is ambiguous and gives nothing (the next variation is tried).
"""

import datetime
import os
import re

import six
import yaml

_KEY_IN_DEFINITION = re.compile(r"{([a-zA-Z_ 0-9\.]+)}")
_FLAME = re.compile(r"^\[[0-9]+-[0-9]+\]$")
_FORMATS = ("%d", "#", "@", "$F", "<UDIM>", "$UDIM")


class Refused(ValueError):
    """tk-core would refuse this value."""


class Key(object):
    def __init__(self, config_name, spec):
        self.config_name = config_name
        self.name = spec.get("alias") or config_name
        self.type = spec["type"]
        choices = spec.get("choices") or []
        self.choices = [six.text_type(c) for c in (list(choices) if not isinstance(
            choices, dict) else list(choices.keys()))]
        self.exclusions = [six.text_type(e) for e in spec.get("exclusions") or []]
        self.length = spec.get("length")
        self.filter_by = spec.get("filter_by")
        self.format_spec = spec.get("format_spec")
        if self.type == "sequence" and self.format_spec is None:
            self.format_spec = "01"
        self.strict = spec.get("strict_matching")
        if self.type == "int" and self.strict is None:
            self.strict = self.format_spec is not None
        self.default = spec.get("default")
        if self.type == "sequence" and self.default is None:
            self.default = self.frame_spec("%d")
        self.timestamp_format = spec.get("format_spec", "%Y-%m-%d-%H-%M-%S")

    # -- checking -----------------------------------------------------------
    def _common(self, text):
        if text.lower() in [e.lower() for e in self.exclusions]:
            raise Refused("excluded")
        if self.choices and text.lower() not in [c.lower() for c in self.choices]:
            raise Refused("not a choice")
        if self.length is not None and len(text) != self.length:
            raise Refused("length")

    def _string(self, text):
        if self.filter_by == "alphanumeric":
            if re.search(r"[\W_]", text, re.UNICODE):
                raise Refused("not alphanumeric")
        elif self.filter_by == "alpha":
            if re.search(r"[\W_0-9]", text, re.UNICODE):
                raise Refused("not alpha")
        elif self.filter_by is not None:
            if re.match(self.filter_by, text, re.UNICODE) is None:
                raise Refused("filter")
        self._common(text)

    def _padding(self):
        zero = self.format_spec.startswith("0") and self.format_spec != "01"
        return zero, int(self.format_spec)

    def _integer_text(self, text, strict):
        if strict:
            width = int(self.format_spec)
            if len(text) > width:
                ok = re.match(r"^[1-9][0-9]*$", text)
            elif len(text) < width:
                ok = False
            else:
                ok = re.match(r"^0{0,%d}(([1-9][0-9]*)|0)$" % (width - 1), text)
            if not ok:
                raise Refused("padding")
        elif not text.isdigit():
            raise Refused("not digits")
        self._common(text)

    def frame_spec(self, kind):
        zero, places = self._padding()
        if kind in ("<UDIM>", "$UDIM"):
            return kind
        if not zero:
            return kind
        return {"%d": "%%0%dd" % places, "#": "#" * places, "@": "@" * places,
                "$F": "$F%d" % places}[kind]

    # -- reading ------------------------------------------------------------
    def read(self, text):
        """The value tk-core reads from ``text``, or :class:`Refused`."""
        if self.type == "str":
            self._string(text)
            return text
        if self.type == "int":
            self._integer_text(text, self.strict)
            return int(text)
        if self.type == "sequence":
            if text in [self.frame_spec(k) for k in _FORMATS] or _FLAME.match(text):
                return text
            self._integer_text(text, False)
            return int(text)
        try:
            return datetime.datetime.strptime(text, self.timestamp_format)
        except ValueError:
            raise Refused("timestamp")

    # -- writing ------------------------------------------------------------
    def write(self, value):
        """The text tk-core writes for ``value``, or :class:`Refused`."""
        if value is None:
            value = self.default
        if value is None:
            raise Refused("no value")
        if self.type == "str":
            self._string(six.text_type(value))
            return six.text_type(value)
        if self.type == "timestamp":
            return value.strftime(self.timestamp_format)
        if self.type == "sequence" and isinstance(value, six.string_types) \
                and not value.isdigit():
            if value.startswith("FORMAT:"):
                return self.frame_spec(value[len("FORMAT:"):].strip())
            if value in [self.frame_spec(k) for k in _FORMATS] or _FLAME.match(value):
                return value
            raise Refused("not a frame spec")
        if isinstance(value, six.string_types):
            self._integer_text(value, self.strict)
            value = int(value)
        text = ("%%%sd" % self.format_spec) % value if self.format_spec else "%d" % value
        self._common(text)
        return text


class Template(object):
    def __init__(self, name, definition, keys, prefix):
        self.name = name
        self.prefix = prefix   # the root ("/mnt/prod/demo") of a path, "" of a string
        variations = [""]
        for token in re.split(r"(\[[^]]*\])", definition):
            if not token:
                continue
            if token.startswith("["):
                inner = token[1:-1]
                variations = variations + [v + inner for v in variations]
            else:
                variations = [v + token for v in variations]
        variations.sort(key=len, reverse=True)
        self.variations = []
        for text in variations:
            parts = []
            for index, piece in enumerate(_KEY_IN_DEFINITION.split(text)):
                if index % 2:
                    parts.append(("key", keys[piece]))
                elif piece:
                    parts.append(("text", piece))
            self.variations.append(parts)

    def apply(self, fields, upper_text=False):
        """The path tk-core writes (``upper_text``: its fixed text in upper
        case, as another tool might spell it)."""
        for parts in self.variations:
            names = [key.name for kind, key in parts if kind == "key"]
            keys = dict((key.name, key) for kind, key in parts if kind == "key")
            if all(fields.get(n) is not None or keys[n].default is not None for n in names):
                text = "".join(key.write(fields.get(key.name)) if kind == "key"
                               else key.upper() if upper_text else key for kind, key in parts)
                return self.prefix + text
        raise Refused("missing fields")

    def readings(self, path):
        """Per variation, the distinct readings of ``path``: ``[[fields...]...]``."""
        if not path.startswith(self.prefix) and not path.lower().startswith(self.prefix.lower()):
            return []
        relative = path[len(self.prefix):]
        return [_solve(relative, relative.lower(), parts) for parts in self.variations]

    def get_fields(self, path):
        """tk-core's answer: the fields, or None (no match, or ambiguous)."""
        for found in self.readings(path):
            if len(found) == 1:
                return found[0]
        return None


def _solve(path, lower, parts):
    results = []

    def walk(position, index, values, texts):
        if index == len(parts):
            if position == len(path) and values not in results:
                results.append(dict(values))
            return
        kind, item = parts[index]
        if kind == "text":
            if lower.startswith(item.lower(), position):
                walk(position + len(item), index + 1, values, texts)
            return
        following = parts[index + 1] if index + 1 < len(parts) else None
        if following is None:
            ends = [len(path)]
        elif following[0] == "text":
            token = following[1].lower()
            ends = [e for e in range(position + 1, len(path) + 1) if lower.startswith(token, e)]
        else:
            ends = range(position + 1, len(path) + 1)
        for end in ends:
            text = path[position:end]
            if "/" in text or not text:
                continue
            if item.name in texts and texts[item.name] != text:
                continue
            try:
                value = item.read(text)
            except Refused:
                continue
            new_values = dict(values)
            new_values[item.name] = value
            new_texts = dict(texts)
            new_texts[item.name] = text
            walk(end, index + 1, new_values, new_texts)

    walk(0, 0, {}, {})
    return results


class TkConfig(object):
    """The templates of a tk ``core`` folder, as tk-core reads them."""

    def __init__(self, core, project_name):
        data = _read_with_includes(os.path.join(core, "templates.yml"))
        roots = yaml.safe_load(open(os.path.join(core, "roots.yml")))
        default = [n for n, r in roots.items() if r.get("default")] or ["primary"]
        self.roots = dict((n, r["linux_path"].rstrip("/") + "/" + project_name)
                          for n, r in roots.items())
        self.keys = dict((name, Key(name, spec)) for name, spec in data["keys"].items())
        definitions = {}
        for section in ("paths", "strings"):
            for name, spec in data[section].items():
                definitions[name] = spec if isinstance(spec, six.string_types) \
                    else spec["definition"]
        self.paths = {}
        self.strings = {}
        self.refused = {}
        for section in ("paths", "strings"):
            for name, spec in data[section].items():
                try:
                    definition = _resolve(name, definitions, [])
                except Refused as exc:
                    self.refused[name] = str(exc)
                    continue
                if section == "paths":
                    root = (spec.get("root_name") if isinstance(spec, dict) else None) \
                        or default[0]
                    self.paths[name] = Template(name, definition, self.keys,
                                                self.roots[root] + "/")
                else:
                    self.strings[name] = Template(name, definition, self.keys, "")

    def matches(self, path):
        """``(unique, ambiguous)``: template name -> fields for the templates
        tk-core reads ``path`` with, and name -> every reading for those whose
        readings are all ambiguous."""
        unique, ambiguous = {}, {}
        for name, template in self.paths.items():
            readings = template.readings(path)
            fields = template.get_fields(path)
            if fields is not None:
                unique[name] = fields
            elif any(readings):
                ambiguous[name] = [f for found in readings for f in found]
        return unique, ambiguous


def _resolve(name, definitions, chain):
    if name in chain:
        raise Refused("cycle")
    text = definitions[name]
    out = []
    for piece in text.split("@@"):
        parts = piece.split("@")
        resolved = [parts[0]]
        for part in parts[1:]:
            candidates = [n for n in definitions if part.startswith(n)]
            if not candidates:
                raise Refused("@%s resolves to nothing" % part)
            best = max(candidates, key=len)
            resolved.append(_resolve(best, definitions, chain + [name]) + part[len(best):])
        out.append("".join(resolved))
    return "@".join(out)


def _read_with_includes(path):
    data = yaml.safe_load(open(path)) or {}
    merged = {"keys": {}, "paths": {}, "strings": {}}
    includes = []
    if "include" in data:
        includes.append(data["include"])
    includes.extend(data.get("includes") or [])
    for include in includes:
        included = _read_with_includes(os.path.join(os.path.dirname(path), include))
        for section in merged:
            merged[section].update(included[section])
    for section in merged:
        merged[section].update(data.get(section) or {})
    return merged
