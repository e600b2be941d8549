"""File Open: tasks on the left; work files of every sandbox, publishes and details on the right."""

import datetime
import os

from toolkit.entity_tree import build_entity_tree
from toolkit.errors import ReelkitError

from .._qt import QtCore, QtGui, QtWidgets
from ..publishes import human_size, publish_details
from ..tasks import my_tasks
from .prompts import ask_open_newest, ask_unsaved, show_error
from .tree_model import Row, RowModel

ALL_USERS = "All users"
SHARED = "(shared area)"
WORK_COLUMNS = ["Name", "Version", "User", "Modified", "Size"]


class FileOpenPanel(QtWidgets.QWidget):
    """Open work files and publishes of any task; start new files.

    Built on a :class:`apps.workfiles.session.WorkfilesSession`. ``opened(path)``
    fires after a file was opened (or created).
    """

    opened = QtCore.Signal(str)

    def __init__(self, session, parent=None):
        super(FileOpenPanel, self).__init__(parent)
        self.session = session
        self.session.ask_unsaved = lambda: ask_unsaved(self)
        self.context = session.context
        self.files = []
        self._last = None

        # Left: my tasks | every task by entity.
        self.my_tasks_model = RowModel(["Task"], self)
        self.my_tasks = QtWidgets.QListView()
        self.my_tasks.setObjectName("myTasks")
        self.my_tasks.setModel(self.my_tasks_model)
        self.tree_model = RowModel(["Task"], self)
        self.tree = _view("taskTree", self.tree_model, header=False)
        self.task_tabs = QtWidgets.QTabWidget()
        self.task_tabs.addTab(self.my_tasks, "My tasks")
        self.task_tabs.addTab(self.tree, "All tasks")

        # Right: the context, a user filter, work files, publishes, details, actions.
        self.where = QtWidgets.QLabel()
        self.where.setObjectName("where")
        self.user_filter = QtWidgets.QComboBox()
        self.user_filter.setObjectName("userFilter")
        self.work_model = RowModel(WORK_COLUMNS, self)
        self.work = _table("workFiles", self.work_model)
        self.publish_model = RowModel(["Publish", "Version", "Author", "Date"], self)
        self.publishes = _view("publishes", self.publish_model)
        self.thumbnail = QtWidgets.QLabel()
        self.thumbnail.setAlignment(QtCore.Qt.AlignCenter)
        self.thumbnail.setMinimumHeight(90)
        self.details = QtWidgets.QFormLayout()
        self.detail_values = {}
        for label in ("Name", "Version", "Type", "Author", "Date", "Comment", "Size", "Path"):
            value = QtWidgets.QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(QtCore.Qt.TextSelectableByMouse)
            self.details.addRow(label, value)
            self.detail_values[label] = value
        self.open_button = _button("Open", "open")
        self.read_only_button = _button("Open read-only", "openReadOnly")
        self.copy_button = _button("Copy to my sandbox", "copy")
        self.continue_button = _button("Continue from publish", "continue")
        self.new_button = _button("New file", "new")
        self.status = QtWidgets.QLabel()
        self.status.setObjectName("status")

        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.where, 1)
        top.addWidget(QtWidgets.QLabel("Sandbox"))
        top.addWidget(self.user_filter)
        lists = QtWidgets.QSplitter(QtCore.Qt.Vertical)
        lists.addWidget(_titled("Work files", self.work))
        lists.addWidget(_titled("Publishes", self.publishes))
        lists.setSizes([400, 220])
        details = QtWidgets.QWidget()
        details_layout = QtWidgets.QVBoxLayout(details)
        details_layout.addWidget(self.thumbnail)
        details_layout.addLayout(self.details)
        details_layout.addStretch(1)
        actions = QtWidgets.QHBoxLayout()
        actions.addWidget(self.status, 1)
        for button in (self.new_button, self.continue_button, self.copy_button,
                       self.read_only_button, self.open_button):
            actions.addWidget(button)
        middle = QtWidgets.QWidget()
        middle_layout = QtWidgets.QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addLayout(top)
        middle_layout.addWidget(lists, 1)
        middle_layout.addLayout(actions)
        splitter = QtWidgets.QSplitter()
        splitter.addWidget(self.task_tabs)
        splitter.addWidget(middle)
        splitter.addWidget(details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        splitter.setSizes([250, 720, 280])
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.resize(1200, 620)

        self._fill_tasks()
        self.my_tasks.selectionModel().currentChanged.connect(self._on_task_index)
        self.tree.selectionModel().currentChanged.connect(self._on_task_index)
        self.user_filter.currentIndexChanged.connect(self._fill_work)
        self.work.selectionModel().currentChanged.connect(self._on_work_index)
        self.publishes.selectionModel().currentChanged.connect(self._on_publish_index)
        self.work.doubleClicked.connect(lambda *args: self.open_selected())
        self.publishes.doubleClicked.connect(lambda *args: self.continue_selected())
        self.open_button.clicked.connect(lambda: self.open_selected())
        self.read_only_button.clicked.connect(lambda: self.open_selected(read_only=True))
        self.copy_button.clicked.connect(lambda: self.copy_selected())
        self.continue_button.clicked.connect(lambda: self.continue_selected())
        self.new_button.clicked.connect(lambda: self.new_file())
        task = self.context.task
        if not (task and task.get("id") is not None and self.select_task(task["id"])):
            self.show_context(self.context)

    # -- tasks -------------------------------------------------------------------

    def _fill_tasks(self):
        store = self.session.store
        if store is None:
            return
        project = store.project
        mine = []
        for task in my_tasks(store, project, self.session.me):
            entity = task.get("entity") or {}
            mine.append(Row(["%s  %s" % (entity.get("code") or "?", task["content"])], task))
        self.my_tasks_model.set_rows(mine)
        tree = build_entity_tree(store, project, tasks=True)
        self.tree_model.set_rows([_task_row(node) for node in tree.children])
        if not mine:
            self.task_tabs.setCurrentIndex(1)

    def _on_task_index(self, index, previous=None):
        task = _payload(index)
        if not task:
            return
        try:
            context = self.session.context_for_task(task)
        except ReelkitError as exc:
            self.status.setText(str(exc))
            return
        self.show_context(context)

    def select_task(self, task_id):
        """Select the task ``task_id`` in the entity tree (as a click would); True if found."""
        for row in self.tree_model.walk():
            if row.payload and row.payload.get("id") == task_id:
                self.task_tabs.setCurrentWidget(self.tree)
                index = self.tree_model.index_of(row)
                self.tree.scrollTo(index)
                self.tree.setCurrentIndex(index)
                return True
        return False

    # -- the chosen context's files ------------------------------------------------

    def show_context(self, context):
        """List the work files and publishes of ``context`` (nothing is switched yet)."""
        self.context = context
        self._last = None
        self.where.setText("<b>%s</b>" % context)
        self.files = []
        problem = None
        if context.entity:
            try:
                self.files = self.session.work_files(context)
            except ReelkitError as exc:
                problem = exc
        users = []
        for item in self.files:
            label = item.user or SHARED
            if label not in users:
                users.append(label)
        self.user_filter.blockSignals(True)
        self.user_filter.clear()
        self.user_filter.addItems([ALL_USERS] + users)
        self.user_filter.blockSignals(False)
        self._fill_work()
        self._fill_publishes(context)
        self.new_button.setEnabled(bool(context.entity))
        if problem is not None:
            self.status.setText(str(problem))

    def _fill_work(self, *args):
        if self.selection()[0] in ("work", "snapshot"):
            self._last = None
        wanted = self.user_filter.currentText()
        snapshots = []
        try:
            snapshots = self.session.snapshots(self.context) if self.context.entity else []
        except ReelkitError:
            pass
        me = self.session.me
        rows = []
        for item in self.files:
            label = item.user or SHARED
            if wanted not in (ALL_USERS, "", label):
                continue
            rows.append(Row(_work_columns(item, label, me), ("work", item),
                            dimmed=item.user not in (None, me)))
        shown = len(rows)
        for path, fields in snapshots:
            label = fields.get("HumanUser") or SHARED
            if wanted not in (ALL_USERS, "", label):
                continue
            stamp = fields.get("timestamp")
            rows.append(Row([fields.get("name") or "",
                             "v%03d snapshot" % fields.get("version", 0), label,
                             stamp.strftime("%Y-%m-%d %H:%M:%S") if stamp else "",
                             human_size(_size(path))], ("snapshot", path)))
        self.work_model.set_rows(rows)
        for column, width in enumerate((120, 110, 120, 140)):
            self.work.setColumnWidth(column, width)
        self.status.setText("%d work files, %d snapshots" % (shown, len(rows) - shown))
        self._update_buttons()

    def _fill_publishes(self, context):
        try:
            grouped = self.session.publishes(context)
        except ReelkitError as exc:
            self.publish_model.set_rows([])
            self.status.setText(str(exc))
            return
        rows = []
        for name, versions in grouped.items():
            children = []
            for publish in versions:
                author = (publish.get("created_by") or {}).get("login") or ""
                created = publish.get("created_at")
                children.append(Row([publish.get("published_file_type") or name,
                                     "v%03d" % (publish.get("version_number") or 0), author,
                                     created.strftime("%Y-%m-%d %H:%M") if created else ""],
                                    ("publish", publish)))
            rows.append(Row([name, "%d versions" % len(versions)], ("publish", versions[0]),
                            children))
        self.publish_model.set_rows(rows)
        self.publishes.expandAll()
        self.publishes.setColumnWidth(0, 180)

    # -- rows, as a test or a script reads them ----------------------------------------

    def work_rows(self):
        """The work-file rows as shown: ``[[name, version, user, modified, size], ...]``."""
        return [list(row.columns) for row in self.work_model.root.children]

    def publish_rows(self):
        """``[(group texts, [version texts, ...]), ...]`` as shown."""
        return [(list(row.columns), [list(child.columns) for child in row.children])
                for row in self.publish_model.root.children]

    def select_work(self, number):
        """Select the ``number``-th work-file row (as a click would)."""
        self.work.setCurrentIndex(self.work_model.index(number, 0))

    def select_publish(self, group, version=None):
        """Select publish group ``group`` (a row number), or its ``version``-th child row."""
        index = self.publish_model.index(group, 0)
        if version is not None:
            index = self.publish_model.index(version, 0, index)
        self.publishes.setCurrentIndex(index)

    # -- selection and details -------------------------------------------------------

    def selection(self):
        """``(kind, object)`` of the chosen row: ("work", WorkFile), ("snapshot", path),
        ("publish", record), or (None, None)."""
        return self._last if self._last is not None else (None, None)

    def _on_work_index(self, index, previous=None):
        payload = _payload(index)
        if not payload:
            return
        self._last = payload
        kind, value = payload
        if kind == "work":
            self._show_details([("Name", value.name or ""), ("Version", "v%03d" % value.version),
                                ("Author", value.user or SHARED),
                                ("Date", _time_text(value.mtime)),
                                ("Size", human_size(value.size)), ("Path", value.path)], None)
        else:
            self._show_details([("Path", value), ("Size", human_size(_size(value)))], None)
        self._update_buttons()

    def _on_publish_index(self, index, previous=None):
        payload = _payload(index)
        if not payload:
            return
        self._last = payload
        publish = payload[1]
        self._show_details(publish_details(publish), publish.get("thumbnail_path"))
        self._update_buttons()

    def _show_details(self, pairs, thumbnail):
        for value in self.detail_values.values():
            value.clear()
        for label, text in pairs:
            if label in self.detail_values:
                self.detail_values[label].setText(text)
        pixmap = QtGui.QPixmap(thumbnail) if thumbnail and os.path.isfile(thumbnail) else None
        if pixmap is not None and not pixmap.isNull():
            self.thumbnail.setPixmap(pixmap.scaledToWidth(220, QtCore.Qt.SmoothTransformation))
        else:
            self.thumbnail.clear()

    def _update_buttons(self):
        kind, value = self.selection()
        mine = kind == "work" and value.user in (None, self.session.me)
        self.open_button.setEnabled(kind in ("work", "snapshot") and (mine or kind == "snapshot"))
        self.read_only_button.setEnabled(kind == "work" and not mine)
        self.copy_button.setEnabled(kind in ("work", "snapshot"))
        self.continue_button.setEnabled(kind == "publish" and self.session.can_continue(
            value.get("path"), self.context))

    # -- actions ----------------------------------------------------------------------

    def _path_of(self, kind, value):
        if kind == "work":
            return value.path
        if kind == "publish":
            return value.get("path")
        return value

    def _run(self, title, action):
        try:
            result = action()
        except ReelkitError as exc:
            show_error(self, title, exc)
            return None
        return result

    def open_selected(self, read_only=False):
        """Open the selected work file (another user's: read-only); offer the newest when older."""
        kind, value = self.selection()
        if kind not in ("work", "snapshot"):
            return None
        path = self._path_of(kind, value)
        result = self._run("Open", lambda: self.session.open_file(path, read_only=read_only))
        if result is None or result.path is None:
            return result
        if result.newer:
            version = self.session.project.templates.match_path(path)[1].get("version", 0)
            if ask_open_newest(version, result.newer_version, result.newer, self):
                result = self._run("Open", lambda: self.session.open_file(result.newer))
        if result is not None and result.path:
            self._after(result.path)
        return result

    def copy_selected(self):
        """Copy the selected file into my sandbox as the next version, and open it."""
        kind, value = self.selection()
        if kind not in ("work", "snapshot"):
            return None
        return self._finish(self._run("Copy to my sandbox", lambda: self.session.copy_to_sandbox(
            self._path_of(kind, value), context=self.context)))

    def continue_selected(self):
        """Continue from the selected publish: my next version, opened."""
        kind, value = self.selection()
        if kind != "publish":
            return None
        return self._finish(self._run("Continue from publish",
                                      lambda: self.session.continue_from_publish(
                                          value.get("path"), context=self.context)))

    def new_file(self, name=None):
        """A new file in the chosen context (from the engine's start file)."""
        path = self._run("New file", lambda: self.session.new_file(self.context, name=name))
        if path:
            self._after(path)
        return path

    def _finish(self, result):
        if result is not None and result.path:
            self._after(result.path)
        return result

    def _after(self, path):
        """A file was opened or made: list the session's context again (the new file
        shows; a panel closed by a context switch is simply not seen), then say so."""
        if self.isVisible():
            self.show_context(self.session.context)
        self.opened.emit(path)


def _work_columns(item, label, me):
    """The texts of a work-file row, as a function: the file is read (size, date)
    only when its row is painted, not for every one of 10,000 files."""
    def columns():
        return [item.name or "", "v%03d" % (item.version or 0),
                ("%s (me)" % label) if item.user == me else label,
                _time_text(item.mtime), human_size(item.size)]
    return columns


def _payload(index):
    """The payload of the row at ``index``, read from the Row itself: through
    ``data()`` a dict would come back converted by the binding."""
    if not index.isValid():
        return None
    row = index.model().row_of(index)
    return row.payload if row is not None else None


def _task_row(node):
    return Row([node.label], node.task, [_task_row(child) for child in node.children])


def _table(name, model):
    """A flat list of many rows: a table lays out only what is visible."""
    view = QtWidgets.QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
    view.setSelectionMode(QtWidgets.QAbstractItemView.SingleSelection)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.Fixed)
    view.verticalHeader().setDefaultSectionSize(18)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setDefaultAlignment(QtCore.Qt.AlignLeft | QtCore.Qt.AlignVCenter)
    view.setShowGrid(False)
    view.setWordWrap(False)
    return view


def _view(name, model, header=True):
    view = QtWidgets.QTreeView()
    view.setObjectName(name)
    view.setModel(model)
    view.setUniformRowHeights(True)
    view.setHeaderHidden(not header)
    return view


def _button(text, name):
    button = QtWidgets.QPushButton(text)
    button.setObjectName(name)
    return button


def _titled(title, widget):
    box = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QtWidgets.QLabel("<b>%s</b>" % title)
    layout.addWidget(label)
    layout.addWidget(widget)
    return box


def _time_text(seconds):
    if not seconds:
        return ""
    return datetime.datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M")


def _size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return None
