"""A cache of parsed YAML files, addressed by their content.

An engine reads the same config files at every start in every host. Parsing
them again costs little with libyaml, but *importing* PyYAML costs about 80 ms
on Python 2.7 (its reader compiles a full-Unicode regex). The cache keeps each
parsed file as JSON together with the exact bytes it was parsed from, filed
under checksums of those bytes: an entry is used only when its bytes are the
file's, so it can never be stale, and nothing needs invalidating. (No
cryptographic digest: ``hashlib`` loads OpenSSL, a few milliseconds of every
``reelkit`` run, and the comparison of the bytes is exact where a digest is
only very likely right.)

Where: ``$REELKIT_CACHE`` (set but empty turns the cache off), else
``$XDG_CACHE_HOME/reelkit``, else ``~/.cache/reelkit``. The cache is only an
accelerator: a file it cannot read or write is parsed as usual, and data JSON
cannot hold exactly (dates, binary) is never cached.

An entry is never trusted more than the YAML it stands for: it holds the
bytes it was parsed from, and its whole shape is checked as it
is read (mappings, lists, lines, keys). An entry that does not match, is
truncated, nested past what a config may be or otherwise unreadable is
ignored, removed and rebuilt from the YAML.
"""

import io
import json
import os
import sys
import zlib

from toolkit.config.located import YamlList, YamlMap

#: Returned by :func:`read` when the cache has nothing for those bytes.
MISSING = object()

# Part of every key: a change of the encoding below must never read old entries.
_FORMAT = b"reelkit-yaml-cache-3\n"
_PY2 = sys.version_info[0] == 2


def cache_dir():
    """The folder holding the cache, or None when it is turned off."""
    explicit = os.environ.get("REELKIT_CACHE")
    if explicit is not None:
        return explicit or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "reelkit")


def _entry(raw):
    folder = cache_dir()
    if folder is None:
        return None
    # Only a file name: two files of equal checksums share it, and the one
    # whose bytes the entry does not hold is parsed (and written) again.
    key = "%08x%08x%x" % (zlib.crc32(_FORMAT + raw) & 0xffffffff,
                          zlib.adler32(raw) & 0xffffffff, len(raw))
    return os.path.join(folder, "yaml", key[:2], key + ".json")


def read(raw, source):
    """The data parsed earlier from bytes ``raw`` (with ``source`` as its file), or MISSING.

    An entry that is not exactly what :func:`write` makes for those bytes is
    removed (so the next parse rebuilds it) and MISSING returned.
    """
    path = _entry(raw)
    if path is None or not os.path.isfile(path):
        return MISSING
    try:
        with io.open(path, "r", encoding="utf-8") as handle:
            entry = json.load(handle)
        if not isinstance(entry, dict) or entry.get("source") != _source(raw):
            raise ValueError("the entry is not the one of these bytes")
        return _decode(entry["data"], source, 0)
    except (IOError, OSError, ValueError, KeyError, TypeError, IndexError,
            RuntimeError) as exc:  # RuntimeError: RecursionError of deeply nested JSON
        _debug("ignoring unreadable YAML cache entry %s: %s", path, exc)
        try:
            os.remove(path)
        except OSError:
            pass
        return MISSING


def _source(raw):
    """``raw`` as JSON text holds it: Latin-1 maps every byte to one character."""
    return raw.decode("latin-1")


def _debug(message, *args):
    # logging is imported only here: the cache is on the start path of every
    # ``reelkit`` command, and logging costs a few milliseconds to import.
    import logging
    logging.getLogger(__name__).debug(message, *args)


def write(raw, data):
    """Remember ``data`` parsed from ``raw``; silently does nothing when it cannot."""
    path = _entry(raw)
    if path is None or os.path.isfile(path):
        return
    try:
        text = json.dumps({"source": _source(raw), "data": _encode(data)}, ensure_ascii=True,
                          separators=(",", ":"))
    except _Unencodable:
        return  # dates, binary... : parsed every time, exactly
    import binascii  # here: only writing needs it
    tmp = "%s.%s.tmp" % (path, binascii.hexlify(os.urandom(4)).decode("ascii"))
    try:
        folder = os.path.dirname(path)
        if not os.path.isdir(folder):
            os.makedirs(folder)
        with io.open(tmp, "w", encoding="ascii") as handle:
            handle.write(u"" + text)
        os.rename(tmp, path)  # whole entries only, even with several writers
    except (IOError, OSError) as exc:
        _debug("cannot write YAML cache entry %s: %s", path, exc)
        try:
            os.remove(tmp)
        except OSError:
            pass


class _Unencodable(Exception):
    pass


def _encode(value):
    if isinstance(value, YamlMap):
        keys = list(value)
        return {"m": [[_scalar(k), _encode(value[k])] for k in keys], "l": value.line,
                "k": [value.key_lines.get(k) for k in keys]}
    if isinstance(value, YamlList):
        return {"s": [_encode(v) for v in value], "l": value.line, "i": list(value.item_lines)}
    if isinstance(value, (dict, list, tuple)):
        raise _Unencodable()  # every container the loader makes is located
    return _scalar(value)


def _scalar(value):
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if _PY2 and isinstance(value, long):  # noqa: F821 -- Python 2 only
        return value
    if isinstance(value, bytes) and not _PY2:
        raise _Unencodable()  # !!binary
    if isinstance(value, (bytes, type(u""))):
        return value
    raise _Unencodable()  # datetime, date, set...


#: Deepest nesting an entry may have; the YAML loader refuses deeper files.
_MAX_DEPTH = 200


def _decode(value, source, depth):
    """The located containers of an entry, every part of its shape checked
    (ValueError on the first that is not what :func:`_encode` writes)."""
    if isinstance(value, dict):
        if depth > _MAX_DEPTH:
            raise ValueError("nested deeper than %d" % _MAX_DEPTH)
        if set(value) == set(("m", "l", "k")):
            pairs, lines = value["m"], value["k"]
            if not isinstance(pairs, list) or not isinstance(lines, list) \
                    or len(pairs) != len(lines):
                raise ValueError("a mapping whose keys and lines differ")
            data = YamlMap()
            for pair, line in zip(pairs, lines):
                if not isinstance(pair, list) or len(pair) != 2 or isinstance(pair[0], (dict, list)):
                    raise ValueError("a mapping entry is not a [key, value] pair")
                key = _text(pair[0])
                if key in data:
                    raise ValueError("a duplicate key")
                data[key] = _decode(pair[1], source, depth + 1)
                data.key_lines[key] = _line(line)
        elif set(value) == set(("s", "l", "i")):
            items, lines = value["s"], value["i"]
            if not isinstance(items, list) or not isinstance(lines, list) \
                    or len(items) != len(lines):
                raise ValueError("a list whose items and lines differ")
            data = YamlList(_decode(item, source, depth + 1) for item in items)
            data.item_lines = [_line(line) for line in lines]
        else:
            raise ValueError("an object that is neither a mapping nor a list")
        data.source = source
        data.line = _line(value["l"])
        return data
    if isinstance(value, list):
        raise ValueError("a bare list")
    return _text(value)


def _line(value):
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        return value
    raise ValueError("a line number that is not a positive integer: %r" % (value,))


def _text(value):
    # PyYAML on Python 2 gives ``str`` for ASCII text and ``unicode`` otherwise;
    # JSON gives ``unicode`` always: give back what the parser would have.
    if _PY2 and isinstance(value, unicode):  # noqa: F821 -- Python 2 only
        try:
            return value.encode("ascii")
        except UnicodeEncodeError:
            return value
    return value
