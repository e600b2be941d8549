"""The engine: runs a bundle set inside one host and owns its menu and panels.

``start_engine(name, context)`` reads the project config, picks the environment
for the context, validates every setting, then builds the engine bundle, its
host adapter, the frameworks and the apps. One engine runs per process
(``current_engine()``).

Engine bundles subclass :class:`Engine`, set ``host_class`` to their
:class:`~toolkit.platform.host.HostAdapter` and may override ``init_engine``,
``post_app_init`` and ``destroy_engine``.
"""

import collections
import logging
import os
import sys

from toolkit.errors import ReelkitError
from toolkit.platform.bundle import Bundle
from toolkit.platform.command import Command
from toolkit.platform.errors import EngineError

log = logging.getLogger("reelkit.platform")

_current = [None]  # a list so the module never rebinds a global from functions


def current_engine():
    """The running engine, or None."""
    return _current[0]


#: Where publish runs keep their journals, below the project folder: the same as
#: toolkit.publish.journal.JOURNAL_FOLDER (a test holds them equal), spelled here
#: because importing toolkit.publish costs milliseconds of every engine start.
_PUBLISH_JOURNALS = os.path.join(".reelkit", "publish_runs")


def start_engine(name, context, project=None):
    """Start engine ``name`` in ``context`` and return it.

    ``project`` is a loaded project config, a path to one, or None for
    ``$REELKIT_PROJECT`` (else the project above the current folder).
    Configuration problems raise one :class:`ConfigError` (several at once:
    :class:`ConfigErrors`) before anything is started.
    """
    from toolkit.platform import environment
    if _current[0] is not None:
        raise EngineError("engine %r is already running: destroy() it before starting %r"
                          % (_current[0].name, name))
    if project is None:
        project = getattr(context, "project", None)
    project = load_project_config(project)
    # skip_broken: one app that cannot be set up must not stop the engine and the others.
    plan = environment.plan_environment(project, context, name, skip_broken=True)
    cls = plan.engine.info.load_class(Engine)
    engine = cls(plan.engine.info, plan.engine.settings, project, context, plan.env_name)
    _current[0] = engine  # apps may call current_engine() while they start
    try:
        engine._start(plan)
    except BaseException:
        _current[0] = None
        engine._teardown()
        raise
    return engine


def change_context(context):
    """Switch the running engine to ``context`` (see :meth:`Engine.change_context`)."""
    engine = current_engine()
    if engine is None:
        raise EngineError("no engine is running")
    engine.change_context(context)
    return engine


def load_project_config(project):
    """A loaded project config from a config object, a path or the environment."""
    if project is not None and not isinstance(project, (str, type(u""))):
        return project
    from toolkit.config import find_project, load_project
    if project is None:
        project = os.environ.get("REELKIT_PROJECT") or find_project(os.getcwd())
        if not project:
            raise EngineError("no project: set REELKIT_PROJECT or run inside a project folder")
    return load_project(project)


