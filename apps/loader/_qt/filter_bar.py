"""The publish filters: type, step, author (checkable menus) and latest-only."""

from .._qt import QtCore, QtWidgets


class ChoiceFilter(QtWidgets.QToolButton):
    """A button whose menu lists checkable values; nothing checked means "any".

    ``changed()`` fires when a value is checked or unchecked.
    """

    changed = QtCore.Signal()

    def __init__(self, title, parent=None):
        super(ChoiceFilter, self).__init__(parent)
        self.title = title
        self.setPopupMode(QtWidgets.QToolButton.InstantPopup)
        self.setMenu(QtWidgets.QMenu(self))
        self._actions = {}
        self._update_text()

    def set_choices(self, values):
        """Offer ``values`` (kept checked if they were); returns whether the menu changed."""
        values = sorted(set(v for v in values if v))
        if values == sorted(self._actions):
            return False
        checked = self.checked()
        self.menu().clear()
        self._actions = {}
        for value in values:
            action = self.menu().addAction(value)
            action.setCheckable(True)
            action.setChecked(value in checked)
            action.toggled.connect(self._on_toggled)
            self._actions[value] = action
        self._update_text()
        return True

    def choices(self):
        return sorted(self._actions)

    def checked(self):
        """The checked values (a set; empty means no filtering)."""
        return set(v for v, a in self._actions.items() if a.isChecked())

    def action(self, value):
        """The menu action of ``value`` (what a click in the menu toggles)."""
        return self._actions[value]

    def _on_toggled(self, checked):
        self._update_text()
        self.changed.emit()

    def _update_text(self):
        checked = sorted(self.checked())
        if not checked:
            self.setText("%s: any" % self.title)
        elif len(checked) == 1:
            self.setText("%s: %s" % (self.title, checked[0]))
        else:
            self.setText("%s: %d" % (self.title, len(checked)))


class FilterBar(QtWidgets.QWidget):
    """Type, step and author filters plus "Latest versions only"; ``changed()`` on any edit."""

    changed = QtCore.Signal()

    def __init__(self, parent=None):
        super(FilterBar, self).__init__(parent)
        self.types = ChoiceFilter("Type")
        self.steps = ChoiceFilter("Step")
        self.authors = ChoiceFilter("Author")
        self.latest_only = QtWidgets.QCheckBox("Latest versions only")
        layout = QtWidgets.QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.types, self.steps, self.authors, self.latest_only):
            layout.addWidget(widget)
        layout.addStretch(1)
        for choice in (self.types, self.steps, self.authors):
            choice.changed.connect(self.changed.emit)
        self.latest_only.toggled.connect(lambda checked: self.changed.emit())

    def values(self):
        """``dict(types=, steps=, authors=, latest_only=)`` for :class:`PublishFilter`."""
        return dict(types=self.types.checked(), steps=self.steps.checked(),
                    authors=self.authors.checked(), latest_only=self.latest_only.isChecked())
