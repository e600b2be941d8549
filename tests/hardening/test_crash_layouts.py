"""A publish killed while placing frames in a folder shared by all versions (issue #14).

Frames there are placed one by one (no single rename can place a frame set into
a folder that exists), so a ``kill -9`` can leave part of a frame set at
published paths. The publish notes its targets in a run journal first: the
next publish, or ``reelkit recover --repair``, removes what the killed one
placed, and a complete version placed but never recorded is removed the same way.
"""

import io
import os
import re
import signal
import subprocess
import sys

import pytest

from tests.hardening.conftest import create_shot

SHARED = ("  shared_frames: sequences/{Sequence}/{Shot}/{Step}/publish/frames/"
          "{Shot}_{name}_v{version}.{SEQ}.exr\n")

_KILLED_PUBLISH = """
import os, signal, sys
from toolkit.config import load_project
from toolkit.context import Context
from toolkit.publish import publish_file, transfer
from toolkit.store import open_store

project = load_project(sys.argv[1])
store = open_store(project)
context = Context.from_string("Shot SH010 anim", project, store)
stop_after, where = int(sys.argv[3]), sys.argv[4]
if where == "place":
    real, count = transfer._place, [0]
    def place(tmp, target):
        real(tmp, target)
        count[0] += 1
        if count[0] == stop_after:
            os.kill(os.getpid(), signal.SIGKILL)   # as kill -9 would, mid frame set
    transfer._place = place
else:
    def register(data):
        os.kill(os.getpid(), signal.SIGKILL)       # every frame placed, none recorded
    store.register_publish = register
publish_file(project, context, sys.argv[2], project.templates["shared_frames"], {"name": "plate"},
             "Rendered Image", store=store)
"""


@pytest.fixture
def frames_project(project_dir, run_cli, tmpdir):
    path = os.path.join(project_dir, "config", "templates.yml")
    with io.open(path, encoding="utf-8") as handle:
        text = handle.read()
    text = re.sub(r"(?m)^paths:\n", lambda m: m.group(0) + SHARED, text, count=1)
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    create_shot(run_cli, project_dir)
    for frame in range(1001, 1011):
        tmpdir.join("in.%04d.exr" % frame).write("frame %d" % frame)
    return project_dir, str(tmpdir.join("in.%04d.exr"))


def _frames(project_dir):
    folder = os.path.join(project_dir, "sequences", "SQ010", "SH010", "anim", "publish", "frames")
    if not os.path.isdir(folder):
        return []
    return sorted(n for n in os.listdir(folder) if not n.startswith("."))


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
@pytest.mark.parametrize("stop_after, where", [(4, "place"), (0, "register")])
def test_a_killed_frame_set_is_rolled_back_by_the_next_publish(frames_project, run_cli,
                                                               stop_after, where):
    project_dir, source = frames_project
    os.makedirs(os.path.join(project_dir, "sequences", "SQ010", "SH010", "anim", "publish",
                             "frames"))  # shared by every version: exists before the publish
    code = subprocess.call([sys.executable, "-c", _KILLED_PUBLISH, project_dir, source,
                            str(stop_after), where])
    assert code == -signal.SIGKILL
    left = _frames(project_dir)
    assert left  # the kill really left frames at published paths

    code, out, err = run_cli("recover", "--project", project_dir)
    assert code == 1 and "journal" in out  # reported before anything is repaired

    code, out, err = run_cli("publish", source, "--project", project_dir, "--context",
                             "Shot SH010 anim", "--template", "shared_frames",
                             "--type", "Rendered Image", "--field", "name=plate")
    assert code == 0, err
    frames = _frames(project_dir)
    assert len(frames) == 10  # one whole frame set: the killed one's frames are gone
    assert len(set(re.sub(r"\.\d{4}\.exr$", "", f) for f in frames)) == 1
    code, out, err = run_cli("recover", "--project", project_dir, "--orphan-age", "0")
    assert code == 0 and "nothing to recover" in out


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is POSIX")
def test_a_killed_frame_set_is_undone_by_the_next_engine_that_starts(frames_project, run_cli):
    # as a database rolls back on open: no publish needed, any host starting here
    from toolkit.config import load_project
    from toolkit.context import Context
    from toolkit.platform.engine import start_engine
    project_dir, source = frames_project
    os.makedirs(os.path.join(project_dir, "sequences", "SQ010", "SH010", "anim", "publish",
                             "frames"))
    code = subprocess.call([sys.executable, "-c", _KILLED_PUBLISH, project_dir, source, "4",
                            "place"])
    assert code == -signal.SIGKILL
    assert len(_frames(project_dir)) == 4
    project = load_project(project_dir)
    engine = start_engine("shell", Context(project), project)
    try:
        assert _frames(project_dir) == []
    finally:
        engine.destroy()
    code, out, err = run_cli("recover", "--project", project_dir, "--orphan-age", "0")
    assert code == 0 and "nothing to recover" in out, out
    # the version the killed run had reserved is given back
    code, out, err = run_cli("publish", source, "--project", project_dir, "--context",
                             "Shot SH010 anim", "--template", "shared_frames",
                             "--type", "Rendered Image", "--field", "name=plate")
    assert code == 0, err
    assert all("_v001." in name for name in _frames(project_dir))


def test_the_engine_looks_for_journals_where_publish_runs_write_them():
    from toolkit.platform import engine
    from toolkit.publish import journal
    assert engine._PUBLISH_JOURNALS == journal.JOURNAL_FOLDER