class Engine(Bundle):
    """Base class of every engine bundle."""

    kind = "engine"

    #: The HostAdapter subclass this engine drives.
    host_class = None

    def __init__(self, info, settings, project, context, env_name=None):
        super(Engine, self).__init__(info, settings, env_name)
        self._project = project
        self._context = context
        self._store = None
        self.host = None
        self.apps = collections.OrderedDict()        # instance name -> Application
        self.frameworks = collections.OrderedDict()  # name -> Framework
        self.commands = collections.OrderedDict()    # name -> Command
        self._loading = None      # bundle whose init is running (owns new commands)
        self._menu_built = False
        self._log_handler = None
        self._panels = {}         # panel_id -> (container, widget)
        self._windows = []        # dialogs kept alive while shown
        self._plan = None         # the EnvironmentPlan the bundles run from

    # -- subclass hooks --------------------------------------------------------

    def create_host(self):
        """Build this engine's host adapter (default: ``host_class(self)``)."""
        if self.host_class is None:
            raise EngineError("engine %r sets no host_class" % self.name)
        return self.host_class(self)

    def init_engine(self):
        """Called after the host adapter exists, before any app starts."""

    def post_app_init(self):
        """Called after every app started, before the menu is built."""

    def destroy_engine(self):
        """Called when the engine stops, after the apps were dropped."""

    # -- what apps see -----------------------------------------------------------

    @property
    def engine(self):
        return self

    @property
    def context(self):
        return self._context

    @property
    def project(self):
        return self._project

    @property
    def store(self):
        """The project's store, opened on first use (None without ``toolkit.store``)."""
        if self._store is None:
            try:
                from toolkit.store import open_store
            except ImportError:
                return None
            self._store = open_store(self._project)
        return self._store

    @property
    def menu_name(self):
        return self.get_setting("menu_name") or "Reelkit"

    # -- commands ----------------------------------------------------------------

    def register_command(self, name, callback, properties=None):
        """Offer ``callback`` as command ``name`` in the host menu and ``reelkit run``.

        ``properties``: ``short_name`` (for ``reelkit run``), ``type`` ("action",
        "panel"), ``description``, ``group``, ``icon``. A name already taken by
        another app instance gets the instance name appended.
        """
        owner = self._loading if self._loading is not None else self
        if name in self.commands:
            suffix = getattr(owner, "instance_name", None) or owner.name
            name = "%s (%s)" % (name, suffix)
        command = Command(name, callback, properties, owner, self)
        self.commands[name] = command
        if self._menu_built:
            self._build_menu()
        return command

    def find_command(self, name):
        """The command called ``name`` or whose ``short_name`` is ``name``, or None."""
        if name in self.commands:
            return self.commands[name]
        for command in self.commands.values():
            if command.properties.get("short_name") == name:
                return command
        return None

    def mark_command(self, name, mark):
        """Show ``mark`` beside command ``name`` in the host menu (None clears it).

        For a notice that must not block: the Breakdown marks its item when a
        scene opens with out-of-date references. The menu is rebuilt only when
        the mark changes. Returns the command, or None when there is none.
        """
        command = name if isinstance(name, Command) else self.find_command(name)
        if command is None or command.mark == mark:
            return command
        command.mark = mark
        if self._menu_built:
            self._build_menu()
        return command

    # -- errors ------------------------------------------------------------------

    def report_error(self, message):
        """Log the exception being handled and show it to the artist if Qt is up.

        A :class:`ReelkitError` explains itself: its message is logged without a
        traceback. Anything else is a bug somewhere and keeps its traceback.
        """
        error = sys.exc_info()[1]
        if isinstance(error, ReelkitError):
            self.logger.error("%s: %s", message, error)
        else:
            self.logger.error(message, exc_info=True)
        if "qtpy.QtWidgets" not in sys.modules:
            return  # never import Qt just to report an error
        try:
            from toolkit import qt
            if qt.QtWidgets.QApplication.instance() is None:
                return
            detail = str(sys.exc_info()[1])
            box = qt.QtWidgets.QMessageBox(qt.QtWidgets.QMessageBox.Critical, "Reelkit",
                                           "%s:\n%s" % (message, detail),
                                           qt.QtWidgets.QMessageBox.Ok, self.host.main_window())
            box.show()  # not exec_(): a modal loop must not block the host
            self._windows.append(box)
        except Exception:
            self.logger.exception("could not show the error dialog")

    # -- panels ------------------------------------------------------------------

    def show_panel(self, widget_class, title, panel_id, *args):
        """Show ``widget_class(*args)`` as panel ``panel_id``; return the widget.

        The host docks it when it can (``HostAdapter.dock_panel``); otherwise it
        is a tool window parented to the host's main window. Showing the same
        ``panel_id`` again raises the existing panel.
        """
        from toolkit import qt
        qt.ensure_application()
        existing = self._panels.get(panel_id)
        if existing is not None:
            container, widget = existing
            try:
                container.show()
                container.raise_()
                return widget
            except RuntimeError:  # the C++ object was deleted by the host
                del self._panels[panel_id]
        widget = widget_class(*args)
        widget.setObjectName(panel_id)
        container = self.host.dock_panel(widget, title, panel_id)
        if container is None:
            container = self._wrap(title, widget)
        container.show()
        self._panels[panel_id] = (container, widget)
        return widget

    def show_dialog(self, title, bundle, widget_class, *args):
        """Show ``widget_class(*args)`` in a non-modal dialog over the main window."""
        from toolkit import qt
        qt.ensure_application()
        widget = widget_class(*args)
        dialog = self._wrap(title, widget)
        dialog.show()
        self._windows.append(dialog)
        return widget

    def show_modal(self, title, bundle, widget_class, *args):
        """Show ``widget_class(*args)`` in a modal dialog; return ``(result, widget)``."""
        from toolkit import qt
        qt.ensure_application()
        widget = widget_class(*args)
        dialog = self._wrap(title, widget)
        return dialog.exec_(), widget

    def _wrap(self, title, widget):
        from toolkit import qt
        dialog = qt.QtWidgets.QDialog(self.host.main_window())
        dialog.setWindowTitle(title)
        layout = qt.QtWidgets.QVBoxLayout(dialog)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(widget)
        return dialog

    # -- life cycle --------------------------------------------------------------

    def change_context(self, context):
        """Switch to ``context`` as one step: environment, apps, folders.

        Everything that can fail without touching the running apps is done
        first: the environment is picked again and validated, the new bundles'
        classes are imported and the context's folders are created from the
        schema (with the folders deferred to this engine). Only then are the
        running apps stopped and the new ones started; if one of them fails to
        start, the new ones are stopped and the old context, environment and
        apps come back. A failure raises :class:`ContextChangeError` naming the
        step and its cause; the engine then runs in the old context.
        """
        from toolkit.platform import environment
        from toolkit.platform.application import Application, Framework
        from toolkit.platform.errors import ContextChangeError
        old_context = self._context
        step = "picking the environment"
        try:
            plan = environment.plan_environment(self._project, context, self.name,
                                                skip_broken=True)
            # An app whose bundle this interpreter lacks is left out at start (and
            # logged); the same one missing here is no reason to refuse the switch,
            # one the engine runs with now is.
            running_without = set(p.key for p in getattr(self._plan, "skipped", ()))
            missing = [p for p in plan.skipped if p.key not in running_without]
            if missing:
                raise missing[0]
            step = "loading the apps"
            for setup in plan.frameworks:
                setup.info.load_class(Framework)
            for setup in plan.apps:
                setup.info.load_class(Application)
            step = "creating the folders"
            self._create_context_folders(context)
        except Exception as exc:
            raise ContextChangeError(old_context, context, step, exc)
        old = (old_context, self.env_name, self._settings, self._plan)
        self._close_panels()  # they belong to the apps about to stop
        self._stop_bundles()
        self._switch(context, plan.env_name, dict(plan.engine.settings), plan)
        failures = []
        self._start_bundles(plan, failures)
        if failures:
            name, error = failures[0]
            self._stop_bundles()
            self._switch(*old)
            if old[3] is not None:
                self._start_bundles(old[3])
            self._build_menu()
            raise ContextChangeError(old_context, context, "starting %r" % name, error)
        self._build_menu()

    def _switch(self, context, env_name, settings, plan):
        self._context = context
        self.env_name = env_name
        self._settings = settings
        self._plan = plan

    def _create_context_folders(self, context):
        """Create ``context``'s folders (its task's, else its entity's) from the schema.

        Needs the entity in the store (an id); a context without one (a project
        context, an entity the store does not know) has no folders to make.
        """
        entity = context.task if context.task and context.task.get("id") else context.entity
        if not entity or entity.get("id") is None or self.store is None:
            return []
        from toolkit.folders import create_folders
        user = context.user.get("login") if context.user else None
        return create_folders(self._project, self.store, entity, engine=self.name, user=user)

    def destroy(self):
        """Stop the apps, remove the menu and log handler; no engine runs after."""
        try:
            self._stop_bundles()
            try:
                self.destroy_engine()
            except Exception:
                self.logger.exception("engine %r failed to stop cleanly", self.name)
        finally:
            self._teardown()
            if _current[0] is self:
                _current[0] = None

    def _start(self, plan):
        self.host = self.create_host()
        self._log_handler = self.host.log_handler()
        if self._log_handler is not None:
            logging.getLogger("reelkit").addHandler(self._log_handler)
        self.init_engine()
        self._plan = plan
        self._start_bundles(plan)
        self.post_app_init()
        self._build_menu()
        self._undo_interrupted_publishes()

    def _undo_interrupted_publishes(self):
        """Undo what publishes killed mid-way left in this project, as a database
        rolls back an interrupted transaction when it is next opened: the next
        host that starts here, not only the next publish, leaves the publish
        area as it was (toolkit.publish.journal). Costs one folder listing when
        nothing was interrupted; never stops the engine."""
        root = getattr(self._project, "root", None)
        try:
            if not root or not os.listdir(os.path.join(root, _PUBLISH_JOURNALS)):
                return
        except OSError:  # no journal folder: nothing was ever interrupted
            return
        from toolkit.publish.journal import recover_runs
        try:
            undone = recover_runs(self._project)
        except Exception as exc:  # noqa: BLE001 - a read-only area, a store down...
            self.logger.warning("could not undo an interrupted publish (reelkit recover "
                                "--repair will): %s", exc)
            return
        if undone:
            self.logger.info("undid %d publish run(s) a crash interrupted", len(undone))

    def _start_bundles(self, plan, failures=None):
        """Start the plan's frameworks and apps; with a ``failures`` list, stop at the
        first bundle that fails and record ``(instance name, error)`` in it instead
        of reporting and skipping it."""
        from toolkit.platform.application import Application, Framework
        for problem in getattr(plan, "skipped", ()):  # left out by the environment check
            self.logger.error("not started: %s", problem)
        for setups, base, init_name, running in (
                (plan.frameworks, Framework, "init_framework", self.frameworks),
                (plan.apps, Application, "init_app", self.apps)):
            for setup in setups:
                bundle = self._build(setup, base, init_name, failures)
                if bundle is not None:
                    running[setup.instance_name] = bundle
                elif failures:
                    return

    def _build(self, setup, base, init_name, failures=None):
        """Import, build and init one bundle; report and skip it if it fails (or, with a
        ``failures`` list, record the failure there)."""
        try:
            cls = setup.info.load_class(base)
            bundle = cls(self, setup.info, setup.settings, self.env_name)
            bundle.instance_name = setup.instance_name
        except Exception as exc:
            if failures is not None:
                failures.append((setup.instance_name, exc))
                return None
            self.report_error("%s %r could not be loaded" % (base.kind, setup.instance_name))
            return None
        self._loading = bundle
        try:
            getattr(bundle, init_name)()
        except Exception as exc:
            self._drop_commands(bundle)
            if failures is not None:
                failures.append((setup.instance_name, exc))
                return None
            self.report_error("%s %r failed to start" % (base.kind, setup.instance_name))
            return None
        finally:
            self._loading = None
        return bundle

    def _stop_bundles(self):
        for name, app in reversed(list(self.apps.items())):
            self._stop(app, "destroy_app")
        for name, framework in reversed(list(self.frameworks.items())):
            self._stop(framework, "destroy_framework")
        self.apps.clear()
        self.frameworks.clear()
        if self._menu_built:
            self.host.clear_menu(self.menu_name)
            self._menu_built = False

    def _stop(self, bundle, method):
        try:
            getattr(bundle, method)()
        except Exception:
            self.report_error("%s %r failed to stop" % (bundle.kind, bundle.instance_name))
        self._drop_commands(bundle)

    def _drop_commands(self, bundle):
        for name in [n for n, c in self.commands.items() if c.bundle is bundle]:
            del self.commands[name]

    def _build_menu(self):
        self.host.build_menu(self.menu_name, list(self.commands.values()))
        self._menu_built = True

    def _close_panels(self):
        # The widget is closed as well as its container: only the window being
        # closed gets a closeEvent, and that is where a panel stops its threads.
        for container, widget in list(self._panels.values()) + [(w, None) for w in self._windows]:
            for window in (widget, container):
                try:
                    if window is not None:
                        window.close()
                except RuntimeError:  # the C++ object was deleted by the host
                    pass
        self._panels.clear()
        del self._windows[:]

    def _teardown(self):
        self._close_panels()
        if self._log_handler is not None:
            logging.getLogger("reelkit").removeHandler(self._log_handler)
            self._log_handler = None
