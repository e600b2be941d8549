"""The File Open and File Save panels driven like an artist would (pytest-qt, offscreen)."""

import os

import pytest

from tests.workfiles.conftest import shell_scene, shell_work, shot_context
from toolkit.qt import QtCore, QtWidgets


@pytest.fixture
def session(show, host):
    from apps.workfiles.session import WorkfilesSession
    project, store, _ = show
    switched = []
    result = WorkfilesSession(project, host, store, shot_context(project, store, "SH010"),
                              "shell", switch_context=switched.append)
    result.switched = switched
    return result


def answer_next_box(qtbot, button, seen):
    """Click ``button`` of the next modal message box as soon as it shows."""
    def click():
        box = QtWidgets.QApplication.activeModalWidget()
        if box is None:
            QtCore.QTimer.singleShot(10, click)
            return
        seen.append(box.objectName())
        box.button(button).click()
    QtCore.QTimer.singleShot(0, click)


def open_panel(qtbot, session):
    from apps.workfiles._qt.open_panel import FileOpenPanel
    panel = FileOpenPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def rows(panel):
    return [row[:3] for row in panel.work_rows()]


def test_tasks_sandboxes_and_user_filter(qtbot, session, show):
    project, store, entities = show
    shell_scene(shell_work(project, "SH010", 1, "bob"))
    shell_scene(shell_work(project, "SH010", 2, "alice"))
    panel = open_panel(qtbot, session)
    # the engine's task is chosen; my sandbox first
    assert "SH010" in panel.where.text()
    assert rows(panel) == [["main", "v002", "alice (me)"], ["main", "v001", "bob"]]
    assert [panel.user_filter.itemText(i) for i in range(panel.user_filter.count())] == \
        ["All users", "alice", "bob"]
    panel.user_filter.setCurrentIndex(2)
    assert rows(panel) == [["main", "v001", "bob"]]
    # another task from the entity tree: its files, nothing switched yet
    panel.select_task(entities["SH020"][1]["id"])
    assert "SH020" in panel.where.text() and rows(panel) == []
    assert session.switched == []


def test_open_another_users_older_file_read_only_and_take_the_newest(qtbot, session, show,
                                                                     host):
    from toolkit.qt import QtWidgets as W
    project = show[0]
    old = shell_scene(shell_work(project, "SH020", 1, "bob"))
    newest = shell_scene(shell_work(project, "SH020", 3, "bob"))
    panel = open_panel(qtbot, session)
    panel.select_task(show[2]["SH020"][1]["id"])
    panel.select_work(1)  # bob's v001
    assert panel.read_only_button.isEnabled() and not panel.open_button.isEnabled()
    seen = []
    answer_next_box(qtbot, W.QMessageBox.Open, seen)
    result = panel.open_selected(read_only=True)
    assert seen == ["workfilesOlderVersion"]
    assert result.path == newest and host.current_scene_path() == newest
    assert [c.entity["code"] for c in session.switched] == ["SH020"]
    assert os.path.isfile(old)


@pytest.mark.parametrize("button, opened", [("Cancel", False), ("Discard", True)])
def test_unsaved_changes_prompt(qtbot, session, show, host, button, opened):
    from toolkit.qt import QtWidgets as W
    project = show[0]
    target = shell_scene(shell_work(project, "SH010", 1, "alice"))
    host.import_file("/lib/unsaved.abc")
    panel = open_panel(qtbot, session)
    panel.select_work(0)
    seen = []
    answer_next_box(qtbot, getattr(W.QMessageBox, button), seen)
    panel.open_selected()
    assert seen == ["workfilesUnsaved"]
    assert (host.current_scene_path() == target) is opened


