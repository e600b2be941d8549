"""The Breakdown panel driven like an artist would (pytest-qt, PySide2 on 2.7, PySide6 on 3)."""

import pytest

from toolkit.qt import QtCore, QtWidgets


@pytest.fixture
def panel(qtbot, scene, store, project):
    from apps.breakdown._qt.panel import BreakdownPanel
    from apps.breakdown.session import BreakdownSession
    widget = BreakdownPanel(BreakdownSession(store, scene[0], project.templates))
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.shutdown()


def _top_labels(panel):
    from apps.breakdown._qt.panel import GROUP_ROLE
    return [panel.tree.topLevelItem(i).data(0, GROUP_ROLE)
            for i in range(panel.tree.topLevelItemCount())]


def _select(panel, nodes):
    panel.tree.clearSelection()
    rows = panel.rows()
    for node in nodes:
        rows[node].setSelected(True)


def test_tree_groups_by_entity_then_by_type(panel, scene):
    nodes = scene[1]
    assert _top_labels(panel) == ["Asset prop1", "Shot SH010", "(no publish)"]
    shot = panel.tree.topLevelItem(1)
    assert shot.text(0) == "Shot SH010 (2)"
    assert [shot.child(i).text(4) for i in range(shot.childCount())] == [nodes["comp"],
                                                                         nodes["render"]]
    assert shot.child(0).text(1) == "out of date (2 behind)"
    assert (shot.child(0).text(2), shot.child(0).text(3)) == ("v001", "v003")
    panel.group_box.setCurrentIndex(1)
    assert panel.group_by == "type"
    assert _top_labels(panel)[:3] == ["Maya Scene", "Nuke Script", "Rendered Image"]
    assert "5 references" in panel.status_label.text()


def test_status_colours_and_icons_differ(panel, scene):
    rows = panel.rows()
    nodes = scene[1]
    colours = set(rows[nodes[n]].foreground(1).color().name()
                  for n in ("comp", "model", "loose", "gone"))
    assert len(colours) == 4
    assert all(not rows[nodes[n]].icon(1).isNull() for n in ("comp", "model", "gone"))


def test_out_of_date_only_filter(panel, scene):
    nodes = scene[1]
    panel.stale_only.setChecked(True)
    assert sorted(panel.rows()) == sorted([nodes["comp"], nodes["render"]])
    assert _top_labels(panel) == ["Shot SH010"]
    panel.stale_only.setChecked(False)
    assert len(panel.rows()) == 5


def test_update_all_shows_the_changes_first_then_updates(panel, scene, qtbot):
    host, nodes, records = scene
    assert panel.update_all_button.isEnabled()
    qtbot.mouseClick(panel.update_all_button, QtCore.Qt.LeftButton)
    preview = panel.preview
    assert preview is not None and preview.isVisible()
    assert preview.rows() == [(nodes["comp"], "v001", "v003"), (nodes["render"], "v001", "v002")]
    assert host.updates == []  # nothing changes before the artist agrees
    with qtbot.waitSignal(panel.updateFinished) as finished:
        qtbot.mouseClick(preview.update_button, QtCore.Qt.LeftButton)
    assert finished.args[0].ok and len(host.chunks) == 1
    assert panel.rows()[nodes["comp"]].text(2) == "v003"
    assert not panel.update_all_button.isEnabled()


def test_cancelling_the_preview_changes_nothing(panel, scene, qtbot):
    host = scene[0]
    panel.update_all()
    qtbot.mouseClick(panel.preview.buttons.button(QtWidgets.QDialogButtonBox.Cancel),
                     QtCore.Qt.LeftButton)
    assert host.updates == [] and panel.inventory.out_of_date()


def test_update_selected_and_a_failure_shown(panel, scene, qtbot):
    host, nodes, _ = scene
    host.refuse.add(nodes["render"])
    _select(panel, [nodes["render"], nodes["comp"], nodes["model"]])
    assert panel.update_selected_button.isEnabled()
    panel.update_selected()
    assert [r[0] for r in panel.preview.rows()] == [nodes["render"], nodes["comp"]]
    with qtbot.waitSignal(panel.updateFinished) as finished:
        panel.preview.accept()
    report = finished.args[0]
    assert [c.node for c, _ in report.failed] == [nodes["render"]]
    assert "1 failed" in panel.status_label.text() and nodes["render"] in panel.status_label.text()
    assert panel.rows()[nodes["comp"]].text(2) == "v003"


