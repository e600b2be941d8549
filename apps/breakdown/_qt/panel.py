"""The Breakdown panel: the scene's references grouped by entity or type, with updates."""

from .._qt import QtCore, QtGui, QtWidgets
from .._qt.preview import ChangePreview
from .._qt.status_style import status_colour, status_icon, status_text
from .._qt.version_delegate import NODE_ROLE, VersionDelegate
from ..inventory import OUT_OF_DATE

#: Item data role holding a group row's label (entity or type).
GROUP_ROLE = NODE_ROLE + 1

#: Tree columns, in order.
COLUMNS = ("Name", "Status", "Version", "Latest", "Node", "Path")
NAME, STATUS, VERSION, LATEST, NODE, PATH = range(len(COLUMNS))

#: Group choices of the "Group by" box: (label, Inventory.groups argument).
GROUPINGS = (("Entity", "entity"), ("Type", "type"))


class BreakdownPanel(QtWidgets.QWidget):
    """What the open scene loads, its status, and the buttons to bring it up to date.

    Built on a :class:`apps.breakdown.session.BreakdownSession`. The tree is
    refilled when the host reports a scene change (a scene listener: load, new,
    reference added or removed), never by polling. ``refreshed(inventory)``
    fires after each refill, ``updateFinished(report)`` after each update.
    """

    refreshed = QtCore.Signal(object)
    updateFinished = QtCore.Signal(object)

    def __init__(self, session, group_by="entity", parent=None):
        super(BreakdownPanel, self).__init__(parent)
        self.session = session
        self.preview = None
        self._looks = {}
        self._applying = False
        self._refresh_pending = False

        self.group_box = QtWidgets.QComboBox()
        for label, value in GROUPINGS:
            self.group_box.addItem("Group by %s" % label.lower(), value)
        values = [value for _, value in GROUPINGS]
        self.group_box.setCurrentIndex(values.index(group_by) if group_by in values else 0)
        self.stale_only = QtWidgets.QCheckBox("Out of date only")
        self.refresh_button = QtWidgets.QToolButton()
        self.refresh_button.setText("Refresh")
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.group_box)
        top.addWidget(self.stale_only)
        top.addStretch(1)
        top.addWidget(self.refresh_button)

        self.tree = QtWidgets.QTreeWidget()
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setSelectionMode(QtWidgets.QAbstractItemView.ExtendedSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QtWidgets.QAbstractItemView.DoubleClicked
                                  | QtWidgets.QAbstractItemView.SelectedClicked)
        self.tree.setItemDelegateForColumn(VERSION, VersionDelegate(self))
        self.tree.header().resizeSection(NAME, 220)
        self.tree.header().resizeSection(STATUS, 150)
        self.tree.header().resizeSection(VERSION, 110)
        self.tree.header().resizeSection(LATEST, 70)
        self.tree.header().resizeSection(NODE, 140)

        self.update_selected_button = QtWidgets.QPushButton("Update selected")
        self.update_all_button = QtWidgets.QPushButton("Update all out of date")
        self.select_button = QtWidgets.QPushButton("Select in scene")
        self.pin_button = QtWidgets.QPushButton("Pin")
        self.pin_button.setToolTip("Keep the selected references at their version: "
                                   "'Update all' leaves them alone (saved in the scene)")
        self.unpin_button = QtWidgets.QPushButton("Unpin")
        buttons = QtWidgets.QHBoxLayout()
        for button in (self.select_button, self.pin_button, self.unpin_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.update_selected_button)
        buttons.addWidget(self.update_all_button)
        self.status_label = QtWidgets.QLabel()

        layout = QtWidgets.QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)

        self.group_box.currentIndexChanged.connect(lambda _: self._fill())
        self.stale_only.toggled.connect(lambda _: self._fill())
        self.refresh_button.clicked.connect(self.refresh)
        self.update_selected_button.clicked.connect(self.update_selected)
        self.update_all_button.clicked.connect(self.update_all)
        self.select_button.clicked.connect(self.select_in_scene)
        self.pin_button.clicked.connect(lambda: self.pin(True))
        self.unpin_button.clicked.connect(lambda: self.pin(False))
        self.tree.itemSelectionChanged.connect(self._update_buttons)

        self._listener = session.host.add_scene_listener(self._on_scene_event)
        self.refresh()

    # -- reading the scene ---------------------------------------------------------

    @property
    def inventory(self):
        return self.session.inventory

    def refresh(self):
        """Scan the scene again and refill the tree."""
        self._refresh_pending = False
        try:
            self.session.scan()
        except Exception as exc:  # a broken store or scene: say so in the panel
            self.tree.clear()
            self._say("Could not read the scene's references: %s" % exc, error=True)
            return
        self._fill()
        self.refreshed.emit(self.inventory)

    def _on_scene_event(self, event):
        # Several events come in a burst (an update changes many references):
        # one refresh once control is back in the event loop. A save changes
        # nothing the panel shows.
        if event == "saved" or self._applying or self._refresh_pending:
            return
        self._refresh_pending = True
        QtCore.QTimer.singleShot(0, self._deferred_refresh)

    def _deferred_refresh(self):
        if self._refresh_pending and self._listener is not None:
            self.refresh()

    @property
    def group_by(self):
        """"entity" or "type": how the tree groups references now."""
        return self.group_box.itemData(self.group_box.currentIndex())

    def _fill(self):
        inventory = self.inventory
        if inventory is None:
            return
        self.tree.setUpdatesEnabled(False)  # one repaint for the whole fill
        try:
            self._fill_tree(inventory)
        finally:
            self.tree.setUpdatesEnabled(True)
        self._say(inventory.summary())
        self._update_buttons()

    def _fill_tree(self, inventory):
        self.tree.clear()
        stale_only = self.stale_only.isChecked()
        bold = QtGui.QFont(self.tree.font())
        bold.setBold(True)
        for label, items in inventory.groups(self.group_by):
            items = [item for item in items if _visible(item, stale_only)]
            if not items:
                continue
            group = QtWidgets.QTreeWidgetItem(self.tree)
            group.setFont(NAME, bold)
            group.setFlags(QtCore.Qt.ItemIsEnabled)
            shown = sum(self._add(item, group, stale_only) for item in items)
            group.setText(NAME, "%s (%d)" % (label, shown))
            group.setData(NAME, GROUP_ROLE, label)
        self.tree.expandAll()

    def _add(self, item, parent, stale_only):
        """Add ``item`` (and its nested items) under ``parent``; return how many rows shown."""
        row = QtWidgets.QTreeWidgetItem(parent)
        row.setText(NAME, item.name)
        row.setText(STATUS, status_text(item))
        row.setText(VERSION, _version(item.version))
        row.setText(LATEST, _version(item.latest_version))
        row.setText(NODE, item.node)
        row.setText(PATH, item.path or "")
        row.setToolTip(PATH, item.resolution.describe())
        row.setToolTip(STATUS, item.resolution.describe())
        icon, brush = self._look(item.status)
        row.setIcon(STATUS, icon)
        row.setForeground(STATUS, brush)
        for column in range(len(COLUMNS)):
            row.setData(column, NODE_ROLE, item.node)
        flags = QtCore.Qt.ItemIsEnabled | QtCore.Qt.ItemIsSelectable
        if item.publish is not None:
            flags |= QtCore.Qt.ItemIsEditable  # the version drop-down
        row.setFlags(flags)
        return 1 + sum(self._add(child, row, stale_only) for child in item.children
                       if _visible(child, stale_only))

    def _look(self, status):
        """``(icon, brush)`` of ``status``, made once per panel."""
        look = self._looks.get(status)
        if look is None:
            look = self._looks[status] = (status_icon(status, self.style()),
                                          QtGui.QBrush(status_colour(status)))
        return look

    # -- what the artist does ---------------------------------------------------------

    def rows(self):
        """``{node: QTreeWidgetItem}`` of every reference row shown."""
        found = {}
        iterator = QtWidgets.QTreeWidgetItemIterator(self.tree)
        while iterator.value() is not None:
            row = iterator.value()
            node = row.data(NAME, NODE_ROLE)
            if node:
                found[node] = row
            iterator += 1
        return found

    def selected_nodes(self):
        """Nodes of the selected rows (group rows are not selectable)."""
        return [row.data(NAME, NODE_ROLE) for row in self.tree.selectedItems()
                if row.data(NAME, NODE_ROLE)]

    def update_selected(self):
        """Show what updating the selection would change; update on "Update"."""
        self._confirm(self.session.plan_selected(self.selected_nodes()))

    def update_all(self):
        """Show what updating everything out of date would change; update on "Update"."""
        self._confirm(self.session.plan_all())

    def set_version(self, node, version):
        """Put ``node`` on ``version`` (a number or a history record) at once."""
        try:
            changes = [self.session.plan_version(node, version)]
        except Exception as exc:
            self._say(str(exc), error=True)
            return None
        return self._apply(changes)

    def select_in_scene(self):
        """Select the nodes of the selected rows in the host."""
        nodes = self.selected_nodes()
        if not nodes:
            return
        try:
            self.session.select_in_scene(nodes)
        except Exception as exc:  # the host refuses: say why, keep the panel usable
            self._say("Could not select in the scene: %s" % exc, error=True)
            return
        self._say("Selected %d reference%s in the scene"
                  % (len(nodes), "" if len(nodes) == 1 else "s"))

    def pin(self, pinned=True):
        """Pin (or unpin) the selected publishes at their version; saved in the scene."""
        nodes = [node for node in self.selected_nodes()
                 if self.inventory.item(node).publish is not None]
        if not nodes:
            return
        try:
            self.session.pin(nodes, pinned)
        except Exception as exc:
            self._say("Could not %s: %s" % ("pin" if pinned else "unpin", exc), error=True)
            return
        self._fill()

    def _confirm(self, changes):
        if not changes:
            self._say("Nothing to update")
            return
        self.preview = ChangePreview(changes, self)
        self.preview.accepted.connect(lambda: self._apply(changes))
        self.preview.open()

    def _apply(self, changes):
        self._applying = True
        try:
            report = self.session.apply(changes, self._progress if len(changes) > 1 else None)
        except Exception as exc:
            self._say("Update failed: %s" % exc, error=True)
            return None
        finally:
            self._applying = False
            self._refresh_pending = False
        self._fill()
        self._say("Update: %s" % report.summary(), error=not report.ok)
        self.updateFinished.emit(report)
        return report

    def _progress(self, done, total, change):
        # Repaint between two host updates; clicks wait until the update is over.
        self._say("Updating %d of %d: %s" % (done, total, change.describe()))
        QtWidgets.QApplication.processEvents(QtCore.QEventLoop.ExcludeUserInputEvents)

    # -- state --------------------------------------------------------------------------

    def _update_buttons(self):
        nodes = self.selected_nodes()
        inventory = self.inventory
        self.update_all_button.setEnabled(bool(inventory and inventory.out_of_date()))
        stale = [n for n in nodes if inventory.item(n).behind]
        self.update_selected_button.setEnabled(bool(stale))
        self.select_button.setEnabled(bool(nodes))
        self.pin_button.setEnabled(any(not inventory.item(n).pinned for n in nodes))
        self.unpin_button.setEnabled(any(inventory.item(n).pinned for n in nodes))

    def _say(self, text, error=False):
        self.status_label.setText(text)
        self.status_label.setStyleSheet("color: #e0524f" if error else "")

    def shutdown(self):
        """Stop listening to the host (called when the panel closes)."""
        if self._listener is not None:
            self.session.host.remove_scene_listener(self._listener)
            self._listener = None

    def closeEvent(self, event):
        self.shutdown()
        super(BreakdownPanel, self).closeEvent(event)


def _version(version):
    return "v%03d" % version if version is not None else "-"


def _visible(item, stale_only):
    """Whether ``item`` shows: always, or with "out of date only" when it or a nested one is."""
    return not stale_only or item.status == OUT_OF_DATE or any(
        _visible(child, True) for child in item.children)
