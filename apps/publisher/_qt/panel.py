"""The Publisher panel: instances and checks, attributes, comment and thumbnail, the report.

Everything it does goes through a :class:`apps.publisher.session.PublishSession`.
A pass runs one plugin at a time from the Qt event loop (a zero-delay timer
between two), so the panel repaints, Stop works and progress moves, while every
plugin still runs on the host's main thread, as hosts require.
"""

import json
import os
import tempfile

from toolkit.qt import QtCore, QtGui, QtWidgets

from ..discovery import plugin_label, plugin_name
from ..dropped import instances_for_paths
from ..instances import add_instance
from .instance_tree import InstanceTree, NAME_ROLE, PluginList
from .report_view import ReportView


class PublisherPanel(QtWidgets.QWidget):
    """Validate and publish the open scene. ``passFinished(report)`` after each pass."""

    passFinished = QtCore.Signal(object)

    def __init__(self, session, parent=None):
        super(PublisherPanel, self).__init__(parent)
        self.session = session
        self._steps = None
        self._context = None
        self.attribute_editors = {}
        self.setAcceptDrops(session.host.name == "shell")

        self.instances = InstanceTree()
        self.instances.toggled.connect(self._instance_toggled)
        self.instances.currentItemChanged.connect(self._show_attributes)
        self.plugins = PluginList()
        self.plugins.toggled.connect(self._plugin_toggled)
        self.family_box = QtWidgets.QComboBox()
        self.family_box.addItems(session.creatable_families())
        self.name_edit = QtWidgets.QLineEdit()
        self.name_edit.setPlaceholderText("name")
        self.create_button = QtWidgets.QPushButton("Create")
        self.create_button.setToolTip("A new instance of the selected nodes over the scene's "
                                      "frame range")
        self.create_button.clicked.connect(self._create_from_selection)
        self.remove_button = QtWidgets.QPushButton("Remove")
        self.remove_button.clicked.connect(self._remove_current)
        creator = QtWidgets.QHBoxLayout()
        for widget in (self.family_box, self.name_edit, self.create_button, self.remove_button):
            creator.addWidget(widget)
        instances_box = _titled("Instances", self.instances)
        instances_box.layout().addLayout(creator)
        left = QtWidgets.QSplitter(QtCore.Qt.Vertical)
        left.addWidget(instances_box)
        left.addWidget(_titled("Checks", self.plugins))

        self.attributes = QtWidgets.QFormLayout()
        attributes = QtWidgets.QGroupBox("Attributes")
        attributes.setLayout(self.attributes)
        self.comment = QtWidgets.QPlainTextEdit()
        self.comment.setPlaceholderText("What changed in this publish?")
        self.comment.setMaximumHeight(80)
        self.comment.textChanged.connect(self._comment_changed)
        self.thumbnail_label = QtWidgets.QLabel("no thumbnail")
        grab = QtWidgets.QPushButton("Grab screen")
        grab.clicked.connect(self.grab_thumbnail)
        choose = QtWidgets.QPushButton("Thumbnail file...")
        choose.clicked.connect(self._choose_thumbnail)
        thumbs = QtWidgets.QHBoxLayout()
        for widget in (self.thumbnail_label, grab, choose):
            thumbs.addWidget(widget)
        self.report_view = ReportView()
        self.report_view.actionRequested.connect(self.run_action)
        right = QtWidgets.QVBoxLayout()
        right.addWidget(attributes)
        right.addWidget(QtWidgets.QLabel("Comment"))
        right.addWidget(self.comment)
        right.addLayout(thumbs)
        right.addWidget(_titled("Report", self.report_view), 1)
        right_box = QtWidgets.QWidget()
        right_box.setLayout(right)

        split = QtWidgets.QSplitter()
        split.addWidget(left)
        split.addWidget(right_box)
        split.setStretchFactor(1, 1)
        split.setSizes([320, 880])

        self.progress = QtWidgets.QProgressBar()
        self.status = QtWidgets.QLabel("")
        self.validate_button = QtWidgets.QPushButton("Validate")
        self.validate_button.clicked.connect(lambda: self.start("validate"))
        self.publish_button = QtWidgets.QPushButton("Publish")
        self.publish_button.clicked.connect(lambda: self.start("publish"))
        self.stop_button = QtWidgets.QPushButton("Stop")
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.session.stop)
        self.save_report_button = QtWidgets.QPushButton("Save report...")
        self.save_report_button.clicked.connect(self._save_report_dialog)
        self.save_plan_button = QtWidgets.QPushButton("Save plan...")
        self.save_plan_button.clicked.connect(self._save_plan_dialog)
        self.submit_button = QtWidgets.QPushButton("Submit to farm")
        self.submit_button.clicked.connect(self._submit)
        self.submit_button.setEnabled(self.session.submitter is not None)
        buttons = QtWidgets.QHBoxLayout()
        for widget in (self.save_report_button, self.save_plan_button, self.submit_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        for widget in (self.stop_button, self.validate_button, self.publish_button):
            buttons.addWidget(widget)

        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(900, 600)
        self.refresh()

    # -- showing the scene -------------------------------------------------------------

    def refresh(self):
        """Collect again and show the instances and the checks."""
        self._context = self.session.collect()
        self.instances.fill(list(self._context), self.session.inactive_instances)
        self.plugins.fill([p for p in self.session.plugins if p.order >= 0.5],
                          self.session.disabled_plugins, plugin_label, plugin_name)
        problems = self.session.collect_report.failures() if self.session.collect_report \
            else []
        self.status.setText("; ".join(e.line() for e in problems) or
                            "%d instance(s)" % self.instances.instance_count())

    def _show_attributes(self, item, previous=None):
        """The selected instance's attributes; those stored in the scene are editable."""
        while self.attributes.rowCount():
            self.attributes.removeRow(0)
        name = item.data(0, NAME_ROLE) if item is not None else None
        instance = next((i for i in self._context or ()
                         if i.data.get("name", i.name) == name), None)
        if instance is None:
            return
        data = instance.data
        spec = next((s for s in self.session.scene_instances() if s["name"] == name), None)
        self.attributes.addRow("Name", _label(name))
        self.attributes.addRow("Family", _label(data.get("family")))
        if spec is None:  # the workfile and other collected instances: read-only
            if data.get("frameStart") is not None:
                self.attributes.addRow("Frames", _label("%s-%s" % (data["frameStart"],
                                                                   data.get("frameEnd"))))
            self.attributes.addRow("Members", _label("\n".join(list(instance)) or "-"))
            return
        variant = QtWidgets.QLineEdit(spec["variant"])
        variant.editingFinished.connect(
            lambda: self.edit_instance(name, {"variant": variant.text() or "main"}))
        self.attributes.addRow("Variant", variant)
        first, last = (spec["frame_range"] or [0, 0])
        start, end = _frame_box(first), _frame_box(last)
        frames = QtWidgets.QHBoxLayout()
        frames.addWidget(start)
        frames.addWidget(end)

        def set_range():
            if start.value() <= end.value():
                self.edit_instance(name, {"frame_range": [start.value(), end.value()]})
        start.editingFinished.connect(set_range)
        end.editingFinished.connect(set_range)
        self.attributes.addRow("Frames", frames)
        self.attributes.addRow("Members", _label("\n".join(spec["members"]) or "-"))
        for key, value in sorted(spec["options"].items()):
            editor = QtWidgets.QLineEdit(json.dumps(value))
            editor.editingFinished.connect(
                lambda key=key, editor=editor: self.edit_instance(
                    name, {"options": dict(spec["options"], **{key: _value(editor.text())})}))
            self.attributes.addRow("Option %s" % key, editor)
        self.attribute_editors = {"variant": variant, "start": start, "end": end}

    def edit_instance(self, name, changes):
        """Change a stored instance (scene, or the plan being run) and show it again."""
        try:
            self.session.update_instance(name, changes)
        except Exception as exc:  # a refused value: say it, keep the panel
            self.status.setText("%s" % exc)
            return
        self._context = self.session.collect()
        self.instances.fill(list(self._context), self.session.inactive_instances)
        self.instances.setCurrentItem(self.instances.item_named(name))

    def _create_from_selection(self):
        name = self.name_edit.text().strip()
        if not name or not self.family_box.currentText():
            self.status.setText("name the instance and choose its family first")
            return
        try:
            self.session.create_instance(name, self.family_box.currentText())
        except Exception as exc:  # a taken or empty name: say it, keep the panel
            self.status.setText("%s" % exc)
            return
        self.name_edit.clear()
        self.refresh()
        self.instances.setCurrentItem(self.instances.item_named(name))

    def _remove_current(self):
        item = self.instances.currentItem()
        name = item.data(0, NAME_ROLE) if item is not None else None
        if not name or not any(s["name"] == name for s in self.session.scene_instances()):
            self.status.setText("select an instance of the scene to remove")
            return
        self.session.remove_instance(name)
        self.refresh()

    # -- toggles, comment, thumbnail ------------------------------------------------------

    def _instance_toggled(self, name, checked):
        if checked:
            self.session.inactive_instances.discard(name)
        else:
            self.session.inactive_instances.add(name)

    def _plugin_toggled(self, name, checked):
        self.session.set_plugin_enabled(name, checked)

    def _comment_changed(self):
        self.session.comment = self.comment.toPlainText()

    def set_thumbnail(self, path):
        """Use the image at ``path`` as the publishes' thumbnail."""
        self.session.thumbnail = path
        pixmap = QtGui.QPixmap(path)
        if not pixmap.isNull():
            self.thumbnail_label.setPixmap(pixmap.scaledToHeight(40))
        else:
            self.thumbnail_label.setText(os.path.basename(path))

    def grab_thumbnail(self):
        """Grab the host's main window (else the screen) as the thumbnail; returns the file."""
        window = self.session.host.main_window()
        if window is not None:
            pixmap = window.grab()
        else:
            screen = QtWidgets.QApplication.primaryScreen()
            pixmap = screen.grabWindow(0) if screen is not None else QtGui.QPixmap()
        if pixmap.isNull():
            pixmap = self.window().grab()  # offscreen or no screen: at least this panel
        handle, path = tempfile.mkstemp(prefix="reelkit-thumb-", suffix=".png")
        os.close(handle)
        pixmap.scaledToWidth(min(pixmap.width(), 640)).save(path, "PNG")
        self.set_thumbnail(path)
        return path

    def _choose_thumbnail(self):
        path, _ = QtWidgets.QFileDialog.getOpenFileName(self, "Thumbnail", "",
                                                        "Images (*.png *.jpg *.jpeg)")
        if path:
            self.set_thumbnail(path)

    # -- passes ---------------------------------------------------------------------------

    @property
    def running(self):
        return self._steps is not None

    def start(self, kind):
        """Start a ``"validate"`` or ``"publish"`` pass; it runs from the event loop."""
        if self.running:
            return
        self._steps = self.session.steps(kind)
        self.report_view.clear()
        self.progress.setRange(0, 0)
        self.status.setText("%s..." % kind.capitalize())
        for button in (self.validate_button, self.publish_button, self.save_plan_button):
            button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.session.on_progress = self._file_progress
        QtCore.QTimer.singleShot(0, self._step)

    def _step(self):
        try:
            entry = next(self._steps)
        except StopIteration:
            self._done()
            return
        except Exception as exc:  # the session keeps plugin errors; this is a bug of ours
            self._steps = None
            self._done(error=exc)
            return
        total = self.session.expected_steps
        done = len(self.session.last_report.entries)
        if total:
            self.progress.setRange(0, max(total, done))
            self.progress.setValue(done)
        self.status.setText(entry.line())
        QtCore.QTimer.singleShot(0, self._step)

    def _file_progress(self, done, total, label):
        self.status.setText("copying %s: %d / %d file(s)" % (label, done, total))
        QtWidgets.QApplication.processEvents(QtCore.QEventLoop.ExcludeUserInputEvents)

    def _done(self, error=None):
        self._steps = None
        self.session.on_progress = None
        report = self.session.last_report
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.stop_button.setEnabled(False)
        for button in (self.validate_button, self.publish_button, self.save_plan_button):
            button.setEnabled(True)
        if error is not None:
            self.status.setText("the Publisher failed: %s" % error)
            return
        self.report_view.show_report(report)
        self.instances.mark(report)
        self.status.setText(report.summary)
        self.passFinished.emit(report)

    def run_action(self, plugin, action_id):
        """Run a failure's action (Repair, Select invalid) and show what it did."""
        entry = self.session.run_action(plugin, action_id)
        self.status.setText(entry.line() if entry.error else "%s: done" % entry.label)
        return entry

    # -- reports, plans, the farm ------------------------------------------------------------

    def save_report(self, path):
        self.session.last_report.save(path)
        return path

    def save_plan(self, path):
        """Save the publish plan (instances, toggles, plugins, comment) to ``path``."""
        return self.session.make_plan().save(path)

    def _save_report_dialog(self):
        if self.session.last_report is None:
            return
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save report", "report.json",
                                                        "JSON (*.json)")
        if path:
            self.save_report(path)

    def _save_plan_dialog(self):
        path, _ = QtWidgets.QFileDialog.getSaveFileName(self, "Save publish plan", "plan.json",
                                                        "JSON (*.json)")
        if path:
            self.save_plan(path)

    def _submit(self):
        folder = tempfile.mkdtemp(prefix="reelkit-plan-")
        plan = self.save_plan(os.path.join(folder, "plan.json"))
        job = self.session.submit(plan)
        self.status.setText("submitted: %s (log %s)" % (plan, job.get("log")))

    # -- drag and drop (shell: plates and files) -------------------------------------------

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        self.add_files(paths)
        event.acceptProposedAction()

    def add_files(self, paths):
        """Make instances of dropped files and sequences, store them in the scene, refresh."""
        taken = [i.data.get("name", i.name) for i in self._context or ()]
        made = instances_for_paths(paths, taken)
        for spec in made:
            add_instance(self.session.host, spec)
        self.refresh()
        return made


def _label(text):
    label = QtWidgets.QLabel("%s" % (text,))
    label.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
    return label


def _frame_box(value):
    box = QtWidgets.QSpinBox()
    box.setRange(-1000000, 10000000)
    box.setValue(int(value))
    return box


def _value(text):
    """An option's typed text as JSON (``true``, ``24``, ``"ACEScg"``), else the text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _titled(title, widget):
    box = QtWidgets.QGroupBox(title)
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(4, 4, 4, 4)
    layout.addWidget(widget)
    return box
