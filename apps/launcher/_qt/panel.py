"""The Launcher panel: project, entity, task | the hosts this context allows."""

from toolkit.errors import ReelkitError

from .._qt import QtCore, QtWidgets

DATA = QtCore.Qt.UserRole


class LauncherPanel(QtWidgets.QWidget):
    """Pick project -> entity -> task, then a host; "Launch" starts it there.

    Built on a :class:`~..session.LauncherSession`. ``launched(plan)`` fires
    after each host started, with its launch plan (``log_path``).
    """

    launched = QtCore.Signal(object)

    def __init__(self, session, open_latest=False, parent=None):
        super(LauncherPanel, self).__init__(parent)
        self.session = session
        self._entities = []  # the records behind the list rows (item data holds the index:
        self._tasks = []     # a binding may turn a dict into a QVariantMap and drop None)
        self.project_box = QtWidgets.QComboBox()
        self.search = QtWidgets.QLineEdit()
        self.search.setPlaceholderText("Filter shots and assets...")
        self.search.setClearButtonEnabled(True)
        self.entity_list = QtWidgets.QListWidget()
        self.task_list = QtWidgets.QListWidget()
        self.host_list = QtWidgets.QListWidget()
        self.open_latest = QtWidgets.QCheckBox("Open the latest work file")
        self.open_latest.setChecked(bool(open_latest))
        self.launch_button = QtWidgets.QPushButton("Launch")
        self.status = QtWidgets.QLabel()
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)

        columns = QtWidgets.QHBoxLayout()
        columns.addLayout(_column("Entity", self.search, self.entity_list))
        columns.addLayout(_column("Task", self.task_list))
        columns.addLayout(_column("Host", self.host_list, self.open_latest, self.launch_button))
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(self.project_box)
        layout.addLayout(columns)
        layout.addWidget(self.status)

        for name, config_dir in session.projects():
            self.project_box.addItem(name, config_dir)
        self.project_box.currentIndexChanged.connect(self._project_changed)
        self.search.textChanged.connect(self._filter_entities)
        self.entity_list.currentItemChanged.connect(self._entity_changed)
        self.task_list.currentItemChanged.connect(self._context_changed)
        self.host_list.itemDoubleClicked.connect(self.launch_selected)
        self.launch_button.clicked.connect(self.launch_selected)
        self._fill_entities()

    # -- what is picked ------------------------------------------------------

    def context(self):
        """The context of the current entity and task (the project when none)."""
        return self.session.context_for(self._entity(), self._task())

    def _entity(self):
        return _row(self._entities, self.entity_list.currentItem())

    def _task(self):
        return _row(self._tasks, self.task_list.currentItem())

    def select_entity(self, label):
        """Select the entity row shown as ``label`` (tests, scripts)."""
        self._select(self.entity_list, label)

    def select_task(self, label):
        self._select(self.task_list, label)

    def select_host(self, engine_name):
        self._select(self.host_list, engine_name)

    # -- actions -------------------------------------------------------------------

    def launch_selected(self, *args):
        """Launch the selected host in the selected context; report in the status line."""
        item = self.host_list.currentItem()
        if item is None or not item.flags() & QtCore.Qt.ItemIsEnabled:
            self.status.setText("Pick a host that can start.")
            return None
        engine_name = _data(item)
        context = self.context()
        try:
            plan = self.session.launch(engine_name, context,
                                       open_latest=self.open_latest.isChecked())
        except ReelkitError as exc:
            self.status.setText("Could not launch %s: %s" % (engine_name, exc))
            return None
        self.status.setText("%s started in %s. Log: %s" % (engine_name, context, plan.log_path))
        self.launched.emit(plan)
        return plan

    # -- filling the lists -----------------------------------------------------------

    def _project_changed(self, index):
        self.session.use_project(self.project_box.itemData(index))
        self._fill_entities()

    def _fill_entities(self):
        self.entity_list.clear()
        self._entities = [None] + self.session.entities()
        for index, entity in enumerate(self._entities):
            label = _entity_label(entity) if entity else "Project %s" % self.session.project.name
            item = QtWidgets.QListWidgetItem(label)
            item.setData(DATA, index)
            self.entity_list.addItem(item)
        self.entity_list.setCurrentRow(0)

    def _filter_entities(self, text):
        words = text.lower().split()
        for row in range(1, self.entity_list.count()):
            item = self.entity_list.item(row)
            item.setHidden(not all(w in item.text().lower() for w in words))

    def _entity_changed(self, *args):
        self.task_list.clear()
        entity = self._entity()
        self._tasks = [None] + (self.session.tasks(entity) if entity is not None else [])
        for index, task in enumerate(self._tasks):
            if task is None:
                label = "(no task)" if entity else "(project)"
            else:
                label = task.get("content") or "task %d" % task["id"]
            item = QtWidgets.QListWidgetItem(label)
            item.setData(DATA, index)
            self.task_list.addItem(item)
        self.task_list.setCurrentRow(0)

    def _context_changed(self, *args):
        self.host_list.clear()
        try:
            context = self.context()
            choices = self.session.hosts(context)
        except ReelkitError as exc:
            self.status.setText(str(exc))
            return
        for choice in choices:
            item = QtWidgets.QListWidgetItem(choice.engine)
            item.setData(DATA, choice.engine)
            item.setToolTip(choice.detail)
            if not choice.available:
                item.setFlags(item.flags() & ~QtCore.Qt.ItemIsEnabled)
            self.host_list.addItem(item)
        self.status.setText("%s: %d host(s) can start" % (
            context, len([c for c in choices if c.available])))

    def _select(self, widget, label):
        for row in range(widget.count()):
            if widget.item(row).text() == label:
                widget.setCurrentRow(row)
                return
        raise ReelkitError("no %r to select (have: %s)" % (
            label, ", ".join(widget.item(r).text() for r in range(widget.count()))))


def _entity_label(entity):
    if entity["type"] == "Shot" and entity.get("sequence"):
        return "Shot %s/%s" % (entity["sequence"].get("code"), entity.get("code"))
    return "%s %s" % (entity["type"], entity.get("code"))


def _data(item):
    return item.data(DATA) if item is not None else None


def _row(records, item):
    index = _data(item)
    return records[index] if index is not None else None


def _column(title, *widgets):
    layout = QtWidgets.QVBoxLayout()
    layout.addWidget(QtWidgets.QLabel(title))
    for widget in widgets:
        layout.addWidget(widget)
    return layout
