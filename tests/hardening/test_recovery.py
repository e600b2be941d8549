"""``reelkit recover``: what a crashed publish left is reported, then repaired (issue #14).

The leftovers are made the way a killed publish makes them: a file at the
path of a version no record names, staging copies named by
:func:`toolkit.publish.staging.staging_token` (of a dead process, of this live
process, of another host), and the rule for a path whose first attempt
failed half-way is checked end to end through the CLI.
"""

import os
import socket
import subprocess
import sys
import time

import pytest

from toolkit.publish import staging

from tests.hardening.conftest import assert_one_error_line

CONTEXT = "Shot SH010 anim"


def _publish(run_cli, project_dir, source, name="main"):
    return run_cli("publish", source, "--project", project_dir, "--context", CONTEXT,
                   "--template", "maya_shot_publish", "--type", "Maya Scene", "--name", name,
                   "--field", "name=" + name)


def _path_of(project_dir, version, name="main"):
    from toolkit.config import load_project
    template = load_project(project_dir).templates["maya_shot_publish"]
    return template.apply_fields({"Sequence": "SQ010", "Shot": "SH010", "Step": "anim",
                                  "name": name, "version": version, "maya_extension": "ma"})


def _dead_pid():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid  # reaped: no process has it (until the system reuses it)


def _recover(run_cli, project_dir, *extra):
    return run_cli("recover", "--project", project_dir, "--orphan-age", "0", *extra)


def test_a_path_left_by_a_crashed_attempt_blocks_then_recover_frees_it(shot_project, run_cli):
    project_dir, source = shot_project
    code, out, err = _publish(run_cli, project_dir, source)
    assert code == 0, err
    leftover = _path_of(project_dir, 2)   # the next version, as a killed publish leaves it
    with open(leftover, "w") as handle:
        handle.write("half of a scene")
    code, out, err = _publish(run_cli, project_dir, source)
    assert_one_error_line(code, err)
    assert "no publish record names it" in err and "reelkit recover --repair" in err

    code, out, err = _recover(run_cli, project_dir)
    assert code == 1 and "orphan" in out and leftover in out
    assert os.path.isfile(leftover)  # a report changes nothing

    code, out, err = _recover(run_cli, project_dir, "--repair")
    assert code == 0, out + err
    assert not os.path.exists(leftover)
    kept = [os.path.join(base, name) for base, _, names in
            os.walk(os.path.join(project_dir, ".reelkit", "recovered")) for name in names]
    assert [os.path.basename(p) for p in kept] == [os.path.basename(leftover)]
    with open(kept[0]) as handle:
        assert handle.read() == "half of a scene"  # moved aside, never deleted

    code, out, err = _publish(run_cli, project_dir, source)
    assert code == 0, err
    code, out, err = _recover(run_cli, project_dir)
    assert code == 0 and "nothing to recover" in out


def test_a_path_owned_by_another_publish_names_it(shot_project, run_cli):
    # A template whose path does not hold the name: a second name lands on the
    # first one's path. The error names the owner and the way out.
    from toolkit.config import load_project
    from toolkit.publish.publisher import _owner_hint
    from toolkit.store import open_store
    project_dir, source = shot_project
    code, out, err = _publish(run_cli, project_dir, source)
    assert code == 0, err
    store = open_store(load_project(project_dir))
    try:
        hint = _owner_hint(store, _path_of(project_dir, 1))
    finally:
        store.close()
    assert "it is publish 'main' v001" in hint and "another name or template" in hint


