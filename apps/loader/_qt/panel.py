"""The Loader panel: entity tree | publishes (list or grid) | details and history."""

from .._qt import QtCore, QtWidgets
from .._qt.details import DetailsWidget
from .._qt.entity_model import EntitySearchProxy, build_entity_model
from .._qt.filter_bar import FilterBar
from .._qt.publish_model import PUBLISH_ROLE, PublishTableModel
from .._qt.thumbnails import ThumbnailCache
from toolkit.entity_tree import find_node
from ..model import PublishFilter


class LoaderPanel(QtWidgets.QWidget):
    """Browse a project's publishes and load them through the host.

    Built on a :class:`apps.loader.session.LoaderSession`. ``loadFinished(report)``
    fires after every load with the :class:`apps.loader.loading.LoadReport`.
    """

    loadFinished = QtCore.Signal(object)

    def __init__(self, session, parent=None):
        super(LoaderPanel, self).__init__(parent)
        self.session = session
        self.thumbnails = ThumbnailCache(parent=self)
        self.root = session.entity_tree()
        self._building = True

        # Left: search + entity tree.
        self.search = QtWidgets.QLineEdit()
        self.search.setPlaceholderText("Search entities...")
        self.search.setClearButtonEnabled(True)
        self.entity_model = build_entity_model(self.root, self)
        self.entity_proxy = EntitySearchProxy(self.root, self)
        self.entity_proxy.setSourceModel(self.entity_model)
        self.tree = QtWidgets.QTreeView()
        self.tree.setHeaderHidden(True)
        self.tree.setModel(self.entity_proxy)
        self.tree.setUniformRowHeights(True)
        left = _column(self.search, self.tree)

        # Middle: filters, list/grid of publishes, load button, status.
        self.filters = FilterBar()
        self.grid_toggle = QtWidgets.QToolButton()
        self.grid_toggle.setText("Grid")
        self.grid_toggle.setCheckable(True)
        self.grid_toggle.setToolTip("Show thumbnails in a grid")
        self.publish_model = PublishTableModel(session.publish_list(), self.thumbnails, self)
        self.table = QtWidgets.QTableView()
        self.table.setModel(self.publish_model)
        self.table.setSelectionBehavior(QtWidgets.QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.ExtendedSelection)
        self.table.setIconSize(QtCore.QSize(32, 18))
        self.table.verticalHeader().hide()
        # Fixed row heights: the view never measures 100,000 rows.
        self.table.verticalHeader().setSectionResizeMode(QtWidgets.QHeaderView.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().resizeSection(0, 220)  # thumbnail and name
        self.table.setWordWrap(False)
        self.grid = QtWidgets.QListView()
        self.grid.setViewMode(QtWidgets.QListView.IconMode)
        self.grid.setResizeMode(QtWidgets.QListView.Adjust)
        self.grid.setUniformItemSizes(True)
        self.grid.setIconSize(QtCore.QSize(self.thumbnails.size, self.thumbnails.size * 9 // 16))
        self.grid.setGridSize(QtCore.QSize(self.thumbnails.size + 16,
                                           self.thumbnails.size * 9 // 16 + 40))
        self.grid.setMovement(QtWidgets.QListView.Static)
        self.grid.setModel(self.publish_model)
        self.grid.setSelectionModel(self.table.selectionModel())  # one selection, two views
        self.grid.setSelectionMode(QtWidgets.QAbstractItemView.ExtendedSelection)
        self.views = QtWidgets.QStackedWidget()
        self.views.addWidget(self.table)
        self.views.addWidget(self.grid)
        for view in (self.table, self.grid):
            view.setContextMenuPolicy(QtCore.Qt.CustomContextMenu)
            view.customContextMenuRequested.connect(self._on_context_menu)
            view.doubleClicked.connect(self._on_double_clicked)

        self.load_button = QtWidgets.QToolButton()
        self.load_button.setText("Load")
        self.load_button.setPopupMode(QtWidgets.QToolButton.MenuButtonPopup)
        self.load_button.setMenu(QtWidgets.QMenu(self.load_button))
        self.load_button.menu().aboutToShow.connect(self._fill_load_menu)
        self.load_button.clicked.connect(lambda: self.load_selected())
        self.status = QtWidgets.QLabel()
        self.errors = QtWidgets.QPlainTextEdit()
        self.errors.setReadOnly(True)
        self.errors.setMaximumHeight(90)
        self.errors.hide()
        top = QtWidgets.QHBoxLayout()
        top.addWidget(self.filters, 1)
        top.addWidget(self.grid_toggle)
        bottom = QtWidgets.QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.load_button)
        middle = _column(top, self.views, self.errors, bottom)

        # Right: details and history.
        self.details = DetailsWidget(self.thumbnails)

        splitter = QtWidgets.QSplitter()
        for widget in (left, middle, self.details):
            splitter.addWidget(widget)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 1)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)
        self.resize(1200, 650)

        self.search.textChanged.connect(self._on_search)
        self.tree.selectionModel().selectionChanged.connect(self._on_entity_selected)
        self.filters.changed.connect(self.refresh)
        self.grid_toggle.toggled.connect(self.set_grid)
        self.table.selectionModel().selectionChanged.connect(self._on_publish_selection)
        self.publish_model.rowsInserted.connect(self._update_choices)
        self.publish_model.modelReset.connect(self._update_status)
        self.details.versionActivated.connect(lambda p: self.load_publishes([p]))

        self.filters.steps.set_choices(self.session.query.steps())
        self.filters.authors.set_choices(self.session.query.users())
        self.filters.types.set_choices(self.session.catalog.action_map)
        self.load_button.setEnabled(self.session.host is not None)
        self.select_entity(self.session.start_entity())
        self._building = False
        self.refresh()

    # -- entity tree -----------------------------------------------------------

    def select_entity(self, entity):
        """Select ``entity``'s node in the tree (the project when None or unknown)."""
        node = find_node(self.root, entity) or self.root
        item = self._item_of(node)
        index = self.entity_proxy.mapFromSource(item.index())
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        if index == self.tree.currentIndex() and not self.tree.selectionModel().hasSelection():
            self.tree.selectionModel().select(index, QtCore.QItemSelectionModel.Select)

    def _item_of(self, node):
        rows = []
        while node.parent is not None:
            rows.append(node.row)
            node = node.parent
        item = self.entity_model.item(0)
        for row in reversed(rows):
            item = item.child(row)
        return item

    def selected_node(self):
        """The :class:`EntityNode` selected in the tree, or None."""
        indexes = self.tree.selectionModel().selectedIndexes()
        return self.entity_proxy.node(indexes[0]) if indexes else None

    def _on_search(self, text):
        self.entity_proxy.set_text(text)
        if text:
            self.tree.expandAll()

    def _on_entity_selected(self, *args):
        self.refresh()

    # -- publishes -------------------------------------------------------------

    def current_filter(self):
        """The :class:`PublishFilter` the tree selection and the filter bar describe."""
        node = self.selected_node()
        entities = node.publish_entities() if node is not None else []
        return PublishFilter(entities=entities, **self.filters.values())

    def refresh(self):
        """Query the store again for the current filter."""
        if self._building:
            return
        self.publish_model.set_filter(self.current_filter())
        self._on_publish_selection()

    def set_grid(self, grid):
        """Show publishes as a thumbnail grid (True) or a list (False)."""
        self.grid_toggle.setChecked(grid)
        self.views.setCurrentWidget(self.grid if grid else self.table)

    def current_view(self):
        return self.views.currentWidget()

    def selected_publishes(self):
        """Selected publishes, in list order."""
        return [self.publish_model.publish(row) for row in self._selected_rows()]

    def _selected_rows(self):
        # Rows of any selected index: the grid selects column 0 only, the list whole rows.
        return sorted(set(i.row() for i in self.table.selectionModel().selectedIndexes()))

    def _on_publish_selection(self, *args):
        publishes = self.selected_publishes()
        if publishes:
            publish = publishes[0]
            self.details.show_publish(publish, self.publish_model.publish_list.history(publish))
        else:
            self.details.show_publish(None, [])
        self._update_status()

    def _update_choices(self, *args):
        self.filters.types.set_choices(
            set(self.session.catalog.action_map) | self.publish_model.publish_list.types_seen)
        self._update_status()

    def _update_status(self, *args):
        listed = self.publish_model.rowCount()
        more = "+" if self.publish_model.publish_list.can_fetch_more else ""
        selected = len(self._selected_rows())
        text = "%d%s publishes" % (listed, more)
        if selected:
            text += ", %d selected" % selected
        self.status.setText(text)

    # -- actions ---------------------------------------------------------------

    def build_action_menu(self, menu=None):
        """A menu of the actions every selected publish offers (a new QMenu if None)."""
        menu = menu if menu is not None else QtWidgets.QMenu(self)
        menu.clear()
        publishes = self.selected_publishes()
        actions = self.session.catalog.common_actions(publishes) if publishes else []
        for action in actions:
            item = menu.addAction(action.label)
            item.setData(action.name)
            item.triggered.connect(lambda checked=False, name=action.name: self.load_selected(name))
        if not actions:
            item = menu.addAction("No action for this selection" if publishes
                                  else "Select publishes to load")
            item.setEnabled(False)
        return menu

    def _fill_load_menu(self):
        self.build_action_menu(self.load_button.menu())

    def _on_context_menu(self, pos):
        view = self.sender()
        menu = self.build_action_menu()
        menu.exec_(view.viewport().mapToGlobal(pos))

    def _on_double_clicked(self, index):
        publish = index.data(PUBLISH_ROLE)
        if publish is not None:
            self.load_publishes([publish])

    def load_selected(self, action=None):
        """Load the selected publishes with ``action`` (each one's default if None)."""
        return self.load_publishes(self.selected_publishes(), action)

    def load_publishes(self, publishes, action=None):
        """Load ``publishes``; shows the summary and every error; returns the report."""
        if not publishes or self.session.host is None:
            return None
        QtWidgets.QApplication.setOverrideCursor(QtCore.Qt.WaitCursor)
        try:
            report = self.session.load(publishes, action)
        finally:
            QtWidgets.QApplication.restoreOverrideCursor()
        self.status.setText(report.summary())
        self.errors.setPlainText("\n".join(report.error_lines()))
        self.errors.setVisible(not report.ok)
        self.loadFinished.emit(report)
        return report

    def shutdown(self):
        """Stop thumbnail reads; the engine or a test calls it before dropping the panel."""
        self.thumbnails.shutdown()

    def closeEvent(self, event):
        self.shutdown()
        super(LoaderPanel, self).closeEvent(event)


def _column(*parts):
    widget = QtWidgets.QWidget()
    layout = QtWidgets.QVBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    for part in parts:
        if isinstance(part, QtWidgets.QLayout):
            layout.addLayout(part)
        else:
            layout.addWidget(part, 1 if isinstance(part, (QtWidgets.QAbstractItemView,
                                                          QtWidgets.QStackedWidget)) else 0)
    return widget
