"""The Loader panel driven like an artist would, on the real store and a recording host."""

import os

import pytest

from toolkit.qt import QtCore, QtGui, QtWidgets


@pytest.fixture
def thumbs_store(tmpdir):
    """The seed project with a real PNG thumbnail per publish."""
    from tests.loader.seed import seed_store
    from toolkit.store import open_store_from_settings

    def write(path):
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        image = QtGui.QImage(64, 36, QtGui.QImage.Format_RGB32)
        image.fill(QtGui.QColor(200, 80, 40))
        assert image.save(path)

    QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    store = open_store_from_settings({"backend": "sqlite", "path": str(tmpdir.join("t.sqlite"))})
    seed_store(store, str(tmpdir.join("publishes")), thumbnail=write)
    yield store
    store.close()


@pytest.fixture
def panel(qtbot, thumbs_store, host):
    from apps.loader._qt.panel import LoaderPanel
    from apps.loader.session import LoaderSession
    widget = LoaderPanel(LoaderSession(thumbs_store, host=host, page_size=5))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def _names(panel):
    model = panel.publish_model
    while model.canFetchMore(QtCore.QModelIndex()):
        model.fetchMore(QtCore.QModelIndex())
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _tree_index(panel, label):
    proxy = panel.entity_proxy
    found = proxy.match(proxy.index(0, 0), QtCore.Qt.DisplayRole, label, 1,
                        QtCore.Qt.MatchExactly | QtCore.Qt.MatchRecursive)
    assert found, label
    return found[0]


def _click_tree(qtbot, panel, label):
    index = _tree_index(panel, label)
    panel.tree.scrollTo(index)
    rect = panel.tree.visualRect(index)
    qtbot.mouseClick(panel.tree.viewport(), QtCore.Qt.LeftButton, pos=rect.center())


def _select_rows(qtbot, panel, names):
    model = panel.publish_model
    rows = [r for r in range(model.rowCount()) if model.index(r, 0).data() in names]
    view = panel.current_view()
    first = True
    for row in rows:
        rect = view.visualRect(model.index(row, 0))
        modifier = QtCore.Qt.NoModifier if first else QtCore.Qt.ControlModifier
        qtbot.mouseClick(view.viewport(), QtCore.Qt.LeftButton, modifier, rect.center())
        first = False
    return rows


def test_opens_on_the_project_with_pages_of_publishes(panel):
    assert panel.selected_node().kind == "project"
    model = panel.publish_model
    # Whole pages, as many as the view needs to fill itself; the rest on scrolling.
    assert model.rowCount() % 5 == 0 and model.rowCount() < 13
    assert model.canFetchMore(QtCore.QModelIndex())
    assert model.index(0, 0).data() == "SH010_anim" and model.index(0, 1).data() == "v003"
    assert len(_names(panel)) == 13


def test_selecting_a_shot_lists_its_publishes_and_details(qtbot, panel):
    _click_tree(qtbot, panel, "SH010")
    assert panel.selected_node().label == "SH010"
    assert _names(panel) == ["SH010_anim", "SH010_comp", "SH010_anim", "SH010_render",
                             "SH010_comp", "SH010_anim"]
    assert len(_select_rows(qtbot, panel, ["SH010_comp"])) == 2  # v002 and v001
    assert panel.details.values["Name"].text() == "SH010_comp"
    assert panel.details.values["Version"].text() == "v002"
    history = panel.details.history
    assert [history.topLevelItem(i).text(0) for i in range(history.topLevelItemCount())] == [
        "v002", "v001"]
    assert panel.status.text() == "6 publishes, 2 selected"


def test_search_filters_the_tree(qtbot, panel):
    qtbot.keyClicks(panel.search, "sh03")
    proxy = panel.entity_proxy
    labels = []

    def walk(parent):
        for row in range(proxy.rowCount(parent)):
            index = proxy.index(row, 0, parent)
            labels.append(index.data())
            walk(index)
    walk(QtCore.QModelIndex())
    assert labels == ["demo", "Sequences", "SQ02", "SH030"]
    _click_tree(qtbot, panel, "SH030")
    assert _names(panel) == ["SH030_anim"]
    panel.search.clear()
    assert proxy.rowCount(_tree_index(panel, "Assets")) == 2


def test_filters_by_type_step_author_and_latest_only(qtbot, panel):
    _click_tree(qtbot, panel, "SQ01")
    panel.filters.types.action("Maya Scene").trigger()
    assert panel.filters.types.text() == "Type: Maya Scene"
    assert _names(panel) == ["SH010_anim", "SH010_anim", "SH020_anim", "SH010_anim"]
    qtbot.mouseClick(panel.filters.latest_only, QtCore.Qt.LeftButton)
    assert panel.filters.latest_only.isChecked()
    assert _names(panel) == ["SH010_anim", "SH020_anim"]
    assert panel.publish_model.index(0, 1).data() == "v003"
    panel.filters.types.action("Maya Scene").trigger()      # back to any type
    panel.filters.steps.action("comp").trigger()
    assert _names(panel) == ["SH010_comp", "SH010_render"]
    panel.filters.authors.action("alice").trigger()
    assert _names(panel) == []
    assert "Texture" in panel.filters.types.choices()        # types seen in the store