def test_version_drop_down_puts_one_item_on_a_chosen_version(panel, scene, qtbot):
    nodes = scene[1]
    row = panel.rows()[nodes["comp"]]
    panel.tree.setCurrentItem(row, 2)
    panel.tree.editItem(row, 2)
    combo = panel.tree.findChild(QtWidgets.QComboBox)
    assert combo is not None
    assert [combo.itemText(i) for i in range(combo.count())] == ["v003 (latest)", "v002", "v001"]
    assert combo.currentText() == "v001"
    with qtbot.waitSignal(panel.updateFinished):
        combo.setCurrentIndex(1)
        combo.activated.emit(1)
    assert panel.inventory.item(nodes["comp"]).version == 2
    assert panel.rows()[nodes["comp"]].text(1) == "out of date (1 behind)"


def test_no_drop_down_for_a_file_that_is_no_publish(panel, scene):
    row = panel.rows()[scene[1]["loose"]]
    assert not (row.flags() & QtCore.Qt.ItemIsEditable)


def test_pin_keeps_an_item_out_of_update_all(panel, scene):
    host, nodes, _ = scene
    _select(panel, [nodes["comp"]])
    assert panel.pin_button.isEnabled() and not panel.unpin_button.isEnabled()
    panel.pin_button.click()
    assert panel.rows()[nodes["comp"]].text(1) == "pinned at v001"
    panel.update_all()
    assert [r[0] for r in panel.preview.rows()] == [nodes["render"]]
    panel.preview.reject()
    _select(panel, [nodes["comp"]])
    panel.unpin_button.click()
    assert panel.rows()[nodes["comp"]].text(1).startswith("out of date")


def test_select_in_scene(panel, scene):
    host, nodes, _ = scene
    _select(panel, [nodes["model"], nodes["loose"]])
    panel.select_button.click()
    assert sorted(host.selection()) == sorted([nodes["model"], nodes["loose"]])


def test_refreshes_when_the_host_reports_a_change_not_by_polling(panel, scene, qtbot,
                                                                 publisher):
    host = scene[0]
    newer = publisher.publish("prop1", "maya_asset_publish", "Maya Scene")
    with qtbot.waitSignal(panel.refreshed, timeout=2000):
        node = host.reference_file(newer["path"], "extra")  # host notifies references_changed
    assert node in panel.rows()
    assert panel.inventory.item(scene[1]["model"]).status == "out_of_date"
    # a burst of events makes one refresh
    scans = []
    panel.refreshed.connect(lambda inventory: scans.append(inventory))
    for _ in range(3):
        host.update_reference(node, newer["path"])
    qtbot.waitUntil(lambda: len(scans) >= 1)
    QtWidgets.QApplication.processEvents()
    assert len(scans) == 1
    # closed, the panel stops listening
    panel.shutdown()
    host.reference_file(newer["path"], "another")
    QtWidgets.QApplication.processEvents()
    assert len(scans) == 1


def test_a_host_refusing_to_select_is_said_in_the_panel(panel, scene, monkeypatch):
    host, nodes, _ = scene

    def refuse(names):
        raise RuntimeError("nothing selectable")
    monkeypatch.setattr(host, "select_nodes", refuse)
    _select(panel, [nodes["model"]])
    panel.select_button.click()
    assert "nothing selectable" in panel.status_label.text()


def test_a_big_scene_fills_and_refreshes(qtbot, store, project, publisher):
    """1,000 references, refilled several times: tens of thousands of Qt calls.

    PySide6 6.12.0 on Python 3.11 dropped a reference to None on each call
    returning nothing and aborted the process here (setup.py excludes it).
    """
    from apps.breakdown._qt.panel import BreakdownPanel
    from apps.breakdown.session import BreakdownSession
    from engines.shell.host import ShellHost
    asset = publisher.entity("prop1")
    template = project.templates["maya_asset_publish"]
    records = store.register_publishes([
        {"path": template.apply_fields({"AssetType": "prop", "Asset": "prop1", "Step": "model",
                                        "name": "part%d" % (i // 2), "version": 1 + i % 2}),
         "name": "part%d" % (i // 2), "published_file_type": "Maya Scene", "entity": asset,
         "version_number": 1 + i % 2} for i in range(2000)])
    host = ShellHost()
    for index, record in enumerate(records[::2]):
        host.reference_file(record["path"], "part%d" % index)
    panel = BreakdownPanel(BreakdownSession(store, host, project.templates, check_files=False))
    qtbot.addWidget(panel)
    panel.show()
    for grouping in (1, 0, 1):
        panel.group_box.setCurrentIndex(grouping)
        panel.refresh()
    assert len(panel.rows()) == 1000
    assert panel.inventory.counts()["out_of_date"] == 1000
    panel.shutdown()