def test_continue_from_publish_and_details(qtbot, session, show, host, tmpdir):
    from toolkit.publish import publish_file
    project, store, _ = show
    source = str(tmpdir.join("src.json"))
    shell_scene(source, "published")
    publish_file(project, session.context, source, project.templates["maya_shot_publish"],
                 {"name": "main"}, "Maya Scene", comment="first pass", store=store,
                 user="bob")
    session.engine_name = "maya"  # maya_shot_work: its publish area holds v001
    panel = open_panel(qtbot, session)
    assert panel.publish_rows() == [(["main", "1 versions"],
                                     [["Maya Scene", "v001", "bob", panel.publish_rows()[0][1][0][3]]])]
    panel.select_publish(0, 0)
    assert panel.detail_values["Comment"].text() == "first pass"
    assert panel.detail_values["Author"].text() == "bob"
    assert panel.detail_values["Size"].text().endswith("B")
    assert panel.continue_button.isEnabled()
    # a cache cannot be continued as a Maya scene: the button says so
    assert not session.can_continue("/show/cache/hero_v001.abc")
    with qtbot.waitSignal(panel.opened):
        result = panel.continue_selected()
    assert result.path == shell_work(project, "SH010", 2, "alice", template="maya_shot_work",
                                     extension="ma")
    assert rows(panel) == [["main", "v002", "alice (me)"]]  # the new file is listed
    assert [r.node for r in host.list_references()] == ["published"]


def test_save_panel_previews_refuses_and_saves(qtbot, session, show, host):
    from apps.workfiles._qt.save_panel import FileSavePanel
    project = show[0]
    shell_scene(shell_work(project, "SH010", 2, "bob", name="layout"))
    panel = FileSavePanel(session)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.name.text() == "main" and not panel.extension.isEnabled()
    assert panel.preview.text() == shell_work(project, "SH010", 1, "alice")
    panel.name.setText("layout")
    assert panel.preview.text() == shell_work(project, "SH010", 3, "alice", name="layout")
    assert panel.version.text().startswith("v003")
    panel.name.setText("lay out")
    assert not panel.save_button.isEnabled()
    assert "alphanumeric" in panel.problem.text() and panel.preview.text() == ""
    assert panel.save() is None
    assert not os.path.isdir(os.path.dirname(shell_work(project, "SH010", 1, "alice")))
    panel.name.setText("layout")
    with qtbot.waitSignal(panel.saved):
        path = panel.save()
    assert path == shell_work(project, "SH010", 3, "alice", name="layout")
    assert host.current_scene_path() == path


def test_save_panel_offers_the_templates_extensions(qtbot, show, host):
    from apps.workfiles._qt.save_panel import FileSavePanel
    from apps.workfiles.session import WorkfilesSession
    project, store, _ = show
    session = WorkfilesSession(project, host, store, shot_context(project, store), "maya")
    panel = FileSavePanel(session)
    qtbot.addWidget(panel)
    assert [panel.extension.itemText(i) for i in range(panel.extension.count())] == ["ma", "mb"]
    panel.extension.setCurrentIndex(1)
    assert panel.preview.text().endswith("SH010_blocking_main_v001.mb")


def test_thousands_of_work_files_fill_the_panel_in_one_reset(qtbot, session, show):
    """2,000 files: every row shown, filled by one model reset, not an insertion per file.

    Per-file item insertion (QTreeWidget) aborted the process at about 10,000
    files on PySide6 6.12 / Python 3.11 (``none_dealloc``: the binding loses a
    reference to ``None`` on some calls returning nothing, once per file).
    """
    project = show[0]
    template = project.templates["shell_shot_work"]
    for user in range(20):
        fields = {"Sequence": "SQ010", "Shot": "SH010", "Step": "anim", "Task": "blocking",
                  "name": "main", "HumanUser": "artist%02d" % user}
        folder = os.path.dirname(template.apply_fields(dict(fields, version=1)))
        os.makedirs(folder)
        for version in range(1, 101):
            open(template.apply_fields(dict(fields, version=version)), "w").close()
    panel = open_panel(qtbot, session)
    resets, inserts = [], []
    panel.work.model().modelReset.connect(lambda: resets.append(1))
    panel.work.model().rowsInserted.connect(lambda *args: inserts.append(1))
    panel.show_context(session.context)
    qtbot.wait(10)
    assert len(panel.work_rows()) == 2000 and panel.work.model().rowCount() == 2000
    assert panel.work_rows()[0][:3] == ["main", "v100", "artist00"]
    assert (len(resets), len(inserts)) == (1, 0)
