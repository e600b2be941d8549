"""One Publisher: the plugins, the scene's instances, and the runs over them, without Qt.

The panel, ``reelkit publish-scene``, a farm job and the tests all drive a
:class:`PublishSession`::

    session = PublishSession(project, store, context, host, settings)
    report = session.validate()       # collect + validate
    report = session.publish()        # collect, validate, extract, integrate, commit, finalize

A run is pyblish's: plugins in order, each on the instances whose families it
matches, stopping after a failed validation. The pyblish context carries
Reelkit in its data - ``project``, ``store``, ``templates``, ``reelkitContext``
(the :class:`toolkit.context.Context`), ``host``, ``publishRun`` (a
:class:`toolkit.publish.run.PublishRun`), ``settings``, ``comment``,
``thumbnail``, ``currentFile`` - so plugins need nothing else.

Integrators only *plan* publishes on ``publishRun``; the session commits the
run after the last integrator (order < 3.5) when nothing failed: every
publish of the run lands, or none. Plugins ordered 3.5 and later (finalize:
the work file versions up) run only after a successful commit.
"""

import logging
import sys
import time
import traceback

from toolkit.publish.journal import recover_runs
from toolkit.publish.run import PublishRun

from .discovery import discover_plugins, plugin_label, plugin_name, resolve_plugin_folders
from .errors import PublisherError
from .instances import read_instances
from .outputs import check_outputs, publish_target
from .report import FAILED, PUBLISHED, STOPPED, VALIDATED, Entry, Report

log = logging.getLogger("reelkit.publisher")

#: Plugins ordered below this collect.
COLLECT_END = 0.5
#: Plugins ordered below this (and from COLLECT_END) validate.
VALIDATE_END = 1.5
#: Plugins from this order on run after the commit (finalize).
FINALIZE_ORDER = 3.5

DEFAULT_SETTINGS = {
    "plugin_paths": ["{config}/publish/common"],
    "outputs": {},
    "targets": ["default"],
    "comment_min_length": 0,
    "version_up": True,
}