def test_double_click_runs_the_default_action(qtbot, panel, host):
    _click_tree(qtbot, panel, "SH010")
    _names(panel)
    model = panel.publish_model
    row = [r for r in range(model.rowCount()) if model.index(r, 0).data() == "SH010_render"][0]
    with qtbot.waitSignal(panel.loadFinished) as blocker:
        rect = panel.table.visualRect(model.index(row, 0))
        qtbot.mouseClick(panel.table.viewport(), QtCore.Qt.LeftButton, pos=rect.center())
        qtbot.mouseDClick(panel.table.viewport(), QtCore.Qt.LeftButton, pos=rect.center())
    assert blocker.args[0].ok
    assert host.calls[0][0] == "load_image_sequence" and host.calls[0][2:4] == (1001, 1010)
    assert host.undo_chunks == ["Load"]


def test_context_menu_action_on_a_multi_selection_with_a_failure(qtbot, panel, host):
    _click_tree(qtbot, panel, "SQ01")
    _names(panel)
    rows = _select_rows(qtbot, panel, ["SH020_anim", "SH020_cache"])
    assert len(rows) == 2 and len(panel.selected_publishes()) == 2
    menu = panel.build_action_menu()
    labels = [a.text() for a in menu.actions()]
    assert labels == ["Reference", "Import"]  # what both a Maya scene and an Alembic offer
    assert panel.errors.isHidden()
    with qtbot.waitSignal(panel.loadFinished) as blocker:
        menu.actions()[1].trigger()
    report = blocker.args[0]
    assert [p["name"] for p, _ in report.loaded] == ["SH020_anim"]
    assert [p["name"] for p, _ in report.failed] == ["SH020_cache"]
    assert [c[0] for c in host.calls] == ["import_file", "import_file"]
    assert host.undo_chunks == ["Load"]
    assert not panel.errors.isHidden()
    assert "SH020_cache" in panel.errors.toPlainText()
    assert panel.status.text() == "import: loaded 1 of 2 (1 failed)"


def test_load_button_runs_the_default_action_of_each(qtbot, panel, host):
    _click_tree(qtbot, panel, "Character")
    assert _names(panel) == ["hero_rig", "villain_tex", "hero_rig"]
    _select_rows(qtbot, panel, ["hero_rig"])
    assert len(panel.selected_publishes()) == 2
    with qtbot.waitSignal(panel.loadFinished):
        qtbot.mouseClick(panel.load_button, QtCore.Qt.LeftButton)
    assert [c[0] for c in host.calls] == ["reference_file", "reference_file"]


def test_grid_shows_thumbnails_loaded_off_the_ui_thread(qtbot, panel):
    qtbot.mouseClick(panel.grid_toggle, QtCore.Qt.LeftButton)
    assert panel.current_view() is panel.grid
    model = panel.publish_model
    index = model.index(0, 0)
    path = index.data(QtCore.Qt.UserRole + 1)["thumbnail_path"]
    qtbot.waitUntil(lambda: panel.thumbnails.pixmap(path) is not None, timeout=5000)
    icon = index.data(QtCore.Qt.DecorationRole)
    assert icon.toImage().pixelColor(5, 5) == QtGui.QColor(200, 80, 40)
    # The selection is shared: selecting in the grid selects in the list too.
    _select_rows(qtbot, panel, [index.data()])
    qtbot.mouseClick(panel.grid_toggle, QtCore.Qt.LeftButton)
    assert panel.current_view() is panel.table
    assert panel.selected_publishes()


def test_standalone_opens_on_a_project_folder(qtbot, tmpdir):
    import apps.loader
    from toolkit.config import load_project
    config = tmpdir.mkdir("config")
    config.join("project.yml").write_text(
        u"name: demo\nroots:\n  primary: .\nstore:\n  backend: sqlite\n"
        u"  path: reelkit.sqlite\n", encoding="utf-8")
    project = load_project(str(tmpdir))
    from toolkit.store import open_store
    store = open_store(project)  # creates the project entity; the rest by hand
    seq = store.create("Sequence", {"code": "SQ09", "project": store.project})
    store.create("Shot", {"code": "SH900", "sequence": seq, "project": store.project})
    store.close()
    widget = apps.loader.show_standalone(str(tmpdir), exec_=False)
    qtbot.addWidget(widget)
    assert widget.windowTitle() == "Reelkit Loader - demo"
    assert _tree_index(widget, "SH900").isValid()
    assert not widget.load_button.isEnabled()  # no host: browse only
    widget.shutdown()
