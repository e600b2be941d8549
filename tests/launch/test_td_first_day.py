"""What cost a new TD time on the first day (issue #12): each checked as they met it."""

import io
import logging
import os

import pytest

from toolkit.cli import main
from toolkit.config import load_project
from toolkit.context import Context
from toolkit.platform import start_engine


def edit(project, relative, old, new):
    path = os.path.join(project.config_dir, relative)
    with io.open(path, encoding="utf-8") as handle:
        text = handle.read()
    assert old in text, (relative, old)
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(text.replace(old, new, 1))
    return load_project(project.root)


LOADER = u"  loader:\n    location: loader\n    page_size: 200\n"


@pytest.mark.parametrize("new, words", [
    (LOADER + u"    colour: red\n", "setting 'colour': unknown setting"),
    (LOADER.replace(u"200", u"many"), "setting 'page_size': expected an integer"),
    (LOADER + u"  ghost:\n    location: no_such_app\n", "no bundle called 'no_such_app'"),
])
def test_validate_config_reports_what_an_engine_would_refuse(studio, capsys, new, words):
    project = edit(studio[0], "env/includes/common.yml", LOADER, new)
    code = main(["validate-config", project.config_dir])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 1
    assert [line for line in out if words in line and "common.yml:" in line]
    assert len(out) == 2, out  # once, though three environments include the block
    assert out[-1] == "1 problem(s) in %s" % project.config_dir


def test_validate_config_reports_a_missing_pick_environment_hook(studio, capsys):
    project = studio[0]
    os.remove(os.path.join(project.config_dir, "hooks", "pick_environment.py"))
    code = main(["validate-config", project.config_dir])
    out = capsys.readouterr().out
    assert code == 1
    assert "core_hooks.pick_environment" in out and "pick_environment.py does not exist" in out


def test_validate_config_passes_the_default_config(studio, capsys):
    assert main(["validate-config", studio[0].config_dir]) == 0
    assert capsys.readouterr().out.startswith("ok: ")


def test_an_app_missing_in_this_interpreter_does_not_stop_the_engine(studio, caplog):
    project = edit(studio[0], "env/includes/common.yml", LOADER,
                   LOADER + u"  notes:\n    location: studio_notes\n")
    context = Context.from_string("project", project=project)
    with caplog.at_level(logging.ERROR):
        engine = start_engine("shell", context, project)
    try:
        assert "loader" in engine.apps and "notes" not in engine.apps
        assert engine.find_command("loader") is not None
        assert "not started" in caplog.text and "no bundle called 'studio_notes'" in caplog.text
    finally:
        engine.destroy()


def test_publishes_piped_into_a_reader_that_stops_is_quiet(studio):
    import subprocess
    import sys
    process = subprocess.Popen(
        [sys.executable, "-m", "toolkit.cli", "publishes", "--json", "--project",
         studio[0].root], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # `| head -0`: the reader is gone before anything is written
    err = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    assert process.wait() == 141  # 128 + SIGPIPE, as other Unix tools end
    assert err == ""  # no traceback, no "Exception ignored" at the interpreter's exit


def test_publish_records_its_author(studio, tmpdir, capsys):
    from toolkit.store import open_store
    project = studio[0]
    source = tmpdir.join("notes.ma")
    source.write("//Maya ASCII\n")
    common = ["publish", str(source), "--context", "Shot SQ010/SH010 comp", "--template",
              "maya_shot_publish", "--type", "Maya Scene", "--name", "notes", "--project",
              project.root]
    assert main(common + ["--user", "nobody"]) == 1
    assert "--user nobody: no such User in the store (known: amelie" in capsys.readouterr().err
    assert main(common + ["--user", "amelie"]) == 0
    with open_store(project) as store:
        records = store.find("PublishedFile", [["name", "is", "notes"]], ["created_by"])
    assert [r["created_by"]["login"] for r in records] == ["amelie"]  # the refused one left nothing


def test_validate_config_checks_the_launchers(studio, capsys):
    project = edit(studio[0], "env/includes/common.yml", u"""  blender:
    linux: [blender, /usr/bin/blender]
""", u"""  blender:
    linux: [blender, /usr/bin/blender]
    pyhton: "3.11"
    versions:
      "4.2": {linux: /opt/blender-4.2/blender, python: "3"}
      "3.6": {linux: /opt/blender-3.6/blender, args: -b}
      "3.5": {linux: /opt/blender-3.5/blender, args: [-b, 2, {a: b}, null]}
""")
    assert main(["validate-config", project.config_dir]) == 1
    out = capsys.readouterr().out
    assert "launchers.blender.pyhton: unknown key" in out
    assert "launchers.blender.versions.4.2.python: a host Python version looks like" in out
    assert "launchers.blender.versions.3.6.args: args must be a list" in out
    assert "launchers.blender.versions.3.5.args: args[2] must be a word of the command line " \
        "(text or a number), got a mapping" in out
    assert "launchers.blender.versions.3.5.args: args[3] must be a word" in out
    assert "6 problem(s)" not in out and "5 problem(s)" in out  # each once
