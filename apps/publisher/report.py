"""What a publish run did, item by item: the report the panel, the CLI and the farm read.

Every (plugin, instance) the run processed is one :class:`Entry`; a failure
keeps its kind - ``check`` (a :class:`toolkit.publish.checks.CheckFailed`: a
title, what is wrong and how to fix it) or ``unexpected`` (anything else, with
its traceback) - so a plugin bug is reported like a failed check, never
raised into the host or the panel.
"""

import collections
import io
import json
import logging

import six

from toolkit.clock import utc_now

PUBLISHED = "published"
VALIDATED = "validated"
FAILED = "failed"
STOPPED = "stopped"


class Entry(object):
    """One plugin run on one instance (``instance`` None: on the whole context)."""

    __slots__ = ("plugin", "label", "order", "instance", "success", "duration", "error",
                 "log", "actions")

    def __init__(self, plugin, label, order, instance, success, duration=0.0, error=None,
                 log=(), actions=()):
        # Made once per (plugin, instance): 10,000 in a big pass, so nothing is copied.
        self.plugin = plugin
        self.label = label
        self.order = order
        self.instance = instance
        self.success = success
        self.duration = duration
        self.error = error          # None or a dict: kind, title, problem, fix, nodes, traceback
        self.log = log              # lines the plugin logged
        self.actions = actions      # [(action id, label)] offered on this outcome

    @classmethod
    def from_result(cls, result, actions=()):
        """An entry from a pyblish result dict (:func:`pyblish.plugin.process`)."""
        plugin = result["plugin"]
        instance = result.get("instance")
        error = result.get("error")
        return cls(plugin.__name__, getattr(plugin, "label", None) or plugin.__name__,
                   plugin.order, instance.data.get("name", instance.name)
                   if instance is not None else None,
                   error is None, result.get("duration") or 0.0, describe_error(error),
                   [_record_text(r) for r in result.get("records") or ()], list(actions))

    def to_dict(self):
        data = dict((name, getattr(self, name)) for name in self.__slots__)
        data["log"], data["actions"] = list(self.log), [list(a) for a in self.actions]
        return data

    def line(self):
        """One line for a terminal: ``check [instance]: title: problem (fix: ...)``."""
        where = " [%s]" % self.instance if self.instance else ""
        if self.error is None:
            return "%s%s: ok" % (self.label, where)
        error = self.error
        if error["kind"] == "check":
            text = "%s: %s" % (error["title"], error["problem"])
            if error.get("fix"):
                text += " (fix: %s)" % error["fix"]
        else:
            text = "unexpected %s: %s" % (error["type"], error["message"])
        return "%s%s: %s" % (self.label, where, text)


def describe_error(error):
    """The report's dict for a plugin's exception (None for none)."""
    if error is None:
        return None
    traceback = getattr(error, "formatted_traceback", None)
    title = getattr(error, "title", None)
    if title is not None and hasattr(error, "problem"):
        return {"kind": "check", "type": type(error).__name__, "title": title,
                "problem": error.problem, "fix": getattr(error, "fix", None),
                "nodes": list(getattr(error, "nodes", None) or ()),
                "message": _text(error), "traceback": traceback}
    return {"kind": "unexpected", "type": type(error).__name__, "title": None,
            "problem": _text(error), "fix": None, "nodes": [], "message": _text(error),
            "traceback": traceback}


class Report(object):
    """Everything one validate or publish pass did.

    ``status``: :data:`PUBLISHED`, :data:`VALIDATED` (a validate pass that
    passed), :data:`FAILED` or :data:`STOPPED`; ``records`` the PublishedFile
    records registered (empty unless published); ``summary`` one sentence.
    """

    def __init__(self, kind):
        self.kind = kind            # "validate" or "publish"
        self.entries = []
        self.records = []
        self.status = None
        self.summary = ""
        self.started = utc_now()
        self.finished = None

    @property
    def ok(self):
        return self.status in (PUBLISHED, VALIDATED)

    def failures(self):
        return [entry for entry in self.entries if entry.error is not None]

    def failures_by_check(self):
        """``{check label: [entries]}`` of the failures, in the order the checks ran."""
        grouped = collections.OrderedDict()
        for entry in self.failures():
            grouped.setdefault(entry.label, []).append(entry)
        return grouped

    def error_lines(self):
        """The failures as lines for stderr, then the summary."""
        return [entry.line() for entry in self.failures()] + [self.summary]

    def to_dict(self):
        return {"kind": self.kind, "status": self.status, "summary": self.summary,
                "started": self.started.isoformat(),
                "finished": self.finished.isoformat() if self.finished else None,
                "entries": [entry.to_dict() for entry in self.entries],
                "published": [_plain_record(r) for r in self.records]}

    def save(self, path):
        """Write the report as JSON to ``path``."""
        text = json.dumps(self.to_dict(), indent=2, sort_keys=True, default=six.text_type)
        with io.open(path, "w", encoding="utf-8") as handle:
            handle.write(six.text_type(text))
        return path


def _plain_record(record):
    keep = ("id", "name", "path", "published_file_type", "version_number", "upstream",
            "thumbnail_path", "description")
    return dict((key, record.get(key)) for key in keep)


def _record_text(record):
    if isinstance(record, logging.LogRecord):
        try:
            return "%s: %s" % (record.levelname, record.getMessage())
        except Exception:  # a message whose arguments do not format
            return "%s: %s" % (record.levelname, record.msg)
    return six.text_type(record)


def _text(error):
    try:
        return u"%s" % (error,)
    except UnicodeError:  # Python 2: a byte-string message that is not ASCII
        return repr(error)
