"""A publish run across several publishes: all of them land, or none and no file stays.

Failures are real: a source that vanishes while the run copies, a store that
refuses the records, a run killed with SIGKILL between two publishes.
"""

import io
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from toolkit.publish.errors import PublishError
from toolkit.publish.journal import journal_folder, recover_runs
from toolkit.publish.run import PublishRun

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def write(path, text="data"):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(u"%s" % text)
    return path


def sources(tmpdir):
    """A cache, a 3-frame render and a scene to publish, as (source, template, type, name)."""
    stage = str(tmpdir.join("stage"))
    frames = [write(os.path.join(stage, "render", "beauty.%04d.exr" % f), f)
              for f in (1001, 1002, 1003)]
    return [
        (write(os.path.join(stage, "hero.abc")), "maya_shot_cache", "Alembic Cache", "hero"),
        (frames[0].replace("1001", "%04d"), "nuke_shot_render", "Rendered Image", "beauty"),
        (write(os.path.join(stage, "scene.json"), "{}"), "shell_shot_publish", "Shell Scene",
         "main"),
    ]


def plan(run, project, context, items):
    for source, template, ptype, name in items:
        run.add(context, source, project.templates[template], {"name": name}, ptype,
                comment="three at once", label=name)


def published_files(project, hidden=True):
    """Every file under the project's sequences (``hidden=False``: none under or named
    with a leading dot, i.e. only files at published paths, no staging copies)."""
    found = []
    for folder, dirs, names in os.walk(os.path.join(project.root, "sequences")):
        if not hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            names = [n for n in names if not n.startswith(".")]
        found.extend(os.path.join(folder, name) for name in names)
    return sorted(found)


def test_three_publishes_land_together(shot_project, tmpdir):
    project, store, context = shot_project
    seen = []
    with PublishRun(project, store) as run:
        plan(run, project, context, sources(tmpdir))
        records = run.commit(progress=lambda done, total, label: seen.append((done, total)))
    assert [r["name"] for r in records] == ["hero", "beauty", "main"]
    assert all(r["version_number"] == 1 for r in records)
    assert records[1]["first_frame"] == 1001 and records[1]["last_frame"] == 1003
    assert len(published_files(project)) == 5  # 1 cache + 3 frames + 1 scene
    assert store.count("PublishedFile") == 3
    assert seen[-1] == (5, 5)
    assert not os.listdir(journal_folder(project))


def test_last_of_three_failing_to_copy_publishes_nothing(shot_project, tmpdir):
    project, store, context = shot_project
    items = sources(tmpdir)
    run = PublishRun(project, store)
    plan(run, project, context, items)
    os.remove(items[2][0])  # the scene vanishes after it was checked: its copy fails
    with pytest.raises((PublishError, IOError, OSError)) as caught:
        run.commit()
    assert published_files(project) == []
    assert store.count("PublishedFile") == 0
    assert not os.path.isdir(os.path.join(project.root, "sequences", "SQ010", "SH010", "comp",
                                          "cache"))
    assert not os.listdir(journal_folder(project))
    del caught
    # The versions were given back: a rerun publishes v001 again.
    write(items[2][0], "{}")
    run = PublishRun(project, store)
    plan(run, project, context, items)
    assert [r["version_number"] for r in run.commit()] == [1, 1, 1]


def test_store_refusing_the_records_removes_every_placed_file(shot_project, tmpdir,
                                                             monkeypatch):
    project, store, context = shot_project
    run = PublishRun(project, store)
    plan(run, project, context, sources(tmpdir))

    def refuse(records):
        assert all(os.path.exists(r["path"].replace("%04d", "1001")) for r in records)
        raise PublishError("the tracker is down")
    monkeypatch.setattr(store, "register_publishes", refuse)
    with pytest.raises(PublishError, match="tracker is down"):
        run.commit()
    assert published_files(project) == []


def test_two_publishes_of_one_run_at_one_path_are_refused_before_any_copy(shot_project,
                                                                          tmpdir):
    project, store, context = shot_project
    source = write(str(tmpdir.join("a.abc")))
    run = PublishRun(project, store)
    run.add(context, source, project.templates["maya_shot_cache"], {"name": "hero"},
            "Alembic Cache", label="first")
    run.add(context, source, project.templates["maya_shot_cache"], {"name": "hero"},
            "Alembic Cache 2", label="second")
    with pytest.raises(PublishError, match="first and second would both publish"):
        run.commit()
    assert published_files(project) == []


def test_a_bad_field_is_refused_when_planned(shot_project, tmpdir):
    project, store, context = shot_project
    run = PublishRun(project, store)
    with pytest.raises(Exception, match="name"):
        run.add(context, write(str(tmpdir.join("a.abc"))), project.templates["maya_shot_cache"],
                {"name": "bad name!"}, "Alembic Cache", label="cache")
    assert run.publishes == []


KILLER = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    sys.path.insert(0, {tests!r})
    from toolkit.config import load_project
    from toolkit.context import Context
    from toolkit.publish.run import PublishRun
    project = load_project({project!r})
    context = Context.deserialize({context!r})
    run = PublishRun(project)
    items = {items!r}
    for source, template, ptype, name in items:
        run.add(context, source, project.templates[template], {{"name": name}}, ptype, label=name)

    def progress(done, total, label):
        if label == "main":  # the cache and the render are in place, the scene copying
            os.kill(os.getpid(), signal.SIGKILL)
    run.commit(progress=progress)
    print("not killed")
""")


def test_kill_9_in_the_middle_leaves_nothing_published_after_recovery(shot_project, tmpdir):
    project, store, context = shot_project
    items = sources(tmpdir)
    script = str(tmpdir.join("killer.py"))
    write(script, KILLER.format(root=ROOT, tests=os.path.dirname(ROOT), project=project.root,
                                context=context.serialize(), items=items))
    proc = subprocess.Popen([sys.executable, script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    out, err = proc.communicate()
    assert proc.returncode == -signal.SIGKILL, (out, err)
    # Killed between two publishes: two of them are at their published paths...
    placed = published_files(project, hidden=False)
    assert len(placed) == 4, placed
    assert any("/render/" in path for path in placed)
    journals = os.listdir(journal_folder(project))
    assert len(journals) == 1
    with io.open(os.path.join(journal_folder(project), journals[0]), encoding="utf-8") as f:
        assert "targets" in [key for line in f for key in json.loads(line)]
    assert store.count("PublishedFile") == 0
    # ...until the next run (or recover_runs) finds the dead run's journal.
    assert len(recover_runs(project, store)) == 1
    assert published_files(project) == []
    assert not os.path.isdir(os.path.join(project.root, "sequences", "SQ010", "SH010", "comp",
                                          "render"))
    assert os.listdir(journal_folder(project)) == []
    run = PublishRun(project, store)
    plan(run, project, context, items)
    assert [r["version_number"] for r in run.commit()] == [1, 1, 1]


def test_a_live_run_is_never_recovered(shot_project, tmpdir):
    """A journal whose lock is held (flock, per open file) belongs to a live run."""
    from toolkit.publish.journal import Journal
    project, store, context = shot_project
    keep = write(str(tmpdir.join("keep.txt")))
    journal = Journal.create(journal_folder(project))
    try:
        journal.append({"targets": [keep], "folders": [], "records": ["/nowhere"]})
        assert recover_runs(project, store) == []
        assert os.path.exists(keep)
    finally:
        journal.discard()
