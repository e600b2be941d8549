"""The left side of the Publisher: instances grouped by family, and the optional checks.

Both are checkable lists; the tree reports toggles back to the session
(``inactive_instances``, ``disabled_plugins``) so a plan saved from the panel
carries exactly what the artist ticked.
"""

from toolkit.qt import QtCore, QtGui, QtWidgets

#: Item data role holding the instance name (or plugin name) of a row.
NAME_ROLE = QtCore.Qt.UserRole + 1


class InstanceTree(QtWidgets.QTreeWidget):
    """Families as folders, instances as checkable rows under them."""

    toggled = QtCore.Signal(str, bool)

    def __init__(self, parent=None):
        super(InstanceTree, self).__init__(parent)
        self.setHeaderLabels(["Instance", "Frames"])
        self.setUniformRowHeights(True)
        self.setRootIsDecorated(True)
        self._filling = False
        self.itemChanged.connect(self._on_changed)

    def fill(self, instances, inactive):
        """Show ``instances`` (pyblish instances) grouped by family; ``inactive``: names
        left unchecked."""
        self._filling = True
        self.setUpdatesEnabled(False)
        try:
            self.clear()
            families = {}
            rows = []
            for instance in instances:
                family = instance.data.get("family") or "?"
                group = families.get(family)
                if group is None:
                    group = QtWidgets.QTreeWidgetItem([family, ""])
                    group.setFlags(QtCore.Qt.ItemIsEnabled)
                    families[family] = group
                    rows.append(group)
                name = instance.data.get("name", instance.name)
                frames = ""
                if instance.data.get("frameStart") is not None:
                    frames = "%s-%s" % (instance.data["frameStart"], instance.data.get("frameEnd"))
                item = QtWidgets.QTreeWidgetItem(group, [instance.data.get("label") or name,
                                                         frames])
                item.setData(0, NAME_ROLE, name)
                item.setFlags(QtCore.Qt.ItemIsEnabled | QtCore.Qt.ItemIsSelectable
                              | QtCore.Qt.ItemIsUserCheckable)
                active = name not in inactive and instance.data.get("publish") is not False
                item.setCheckState(0, QtCore.Qt.Checked if active else QtCore.Qt.Unchecked)
            self.addTopLevelItems(rows)
            self.expandAll()
            self.resizeColumnToContents(0)
        finally:
            self.setUpdatesEnabled(True)
            self._filling = False

    def mark(self, report):
        """Colour each instance by the last pass: red when a check failed on it."""
        failed = set(entry.instance for entry in report.failures())
        ran = set(entry.instance for entry in report.entries)
        for index in range(self.topLevelItemCount()):
            group = self.topLevelItem(index)
            for row in range(group.childCount()):
                item = group.child(row)
                name = item.data(0, NAME_ROLE)
                color = None
                if name in failed:
                    color = QtGui.QColor(200, 60, 50)
                elif name in ran:
                    color = QtGui.QColor(60, 150, 70)
                item.setForeground(0, QtGui.QBrush(color) if color is not None
                                   else QtGui.QBrush())
                item.setToolTip(0, "failed a check" if name in failed else "")

    def item_named(self, name):
        for index in range(self.topLevelItemCount()):
            group = self.topLevelItem(index)
            for row in range(group.childCount()):
                if group.child(row).data(0, NAME_ROLE) == name:
                    return group.child(row)
        return None

    def instance_count(self):
        return sum(self.topLevelItem(i).childCount() for i in range(self.topLevelItemCount()))

    def _on_changed(self, item, column):
        if self._filling or column != 0 or item.data(0, NAME_ROLE) is None:
            return
        self.toggled.emit(item.data(0, NAME_ROLE), item.checkState(0) == QtCore.Qt.Checked)


class PluginList(QtWidgets.QListWidget):
    """The optional checks, each with a checkbox; required ones are listed greyed."""

    toggled = QtCore.Signal(str, bool)

    def __init__(self, parent=None):
        super(PluginList, self).__init__(parent)
        self._filling = False
        self.itemChanged.connect(self._on_changed)

    def fill(self, plugins, disabled, label_of, name_of):
        self._filling = True
        try:
            self.clear()
            for plugin in plugins:
                item = QtWidgets.QListWidgetItem(label_of(plugin))
                item.setData(NAME_ROLE, name_of(plugin))
                if getattr(plugin, "optional", False):
                    item.setFlags(QtCore.Qt.ItemIsEnabled | QtCore.Qt.ItemIsUserCheckable)
                    item.setCheckState(QtCore.Qt.Unchecked if name_of(plugin) in disabled
                                       else QtCore.Qt.Checked)
                else:
                    item.setFlags(QtCore.Qt.NoItemFlags)
                self.addItem(item)
        finally:
            self._filling = False

    def item_named(self, name):
        for row in range(self.count()):
            if self.item(row).data(NAME_ROLE) == name:
                return self.item(row)
        return None

    def _on_changed(self, item):
        if not self._filling:
            self.toggled.emit(item.data(NAME_ROLE), item.checkState() == QtCore.Qt.Checked)