class PublishSession(object):
    """The plugins, instances and runs of one Publisher (see the module docstring).

    ``settings``: the app's settings (:data:`DEFAULT_SETTINGS` fill the gaps);
    ``hook_folders``: ``{"self", "config", "engine"}`` folders the plugin paths
    resolve against; ``submitter``: the farm submitter hook (None: plans can be
    saved but not submitted).
    """

    def __init__(self, project, store, context, host, settings=None, hook_folders=None,
                 submitter=None):
        self.project = project
        self.store = store
        self.context = context
        self.host = host
        self.settings = dict(DEFAULT_SETTINGS)
        self.settings.update(dict((k, v) for k, v in (settings or {}).items() if v is not None))
        self.hook_folders = hook_folders or {"self": None, "config": project.hooks_dir,
                                             "engine": None}
        self.plugin_folders = resolve_plugin_folders(self.settings["plugin_paths"],
                                                     self.hook_folders)
        check_outputs(self.settings["outputs"], project)
        self.submitter = submitter
        self.comment = ""
        self.thumbnail = None
        self.disabled_plugins = set()     # optional plugins the artist switched off
        self.inactive_instances = set()   # instances the artist unchecked
        self.only_instances = None        # names: publish these (and the workfile) only
        self.instance_specs = None        # a plan's instances instead of the scene's
        self.on_progress = None           # callable(done, total, label) while files copy
        self.last_context = None
        self.last_report = None
        self.collect_report = None
        self.expected_steps = 0           # (plugin, instance) pairs the pass will run
        self._plugins = None
        self._stop = False

    @classmethod
    def from_app(cls, app):
        """The session of a running :class:`PublisherApp`."""
        settings = dict((name, app.get_setting(name)) for name in DEFAULT_SETTINGS)
        try:
            submitter = app.create_hook("hook_submitter")
        except Exception:  # a broken submitter must not stop local publishing
            log.warning("the publisher's submitter hook could not be loaded", exc_info=True)
            submitter = None
        return cls(app.project, app.store, app.context, app.engine.host, settings,
                   app._hook_folders(), submitter)

    # -- plugins ------------------------------------------------------------------

    @property
    def plugins(self):
        """Every plugin found for this host, sorted by order (discovered once)."""
        if self._plugins is None:
            self._plugins = discover_plugins(self.plugin_folders, self.host.name)
        return self._plugins

    def reload_plugins(self):
        """Discover the plugins again (a TD edited one)."""
        self._plugins = None
        return self.plugins

    def plugin(self, name):
        """The plugin class called ``name``; PublisherError naming the known ones."""
        for plugin in self.plugins:
            if plugin_name(plugin) == name:
                return plugin
        raise PublisherError("no publish plugin %r (have: %s)" % (
            name, ", ".join(plugin_name(p) for p in self.plugins) or "none"))

    def set_plugin_enabled(self, name, enabled):
        """Switch an optional plugin on or off; a required one refuses to go off."""
        plugin = self.plugin(name)
        if not enabled and not getattr(plugin, "optional", False):
            raise PublisherError("plugin %r is not optional" % name)
        if enabled:
            self.disabled_plugins.discard(name)
        else:
            self.disabled_plugins.add(name)

    def _plugins_to_run(self):
        from pyblish import logic
        plugins = [p for p in self.plugins
                   if p.active and plugin_name(p) not in self.disabled_plugins]
        return logic.plugins_by_targets(plugins, list(self.settings["targets"] or ["default"]))

    # -- instances -----------------------------------------------------------------

    def scene_instances(self):
        """The instances the run starts from: a plan's, else those stored in the scene."""
        if self.instance_specs is not None:
            return [dict(spec) for spec in self.instance_specs]
        return read_instances(self.host)

    def creatable_families(self):
        """Families an artist can create instances of here (``outputs`` but the workfile)."""
        return sorted(f for f in (self.settings.get("outputs") or {}) if f != "workfile")

    def create_instance(self, name, family, members=None, frame_range=None, options=None):
        """Create an instance in the scene, as a creator does: the selected nodes and the
        scene's frame range unless given. Returns the stored dict."""
        from .instances import add_instance, make_instance
        if members is None:
            members = self.host.selection()
        if frame_range is None:
            frame_range = self.host.get_frame_range()
        return add_instance(self.host, make_instance(name, family, members,
                                                     frame_range=frame_range, options=options))

    def remove_instance(self, name):
        """Remove a stored instance from the scene."""
        from .instances import remove_instance
        remove_instance(self.host, name)

    def update_instance(self, name, changes):
        """Change fields of instance ``name`` (a dict: variant, frame_range, options,
        active, members, name) in the scene, or in the plan being run; returns it."""
        from .instances import check_instance, update_instance
        if self.instance_specs is None:
            return update_instance(self.host, name, changes)
        for index, spec in enumerate(self.instance_specs):
            if spec["name"] == name:
                self.instance_specs[index] = check_instance(dict(spec, **changes))
                return self.instance_specs[index]
        raise PublisherError("the plan has no instance %r" % name)

    def rename_instance(self, name, new_name):
        """Rename an instance in the scene (and in the plan being run, if any)."""
        return self.update_instance(name, {"name": new_name})

    def collect(self):
        """Run the collectors only; return the pyblish context (what the panel lists)."""
        context = self._new_context(None)
        report = Report("collect")
        for _ in self._run_plugins(context, [p for p in self._plugins_to_run()
                                             if p.order < COLLECT_END], report):
            pass
        self.collect_report = report
        self._apply_toggles(context)
        self.last_context = context
        return context

    # -- runs --------------------------------------------------------------------------

    def validate(self):
        """Collect and validate; returns the :class:`Report` (nothing is written)."""
        for _ in self.steps("validate"):
            pass
        return self.last_report

    def publish(self):
        """Collect, validate, extract, integrate, commit, finalize; returns the Report."""
        for _ in self.steps("publish"):
            pass
        return self.last_report

    def stop(self):
        """Stop the running pass after the plugin now running (nothing is published)."""
        self._stop = True

    def steps(self, kind):
        """Run a ``"validate"`` or ``"publish"`` pass one plugin at a time.

        Yields each :class:`Entry` as it is made (the panel shows them and keeps
        its event loop turning between two); the :class:`Report` is
        ``self.last_report`` throughout and complete when the generator ends.
        """
        if kind not in ("validate", "publish"):
            raise PublisherError("a pass is 'validate' or 'publish', not %r" % (kind,))
        # Reset now, not when the generator first runs: a Stop pressed before the
        # first step must still stop the pass.
        self._stop = False
        self.expected_steps = 0  # known once the collectors ran
        return self._steps(kind)

    def _steps(self, kind):
        report = Report(kind)
        self.last_report = report
        # A run killed earlier in this project left files at published paths: remove
        # them before the checks look at the disk (and before this run places any).
        recover_runs(self.project, self.store)
        run = None
        if kind == "publish":
            entry = self._check_comment()
            if entry is not None:
                report.entries.append(entry)
                yield entry
                self._finish(report, FAILED, "nothing was published: %s" % entry.error["problem"])
                return
            run = PublishRun(self.project, self.store,
                             user=getattr(self.context, "user", None))
        try:
            context = self._new_context(run)
            self.last_context = context
            plugins = self._plugins_to_run()
            end = VALIDATE_END if kind == "validate" else FINALIZE_ORDER
            collectors = [p for p in plugins if p.order < COLLECT_END]
            for entry in self._run_plugins(context, collectors, report):
                yield entry
                if self._stop:
                    break
            self._apply_toggles(context)
            main = [p for p in plugins if COLLECT_END <= p.order < end]
            later = [p for p in plugins if p.order >= FINALIZE_ORDER] if run else []
            counts = _step_counts(context, main + later)
            # As pyblish.util does after collection: an instance plugin without an
            # instance to run on is left out, so it cannot trip the stop test.
            main = [p for p in main if counts[p]]
            self.expected_steps = len(report.entries) + sum(counts.values()) + \
                (1 if run else 0)
            if not self._stop:
                for entry in self._run_plugins(context, main, report, stop_on_validation=True):
                    yield entry
                    if self._stop:
                        break
            if self._stop:
                self._finish(report, STOPPED, "stopped by the artist: nothing was published")
                return
            failures = report.failures()
            if kind == "validate":
                if failures:
                    self._finish(report, FAILED, "%d check(s) failed" % len(failures))
                else:
                    self._finish(report, VALIDATED, "every check passed")
                return
            if failures:
                self._finish(report, FAILED, "nothing was published: %d item(s) failed"
                             % len(failures))
                return
            entry = self._commit(run, context, report)
            yield entry
            if entry.error is not None:
                self._finish(report, FAILED, "nothing was published: %s" % entry.error["message"])
                return
        finally:
            if run is not None:
                run.close()
        # Finalize: only after everything landed; a failure here unpublishes nothing.
        finalizers = [p for p in plugins if p.order >= FINALIZE_ORDER]
        for entry in self._run_plugins(context, finalizers, report):
            yield entry
        later = [e for e in report.failures() if e.order >= FINALIZE_ORDER]
        summary = "published %d file(s)" % len(report.records)
        if later:
            summary += "; %d finalize step(s) failed (the publishes stand)" % len(later)
        self._finish(report, PUBLISHED, summary)

    def run_action(self, plugin, action_id):
        """Run action ``action_id`` of ``plugin`` (a class or its name) on the last pass.

        Returns the :class:`Entry` of the action (its error kept, never raised).
        """
        import pyblish.plugin
        if not hasattr(plugin, "actions"):
            plugin = self.plugin(plugin)
        if self.last_context is None:
            raise PublisherError("run Validate before an action: it acts on the last pass")
        result = _safe_process(pyblish.plugin.process, plugin, self.last_context, None,
                               action_id)
        entry = Entry.from_result(result)
        action = dict((a.id, a) for a in plugin.actions).get(action_id)
        entry.label = "%s: %s" % (entry.label, getattr(action, "label", None) or action_id)
        return entry

    # -- pieces --------------------------------------------------------------------------

    def _new_context(self, run):
        import pyblish.api
        context = pyblish.api.Context()
        context.data.update({
            "project": self.project,
            "store": self.store,
            "templates": self.project.templates,
            "reelkitContext": self.context,
            "host": self.host,
            "session": self,
            "publishRun": run,
            "settings": self.settings,
            "comment": self.comment or "",
            "thumbnail": self.thumbnail,
            "user": getattr(self.context, "user", None),
            "currentFile": self.host.current_scene_path(),
            "sceneInstances": self.scene_instances(),
        })
        return context

    def _apply_toggles(self, context):
        for instance in context:
            name = instance.data.get("name", instance.name)
            if name in self.inactive_instances:
                instance.data["publish"] = False
            if self.only_instances is not None and name not in self.only_instances \
                    and instance.data.get("family") != "workfile":
                instance.data["publish"] = False

    def _run_plugins(self, context, plugins, report, stop_on_validation=False):
        import pyblish.plugin
        from pyblish import logic
        state = {"nextOrder": None, "ordersWithError": set()}
        known = {}  # plugin -> (name, label, actions on success): read once per plugin
        for plugin, instance in logic.Iterator(plugins, context,
                                               state if stop_on_validation else None,
                                               targets=list(self.settings["targets"])):
            result = _safe_process(pyblish.plugin.process, plugin, context, instance)
            if result["error"] is not None or result["records"]:
                if result["error"] is not None:
                    state["ordersWithError"].add(plugin.order)
                entry = Entry.from_result(result, _actions(plugin, result["error"] is not None))
            else:  # the common case, made cheaply: a big pass has 10,000 of them
                meta = known.get(plugin)
                if meta is None:
                    meta = known[plugin] = (plugin.__name__, plugin_label(plugin),
                                            _actions(plugin, False))
                entry = Entry(meta[0], meta[1], plugin.order,
                              instance.data.get("name", instance.name)
                              if instance is not None else None,
                              True, result["duration"] or 0.0, None, (), meta[2])
            report.entries.append(entry)
            yield entry

    def _check_comment(self):
        minimum = int(self.settings.get("comment_min_length") or 0)
        if len((self.comment or "").strip()) >= minimum:
            return None
        from toolkit.publish.checks import CheckFailed
        error = CheckFailed("Comment too short",
                            "the comment has %d character(s); this project asks for at least %d"
                            % (len((self.comment or "").strip()), minimum),
                            "say what changed in this publish")
        return Entry("Comment", "Comment", 0.0, None, False, 0.0,
                     _describe(error))

    def _commit(self, run, context, report):
        started = time.time()
        error = None
        if run is None or not run.publishes:
            error = PublisherError("nothing to publish: no instance produced a file")
        else:
            try:
                records = run.commit(progress=self.on_progress)
            except Exception as exc:
                exc.formatted_traceback = traceback.format_exc()
                error = exc
            else:
                report.records = records
                by_label = {}
                for planned in run.publishes:
                    by_label.setdefault(planned.label, []).append(planned.record)
                for instance in context:
                    name = instance.data.get("name", instance.name)
                    instance.data["records"] = by_label.get(name, [])
                context.data["records"] = records
        entry = Entry("Commit", "Publish (all or nothing)", FINALIZE_ORDER - 0.01, None,
                      error is None, (time.time() - started) * 1000, _describe(error))
        report.entries.append(entry)
        return entry

    def _finish(self, report, status, summary):
        from toolkit.clock import utc_now
        report.status = status
        report.summary = summary
        report.finished = utc_now()

    # -- where instances publish -------------------------------------------------------

    def publish_target(self, instance):
        """``(template, fields, published_file_type, name)`` for ``instance``; see
        :func:`apps.publisher.outputs.publish_target`."""
        return publish_target(self.project, self.context, self.host,
                              self.settings.get("outputs") or {}, instance)

    def plan_publish(self, instance, source, thumbnail=None):
        """Plan ``source`` (a file or a frame sequence) as a publish of ``instance``.

        Called by integrators: the file is checked now and lands when the
        session commits the run, with every other publish of the run or not at all.
        """
        context = instance.context
        run = context.data.get("publishRun")
        if run is None:
            raise PublisherError("no publish run: integrators run in a publish pass only")
        template, fields, published_file_type, name = self.publish_target(instance)
        frames = None
        if instance.data.get("frameStart") is not None and \
                instance.data.get("frameEnd") is not None:
            frames = (instance.data["frameStart"], instance.data["frameEnd"])
        return run.add(self.context, source, template, fields, published_file_type,
                       comment=context.data.get("comment") or "", name=name,
                       thumbnail=thumbnail or context.data.get("thumbnail"),
                       dependencies=context.data.get("dependencies") or (),
                       label=instance.data.get("name", instance.name), frame_range=frames)

    # -- plans and the farm ----------------------------------------------------------------

    def make_plan(self):
        """This session's run as a :class:`apps.publisher.plan.Plan` (see there)."""
        from .plan import Plan
        return Plan.from_session(self)

    def apply_plan(self, plan):
        """Run exactly what ``plan`` says: its instances, toggles, plugins, comment."""
        plan.apply_to(self)

    def submit(self, plan_path):
        """Send the plan saved at ``plan_path`` to the farm through the submitter hook."""
        if self.submitter is None:
            raise PublisherError("no submitter hook: set hook_submitter in the environment")
        return self.submitter.submit(plan_path, self)


