"""Real Blender (``bpy`` 5.0.1, headless): what the contract suite cannot see from outside."""

import logging
import os
import runpy

import bpy
import pytest

from toolkit.platform import current_engine, start_engine

STARTUP = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))), "engines", "blender", "startup", "reelkit_startup.py")


@pytest.fixture
def engine(reelkit_env):
    project, context = reelkit_env
    bpy.ops.wm.read_homefile(use_empty=True)
    return start_engine("blender", context, project)


def test_undo_chunk_is_one_blender_undo_step(engine):
    host = engine.host
    bpy.ops.ed.undo_push(message="before")
    with host.undo_chunk("Reelkit frame range"):
        host.set_frame_range(10, 20)
        host.set_frame_range(30, 40)
    assert host.get_frame_range() == (30, 40)
    bpy.ops.ed.undo()  # one step back: both changes go at once
    assert host.get_frame_range() == (1, 250)


def test_menu_is_a_registered_topbar_menu_running_commands(engine):
    menu = bpy.types.REELKIT_MT_main
    assert menu.bl_label == "Reelkit"
    assert menu.command_names == ["Probe", "Explode"]
    assert bpy.ops.reelkit.run_command(command_name="Probe") == {"FINISHED"}
    assert engine.apps["probe"].calls == ["probe"]


def test_failing_command_through_the_operator_is_reported(engine, caplog):
    with caplog.at_level(logging.ERROR, logger="reelkit"):
        assert bpy.ops.reelkit.run_command(command_name="Explode") == {"FINISHED"}
    assert "exploded on purpose" in caplog.text


def test_destroy_unregisters_menu_and_operator(engine):
    engine.destroy()
    assert not hasattr(bpy.types, "REELKIT_MT_main")
    assert not hasattr(bpy.types, "REELKIT_OT_run_command")
    with pytest.raises(AttributeError):
        bpy.ops.reelkit.run_command.poll()


def test_relative_library_paths_are_listed_absolute(engine, tmpdir):
    folder = str(tmpdir)
    collection = bpy.data.collections.new("Prop")
    bpy.context.scene.collection.children.link(collection)
    bpy.ops.wm.save_as_mainfile(filepath=os.path.join(folder, "prop.blend"))
    engine.host.new_scene()
    engine.host.save_scene_as(os.path.join(folder, "shot.blend"))
    node = engine.host.reference_file(os.path.join(folder, "prop.blend"))
    bpy.data.libraries[node].filepath = "//prop.blend"  # how Blender stores relative links
    assert engine.host.list_references()[0].path == os.path.join(folder, "prop.blend")


def test_startup_script_starts_the_engine_headless(reelkit_env):
    project, context = reelkit_env
    runpy.run_path(STARTUP, run_name="__main__")
    running = current_engine()
    assert running is not None and running.name == "blender"
    assert running.context == context
    assert bpy.types.REELKIT_MT_main.command_names == ["Probe", "Explode"]


def test_a_worker_hands_work_to_the_main_thread_timer(engine, monkeypatch):
    """With a UI, a timer registered on the main thread drains what workers queue
    (Blender's documented pattern); headless, the test turns that timer by hand."""
    import threading
    from engines.blender import host as blender_host
    jobs = blender_host._MainThreadJobs()
    monkeypatch.setattr(blender_host, "_main_thread_jobs", jobs)
    jobs.running = True  # what start() records once the timer is registered
    outcome = {}

    def work():
        try:
            outcome["result"] = engine.host.run_in_main_thread(engine.host.get_frame_range)
        except Exception as exc:
            outcome["error"] = exc
    worker = threading.Thread(target=work)
    worker.start()
    while worker.is_alive():
        assert jobs.drain() == jobs.interval  # the timer asks to run again
        worker.join(0.01)
    assert outcome == {"result": engine.host.get_frame_range()}
