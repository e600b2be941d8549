"""The ``reelkit`` command line: project and template commands, errors and exit codes."""

import json
import os
import subprocess
import sys

import pytest

from toolkit.cli import main
from toolkit.cli.project_commands import default_config_dir


@pytest.fixture
def project_dir(tmpdir):
    path = str(tmpdir.join("show"))
    assert main(["init", path]) == 0
    return path


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for command in ("init", "validate-config", "demo", "templates", "resolve", "parse"):
        assert command in out


def test_no_command_prints_help_and_exits_2(capsys):
    assert main([]) == 2
    assert "usage:" in capsys.readouterr().out


def test_init_copies_the_config_and_refuses_to_overwrite(project_dir, capsys):
    assert os.path.isfile(os.path.join(project_dir, "config", "project.yml"))
    assert os.path.isfile(os.path.join(project_dir, "config", "templates.yml"))
    assert main(["init", project_dir]) == 1
    assert "already exists" in capsys.readouterr().err


def test_init_with_a_name(tmpdir, capsys):
    path = str(tmpdir.join("other"))
    assert main(["init", path, "--name", "bigshow"]) == 0
    assert "'bigshow'" in capsys.readouterr().out


def test_init_from_a_folder_that_is_not_a_config(tmpdir, capsys):
    assert main(["init", str(tmpdir.join("p")), "--config", str(tmpdir)]) == 1
    assert "no project.yml" in capsys.readouterr().err
    assert not tmpdir.join("p").check()


def test_resolve_and_parse_round_trip(project_dir, capsys):
    assert main(["resolve", "--project", project_dir, "maya_shot_work", "Sequence=SQ010",
                 "Shot=SH010", "Step=anim", "version=12"]) == 0
    path = capsys.readouterr().out.strip()
    assert path == os.path.join(project_dir, "sequences", "SQ010", "SH010", "anim", "work",
                                "maya", "SH010_main_v012.ma")
    assert main(["parse", "--project", project_dir, "--json", path]) == 0
    parsed = json.loads(capsys.readouterr().out)
    assert parsed["template"] == "maya_shot_work"
    assert parsed["fields"]["version"] == 12 and parsed["fields"]["Shot"] == "SH010"


@pytest.mark.parametrize("argv", [
    ["maya_shot_work", "--project", "P", "Sequence=SQ010", "Shot=SH010", "Step=anim",
     "version=12"],
    ["maya_shot_work", "Sequence=SQ010", "--project", "P", "Shot=SH010", "Step=anim",
     "version=12"],
])
def test_resolve_takes_fields_on_either_side_of_the_options(project_dir, capsys, argv):
    argv = [project_dir if arg == "P" else arg for arg in argv]
    assert main(["resolve"] + argv) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.strip().endswith("SH010_main_v012.ma")
    # what is not KEY=VALUE is still refused
    with pytest.raises(SystemExit):
        main(["resolve", "maya_shot_work", "--project", project_dir, "Shot=SH010", "stray"])


@pytest.mark.parametrize("value", ["../SH010", "SH/010", "SH 010"])
def test_resolve_refuses_bad_values(project_dir, capsys, value):
    assert main(["resolve", "--project", project_dir, "maya_shot_work", "Sequence=SQ010",
                 "Shot=" + value, "Step=anim", "version=1"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("reelkit: error:") and "Shot" in err


def test_resolve_names_missing_and_unknown_keys(project_dir, capsys):
    assert main(["resolve", "--project", project_dir, "maya_shot_work", "Shot=SH010"]) == 1
    assert "needs" in capsys.readouterr().err
    assert main(["resolve", "--project", project_dir, "maya_shot_work", "colour=red"]) == 1
    assert "no key 'colour'" in capsys.readouterr().err
    assert main(["resolve", "--project", project_dir, "maya_shot_work", "oops"]) == 1
    assert "key=value" in capsys.readouterr().err


def test_parse_a_path_no_template_matches(project_dir, capsys):
    assert main(["parse", "--project", project_dir, "/elsewhere/file.txt"]) == 1
    assert "no template matches" in capsys.readouterr().err


def test_templates_lists_with_a_filter(project_dir, capsys):
    assert main(["templates", "--project", project_dir, "nuke_shot"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith("nuke_shot") for line in lines)


def test_project_from_environment(project_dir, capsys, monkeypatch):
    monkeypatch.setenv("REELKIT_PROJECT", project_dir)
    assert main(["templates", "shot_root"]) == 0
    assert "sequences/{Sequence}/{Shot}" in capsys.readouterr().out


def test_no_project_anywhere(tmpdir, capsys, monkeypatch):
    monkeypatch.delenv("REELKIT_PROJECT", raising=False)
    monkeypatch.chdir(str(tmpdir))
    assert main(["templates"]) == 1
    assert "no project" in capsys.readouterr().err


def test_validate_config_reports_every_problem_with_file_and_line(tmpdir, capsys):
    config = tmpdir.join("config")
    config.join("project.yml").write("name: broken\nroots: {primary: .}\nstroe: {}\n", ensure=True)
    config.join("templates.yml").write(
        "keys:\n  Shot: {type: str}\n  version: {type: float}\n"
        "paths:\n  a: '{Shot}/{nokey}.ma'\n", ensure=True)
    assert main(["validate-config", str(config)]) == 1
    out = capsys.readouterr().out
    assert "project.yml:3" in out and "stroe" in out
    assert "templates.yml:" in out and "float" in out


def test_validate_the_default_config(capsys):
    assert main(["validate-config", default_config_dir()]) == 0
    assert capsys.readouterr().out.startswith("ok:")


def test_console_script_module_entry():
    # Python 2's argparse prints the version on stderr.
    out = subprocess.check_output([sys.executable, "-m", "toolkit.cli", "--version"],
                                  stderr=subprocess.STDOUT)
    assert out.decode().strip().startswith("reelkit ")