def _step_counts(context, plugins):
    """``{plugin: (plugin, instance) pairs it will run}`` on ``context`` (1 for a
    context plugin), each plugin's instances matched once."""
    from pyblish import logic
    counts = {}
    for plugin in plugins:
        if plugin.__instanceEnabled__:
            counts[plugin] = len([i for i in logic.instances_by_plugin(context, plugin)
                                  if i.data.get("publish") is not False])
        else:
            counts[plugin] = 1
    return counts


def _actions(plugin, failed):
    """``[(id, label)]`` of ``plugin``'s actions offered on this outcome."""
    offered = []
    for action in getattr(plugin, "actions", None) or ():
        on = getattr(action, "on", "all")
        if getattr(action, "__type__", "action") != "action" or not getattr(action, "active",
                                                                             True):
            continue
        if on in ("all", "processed") or (failed and on in ("failed", "failedOrWarning")) or \
                (not failed and on == "succeeded"):
            offered.append((action.id, getattr(action, "label", None) or action.__name__))
    return offered


def _describe(error):
    from .report import describe_error
    return describe_error(error)


def _safe_process(process, plugin, context, instance, action=None):
    """pyblish's ``process``, with even a ``SystemExit`` or a pyblish bug kept as a result.

    pyblish catches a plugin's ``Exception``; a plugin calling ``sys.exit()`` or
    tripping pyblish itself must not take the host or the panel down either.
    """
    try:
        return process(plugin, context, instance, action)
    except KeyboardInterrupt:
        raise
    except BaseException as exc:
        exc.formatted_traceback = "".join(traceback.format_exception(*sys.exc_info()))
        result = {"success": False, "plugin": plugin, "instance": instance, "action": action,
                  "error": exc, "records": [], "duration": 0.0, "progress": 0,
                  "context": context}
        context.data.setdefault("results", []).append(result)
        return result
