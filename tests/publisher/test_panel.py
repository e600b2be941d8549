"""The Publisher panel driven like an artist: validate, see the failure, repair, publish."""

import io
import json
import os

import pytest

from apps.publisher.instances import read_instances
from tests.publisher.conftest import write_frames
from toolkit.qt import QtCore, QtWidgets


@pytest.fixture
def panel(qtbot, shell, session):
    from apps.publisher._qt.panel import PublisherPanel
    widget = PublisherPanel(session)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def run_pass(qtbot, panel, button):
    with qtbot.waitSignal(panel.passFinished, timeout=20000) as blocker:
        qtbot.mouseClick(button, QtCore.Qt.LeftButton)
    return blocker.args[0]


def test_validate_fail_repair_publish(qtbot, shell, panel):
    shell.host.set_frame_range(1, 2)             # an unsaved change
    report = run_pass(qtbot, panel, panel.validate_button)
    assert not report.ok
    group = panel.report_view.topLevelItem(0)
    assert group.text(0) == "Scene saved (1)" and group.text(1) == "Unsaved changes"
    repair = panel.report_view.buttons[("Scene saved", "Repair")]
    qtbot.mouseClick(repair, QtCore.Qt.LeftButton)
    assert not shell.host.is_modified()
    assert run_pass(qtbot, panel, panel.validate_button).ok
    qtbot.keyClicks(panel.comment, "lighting pass")
    report = run_pass(qtbot, panel, panel.publish_button)
    assert report.ok, report.error_lines()
    assert [r["description"] for r in report.records] == ["lighting pass"]
    assert panel.status.text().startswith("published 1 file(s)")


def test_dropped_plates_become_instances_grouped_by_family(qtbot, shell, panel, tmpdir):
    plate = write_frames(str(tmpdir.join("in")), range(1001, 1006), stem="bg_plate")
    still = tmpdir.join("in", "notes.txt")
    still.write("x")
    mime = QtCore.QMimeData()
    mime.setUrls([QtCore.QUrl.fromLocalFile(str(tmpdir.join("in")))])
    event = QtGui_drop(mime, panel)
    panel.dropEvent(event)
    specs = read_instances(shell.host)
    assert [(s["name"], s["family"], s["frame_range"]) for s in specs] == [
        ("bgplate", "plate", [1001, 1005]), ("notes", "file", None)]
    assert specs[0]["members"] == [plate]
    families = [panel.instances.topLevelItem(i).text(0)
                for i in range(panel.instances.topLevelItemCount())]
    assert sorted(families) == ["file", "plate", "workfile"]
    # Unchecking an instance leaves it out of the run.
    item = panel.instances.item_named("notes")
    item.setCheckState(0, QtCore.Qt.Unchecked)
    assert panel.session.inactive_instances == set(["notes"])
    panel.instances.setCurrentItem(panel.instances.item_named("bgplate"))
    labels = [panel.attributes.itemAt(r, QtWidgets.QFormLayout.LabelRole).widget().text()
              for r in range(panel.attributes.rowCount())]
    assert labels[:4] == ["Name", "Family", "Variant", "Frames"]
    # Attributes are edited in place and saved in the scene.
    end = panel.attribute_editors["end"]
    end.setValue(1004)
    end.editingFinished.emit()
    variant = panel.attribute_editors["variant"]
    variant.setText("graded")
    variant.editingFinished.emit()
    stored = dict((s["name"], s) for s in read_instances(shell.host))["bgplate"]
    assert stored["frame_range"] == [1001, 1004] and stored["variant"] == "graded"
    assert panel.instances.item_named("bgplate").text(1) == "1001-1004"


