"""The report of a pass: failures grouped by check, each check with its action buttons.

A failed check is a folder row (its title and how to fix it) with one button
per action the plugin offers on failure (Repair, Select invalid...); under it,
one row per instance it failed on, with the problem and, for an unexpected
error, the traceback as a tooltip and in a child row.
"""

from toolkit.qt import QtCore, QtWidgets


class ReportView(QtWidgets.QTreeWidget):
    """Shows a :class:`apps.publisher.report.Report`; ``actionRequested(plugin, action_id)``."""

    actionRequested = QtCore.Signal(str, str)

    def __init__(self, parent=None):
        super(ReportView, self).__init__(parent)
        self.setHeaderLabels(["Check", "Problem", ""])
        self.setColumnCount(3)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.buttons = {}   # (check label, action label) -> QPushButton

    def show_report(self, report):
        self.clear()
        self.buttons = {}
        for label, entries in report.failures_by_check().items():
            first = entries[0]
            title = first.error.get("title") or "Unexpected error (%s)" % first.error["type"]
            group = QtWidgets.QTreeWidgetItem(["%s (%d)" % (label, len(entries)), title])
            if first.error.get("fix"):
                group.setToolTip(1, "How to fix: %s" % first.error["fix"])
            self.addTopLevelItem(group)
            for entry in entries:
                row = QtWidgets.QTreeWidgetItem(group, [entry.instance or "(scene)",
                                                        entry.error["problem"]])
                row.setToolTip(1, entry.error["message"])
                if entry.error.get("fix"):
                    QtWidgets.QTreeWidgetItem(row, ["fix", entry.error["fix"]])
                if entry.error["kind"] == "unexpected" and entry.error.get("traceback"):
                    trace = QtWidgets.QTreeWidgetItem(row, ["traceback",
                                                            entry.error["traceback"]])
                    trace.setToolTip(1, entry.error["traceback"])
            if first.actions:
                self.setItemWidget(group, 2, self._buttons(label, first))
            group.setExpanded(True)
        footer = QtWidgets.QTreeWidgetItem(["", report.summary])
        self.addTopLevelItem(footer)
        for column in range(2):
            self.resizeColumnToContents(column)

    def _buttons(self, label, entry):
        box = QtWidgets.QWidget()
        layout = QtWidgets.QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        for action_id, action_label in entry.actions:
            button = QtWidgets.QPushButton(action_label)
            button.clicked.connect(
                lambda checked=False, p=entry.plugin, a=action_id: self.actionRequested.emit(p, a))
            layout.addWidget(button)
            self.buttons[(label, action_label)] = button
        return box
