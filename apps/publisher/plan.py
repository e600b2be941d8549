"""A publish run written down, to run elsewhere: the farm, another machine, later.

A plan holds what decides a run's outcome: the scene, the context, the engine,
the instances with their options and toggles, the plugin set (names, and the
optional ones switched off), the targets, the comment and thumbnail. Run on
the same scene by ``reelkit publish-scene SCENE --plan FILE``, it publishes
the same things: the instances come from the plan (not from the scene, which
may have changed since), and a machine that would discover a different set of
plugins refuses to run it rather than publish something else.
"""

import io
import json

import six

from .discovery import plugin_name
from .errors import PublisherError
from .instances import check_instance

FORMAT = 1


class Plan(object):
    """A run written down (see the module docstring); ``data`` is its JSON object."""

    def __init__(self, data):
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise PublisherError("not a version %d publish plan: %r"
                                 % (FORMAT, _head(data)))
        for key in ("scene", "context", "engine", "instances", "plugins"):
            if key not in data:
                raise PublisherError("the publish plan has no %r" % key)
        data["instances"] = [check_instance(spec, "plan instance %d" % (index + 1))
                             for index, spec in enumerate(data["instances"])]
        self.data = data

    @classmethod
    def from_session(cls, session):
        """The plan of ``session`` as the artist set it up now."""
        return cls({
            "format": FORMAT,
            "project": session.project.root,
            "scene": session.host.current_scene_path(),
            "context": session.context.serialize() if session.context is not None else None,
            "engine": session.host.name,
            "instances": session.scene_instances(),
            "inactive_instances": sorted(session.inactive_instances),
            "only_instances": sorted(session.only_instances)
            if session.only_instances is not None else None,
            "plugins": [plugin_name(p) for p in session.plugins],
            "disabled_plugins": sorted(session.disabled_plugins),
            "targets": list(session.settings.get("targets") or ["default"]),
            "comment": session.comment or "",
            "thumbnail": session.thumbnail,
        })

    @classmethod
    def load(cls, path):
        """The plan saved at ``path``; PublisherError naming the file when it is not one."""
        try:
            with io.open(path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (IOError, OSError, ValueError) as exc:
            raise PublisherError("cannot read the publish plan %s: %s" % (path, exc))
        try:
            return cls(data)
        except Exception as exc:
            raise PublisherError("%s: %s" % (path, exc))

    def save(self, path):
        """Write the plan to ``path`` (JSON); returns ``path``."""
        text = json.dumps(self.data, indent=2, sort_keys=True)
        with io.open(path, "w", encoding="utf-8") as handle:
            handle.write(six.text_type(text))
        return path

    @property
    def scene(self):
        return self.data["scene"]

    @property
    def engine(self):
        return self.data["engine"]

    def context(self, project):
        """The plan's :class:`toolkit.context.Context` in ``project``."""
        from toolkit.context import Context
        if not self.data.get("context"):
            return None
        return Context.deserialize(self.data["context"], project)

    def apply_to(self, session):
        """Set ``session`` up to run exactly this plan.

        Refuses (PublisherError) when the session's host differs from the plan's
        engine or when it discovers a different plugin set.
        """
        if session.host.name != self.engine:
            raise PublisherError("this plan was made in %s and cannot run in %s"
                                 % (self.engine, session.host.name))
        have = [plugin_name(p) for p in session.plugins]
        missing = [name for name in self.data["plugins"] if name not in have]
        extra = [name for name in have if name not in self.data["plugins"]]
        if missing or extra:
            raise PublisherError("the plugins found here differ from the plan's (missing: %s; "
                                 "not in the plan: %s): the same plan must give the same "
                                 "publishes" % (", ".join(missing) or "none",
                                                ", ".join(extra) or "none"))
        session.instance_specs = [dict(spec) for spec in self.data["instances"]]
        session.inactive_instances = set(self.data.get("inactive_instances") or ())
        only = self.data.get("only_instances")
        session.only_instances = set(only) if only is not None else None
        session.disabled_plugins = set(self.data.get("disabled_plugins") or ())
        session.settings["targets"] = list(self.data.get("targets") or ["default"])
        session.comment = self.data.get("comment") or ""
        session.thumbnail = self.data.get("thumbnail")


def _head(data):
    text = repr(data)
    return text if len(text) < 80 else text[:77] + "..."