def test_optional_checks_toggle_and_the_plan_and_report_are_saved(qtbot, panel, tmpdir):
    item = panel.plugins.item_named("FinalizeVersionUp")
    assert item.flags() & QtCore.Qt.ItemIsUserCheckable
    item.setCheckState(QtCore.Qt.Unchecked)
    assert "FinalizeVersionUp" in panel.session.disabled_plugins
    assert not (panel.plugins.item_named("ValidateWorkArea").flags()
                & QtCore.Qt.ItemIsUserCheckable)
    plan = json.load(io.open(panel.save_plan(str(tmpdir.join("plan.json"))), encoding="utf-8"))
    assert plan["disabled_plugins"] == ["FinalizeVersionUp"]
    run_pass(qtbot, panel, panel.validate_button)
    data = json.load(io.open(panel.save_report(str(tmpdir.join("r.json"))), encoding="utf-8"))
    assert data["kind"] == "validate" and data["entries"]


def test_stop_ends_the_pass_with_nothing_published(qtbot, panel):
    panel.start("publish")
    panel.stop_button.click()
    with qtbot.waitSignal(panel.passFinished, timeout=20000) as blocker:
        pass
    report = blocker.args[0]
    assert report.status == "stopped"
    assert panel.session.store.count("PublishedFile") == 0


def test_thumbnail_grab_writes_an_image(panel):
    path = panel.grab_thumbnail()
    assert os.path.getsize(path) > 0 and panel.session.thumbnail == path


def QtGui_drop(mime, widget):
    from toolkit.qt import QtGui
    return QtGui.QDropEvent(QtCore.QPointF(5, 5), QtCore.Qt.CopyAction, mime,
                            QtCore.Qt.LeftButton, QtCore.Qt.NoModifier)


def test_a_pass_runs_from_the_event_loop_one_plugin_at_a_time(qtbot, shell, panel, tmpdir):
    """Start returns at once; each turn of the event loop runs one plugin on one
    instance, so the panel repaints and takes clicks in between."""
    from apps.publisher.instances import add_instance, make_instance
    for index in range(20):
        add_instance(shell.host, make_instance("plate%d" % index, "plate", []))
    shell.host.save_scene()
    panel.start("validate")
    assert panel.running and (panel.session.last_report is None
                              or not panel.session.last_report.entries)
    QtWidgets.QApplication.processEvents()
    assert len(panel.session.last_report.entries) == 1 and panel.running  # one step a turn
    while not panel.session.expected_steps:  # the collectors, one turn each
        QtWidgets.QApplication.processEvents()
    seen = len(panel.session.last_report.entries)
    assert 0 < seen < panel.session.expected_steps and panel.running
    assert panel.stop_button.isEnabled() and not panel.publish_button.isEnabled()
    with qtbot.waitSignal(panel.passFinished, timeout=20000):
        pass
    assert not panel.running


def test_create_an_instance_from_the_selection_and_remove_it(qtbot, shell, panel, tmpdir):
    source = tmpdir.join("hero.abc")
    source.write("x")
    node = shell.host.import_file(str(source))[0]
    shell.host.select_nodes([node])
    shell.host.set_frame_range(1001, 1024)
    assert [panel.family_box.itemText(i) for i in range(panel.family_box.count())] == ["plate"]
    qtbot.keyClicks(panel.name_edit, "heroPlate")
    qtbot.mouseClick(panel.create_button, QtCore.Qt.LeftButton)
    stored = read_instances(shell.host)
    assert [(s["name"], s["family"], s["members"], s["frame_range"]) for s in stored] == [
        ("heroPlate", "plate", [node], [1001, 1024])]
    assert panel.instances.currentItem().data(0, QtCore.Qt.UserRole + 1) == "heroPlate"
    qtbot.keyClicks(panel.name_edit, "heroPlate")
    qtbot.mouseClick(panel.create_button, QtCore.Qt.LeftButton)  # the name is taken
    assert "already has an instance 'heroPlate'" in panel.status.text()
    qtbot.mouseClick(panel.remove_button, QtCore.Qt.LeftButton)
    assert read_instances(shell.host) == []