def test_staging_of_dead_processes_is_removed_and_live_staging_never_touched(shot_project, run_cli):
    project_dir, source = shot_project
    code, out, err = _publish(run_cli, project_dir, source)
    assert code == 0, err
    folder = os.path.dirname(_path_of(project_dir, 1))
    host = staging._host_tag()
    dead = os.path.join(folder, ".a.ma%s%s-%d-0123abcd" % (staging.TMP_MARK, host, _dead_pid()))
    live = os.path.join(folder, ".b.ma%s%s-%d-0123abcd" % (staging.TMP_MARK, host, os.getpid()))
    other_new = os.path.join(folder, ".c.ma%sotherhost-42-0123abcd" % staging.TMP_MARK)
    other_old = os.path.join(folder, ".d.ma%sotherhost-42-0123abcd" % staging.TMP_MARK)
    dead_folder = os.path.join(os.path.dirname(folder), ".v009%s%s-%d-0123abcd" % (
        staging.TMP_MARK, host, _dead_pid()))
    os.makedirs(dead_folder)
    for path in (dead, live, other_new, other_old, os.path.join(dead_folder, "f.exr")):
        with open(path, "w") as handle:
            handle.write("x")
    week_ago = time.time() - 7 * 24 * 3600
    os.utime(other_old, (week_ago, week_ago))

    code, out, err = _recover(run_cli, project_dir, "--repair")
    assert code == 0, out + err
    assert not os.path.exists(dead) and not os.path.exists(other_old)
    assert not os.path.exists(dead_folder)
    assert os.path.exists(live) and os.path.exists(other_new)


def test_staging_names_carry_their_host_and_process():
    from toolkit.publish.transfer import temporary_name
    name = os.path.basename(temporary_name("/show/x/plate.1001.exr"))
    assert staging.is_staging(name)
    assert staging.owner(name) == (staging._host_tag(), os.getpid())
    assert staging.owner(".x.exr%sdeadbeef1234" % staging.TMP_MARK) is None
    assert staging._host_tag(socket.gethostname()) == staging._host_tag()


def test_recover_refuses_a_bad_grace(project_dir, run_cli):
    code, out, err = run_cli("recover", "--project", project_dir, "--grace", "-1")
    assert_one_error_line(code, err)


def _stored_paths(project_dir):
    import sqlite3
    connection = sqlite3.connect(os.path.join(project_dir, ".reelkit", "reelkit.sqlite"))
    try:
        return connection.execute("SELECT id, path, thumbnail_path FROM rk_published_file "
                                  "ORDER BY id").fetchall()
    finally:
        connection.close()


def test_records_written_with_absolute_paths_are_reported_then_stored_relative(
        shot_project, run_cli, tmpdir):
    import shutil
    import sqlite3
    project_dir, source = shot_project
    thumbnail = tmpdir.join("thumb.png")
    thumbnail.write("png")
    code, out, err = run_cli("publish", source, "--project", project_dir, "--context", CONTEXT,
                             "--template", "maya_shot_publish", "--type", "Maya Scene",
                             "--name", "main", "--thumbnail", str(thumbnail))
    assert code == 0, err
    (record_id, stored, stored_thumb), = _stored_paths(project_dir)
    assert stored.startswith("{primary}/") and stored_thumb.startswith("{primary}/")
    # as an older Reelkit wrote it: absolute
    root = os.path.realpath(project_dir).replace(os.sep, "/")
    absolute = root + stored[len("{primary}"):]
    connection = sqlite3.connect(os.path.join(project_dir, ".reelkit", "reelkit.sqlite"))
    with connection:
        connection.execute("UPDATE rk_published_file SET path = ?, thumbnail_path = ? "
                           "WHERE id = ?", (absolute, root + stored_thumb[len("{primary}"):],
                                            record_id))
    connection.close()

    code, out, err = _recover(run_cli, project_dir)
    assert code == 1, out + err
    assert "records" in out and "absolute path under root 'primary'" in out
    assert _stored_paths(project_dir)[0][1] == absolute   # a report changes nothing

    code, out, err = _recover(run_cli, project_dir, "--repair")
    assert code == 0, out + err
    assert _stored_paths(project_dir) == [(record_id, stored, stored_thumb)]
    code, out, err = _recover(run_cli, project_dir)
    assert code == 0 and "nothing to recover" in out, out + err

    # the project moved: the record reads against the new place
    moved = str(tmpdir.join("moved"))
    shutil.move(project_dir, moved)
    code, out, err = run_cli("publishes", "--project", moved, "--json")
    assert code == 0, err
    assert os.path.realpath(moved).replace(os.sep, "/") + stored[len("{primary}"):] in \
        out.replace("\\\\", "/")
