"""Property-based fuzzing of the config loader and the CLI (hypothesis, Python 3 only).

Properties, for any input: the YAML loader returns data or raises ConfigError;
the CLI returns 0, 1 or 2 (argparse usage), and on 1 every stderr line is a
``reelkit: error:`` line; nothing is written outside the project folder.
The table-driven cases that run on Python 2.7 too are in the other files of
this folder. No timing assertion: hypothesis' own deadline bounds each example.
"""

import io
import os

import pytest

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from toolkit.errors import ConfigError  # noqa: E402

FUZZ = settings(max_examples=150, deadline=2000,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])

# Text weighted towards what YAML and paths care about.
YAML_TOKENS = st.sampled_from([u"a", u": ", u"- ", u"\n", u"  ", u"&x ", u"*x", u"[", u"]",
                               u"{", u"}", u", ", u"<<: ", u"!!str ", u"!!python/object ",
                               u"'", u'"', u"#", u"..", u"/", u"${", u"$", u"\x00", u"\t",
                               u"%YAML 1.1\n", u"---\n", u"? ", u"|\n", u"9" * 30])
YAML_TEXT = st.one_of(st.text(max_size=200),
                      st.lists(YAML_TOKENS, max_size=60).map(u"".join))


@FUZZ
@given(text=YAML_TEXT)
def test_the_yaml_loader_returns_data_or_one_config_error(text):
    from toolkit.config.yamlfile import load_yaml_text
    try:
        load_yaml_text(text, source="fuzz.yml")
    except ConfigError as exc:
        assert str(exc).startswith("fuzz.yml")


def _outside_snapshot(tmpdir, project_dir):
    found = set()
    for base, dirs, names in os.walk(str(tmpdir)):
        if os.path.abspath(base).startswith(os.path.abspath(project_dir)):
            continue
        found.update(os.path.join(base, n) for n in names + dirs)
    return found


def _check_cli_result(code, err):
    assert code in (0, 1, 2), err
    assert "Traceback" not in err
    if code == 1:
        lines = [line for line in err.splitlines() if line.strip()]
        assert lines and all(line.startswith("reelkit: error: ") for line in lines), err


@FUZZ
@given(text=YAML_TEXT, target=st.sampled_from(["project.yml", "templates.yml",
                                               "env/shot_step.yml", "schema/folders.yml"]))
def test_any_config_file_content_validates_to_ok_or_reported_problems(
        project_dir, run_cli, tmpdir, text, target):
    path = os.path.join(project_dir, "config", target)
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    before = _outside_snapshot(tmpdir, project_dir)
    code, out, err = run_cli("validate-config", project_dir)
    assert code in (0, 1) and "Traceback" not in out + err
    code, out, err = run_cli("templates", "--project", project_dir)
    _check_cli_result(code, err)
    code, out, err = run_cli("folders", "Shot", "SH010", "--project", project_dir)
    _check_cli_result(code, err)
    assert _outside_snapshot(tmpdir, project_dir) == before


ARG = st.one_of(st.sampled_from([u"maya_shot_work", u"Sequence=SQ010", u"Shot=SH010", u"version=",
                                 u"version=3", u"Step=anim", u"name=main", u"..", u"/", u"=",
                                 u"maya_extension=ma", u"SEQ=%04d", u"--template", u"x" * 300]),
                st.text(min_size=0, max_size=30).filter(lambda t: not t.startswith(u"-")))


@FUZZ
@given(command=st.sampled_from([u"resolve", u"parse", u"templates", u"create", u"folders",
                                u"publishes"]),
       args=st.lists(ARG, max_size=6))
def test_any_command_line_ends_in_0_1_or_2_with_one_error_line_per_problem(
        project_dir, run_cli, tmpdir, command, args):
    if u"\x00" in u"".join(args):
        args = [a.replace(u"\x00", u"") for a in args]  # the OS cannot pass NUL in argv
    before = _outside_snapshot(tmpdir, project_dir)
    argv = [command] + list(args) + [u"--project", project_dir]
    code, out, err = run_cli(*argv)
    _check_cli_result(code, err)
    assert _outside_snapshot(tmpdir, project_dir) == before


PUBLISH_ARG = st.one_of(
    st.sampled_from([u"name=main", u"name=a/b", u"name=..", u"version=3", u"Shot=SH010",
                     u"Shot=SH020", u"Step=anim", u"maya_extension=mb", u"maya_extension=exe",
                     u"name=" + u"x" * 300, u"name=caf\u00e9", u"nokey=1", u"name=", u"name"]),
    st.text(alphabet=u"abcXYZ019_-=./ \n", max_size=20).map(lambda t: u"name=" + t))


@FUZZ
@given(fields=st.lists(PUBLISH_ARG, max_size=4))
def test_any_publish_command_leaves_no_record_without_its_file_and_no_file_without_a_record(
        shot_project, run_cli, tmpdir, fields):
    from toolkit.config import load_project
    from toolkit.publish import recovery
    from toolkit.store import open_store
    project_dir, source = shot_project
    before = _outside_snapshot(tmpdir, project_dir)
    argv = ["publish", source, "--project", project_dir, "--context", "Shot SH010 anim",
            "--template", "maya_shot_publish", "--type", "Maya Scene"]
    for field in fields:
        argv += ["--field", field]
    code, out, err = run_cli(*argv)
    _check_cli_result(code, err)
    assert _outside_snapshot(tmpdir, project_dir) == before
    project = load_project(project_dir)
    store = open_store(project)
    try:
        for record in store.find("PublishedFile", [], ["path"]):
            assert os.path.isfile(record["path"]), record
        leftovers = recovery.scan(project, store, templates=["maya_shot_publish"], orphan_age=0,
                                  grace=0)
        assert leftovers == []
    finally:
        store.close()


@FUZZ
@given(text=st.text(max_size=30))
def test_integer_text_is_refused_or_written_back_to_digits_the_key_reads(text):
    import re
    from toolkit.errors import FieldError
    from toolkit.templates.keys import IntegerKey
    key = IntegerKey("version", format_spec="03")
    try:
        value = key.value_from_text(text)
    except FieldError:
        return
    assert re.match(u"[0-9]{1,18}\\Z", text)
    written = key.str_from_value(value)
    assert re.match(u"(?:%s)\\Z" % key.pattern, written) and int(written) == value


@FUZZ
@given(text=st.text(max_size=300))
def test_a_string_value_is_refused_or_safe_as_one_path_component(text):
    from toolkit.errors import FieldError
    from toolkit.templates.keys import MAX_COMPONENT_BYTES, StringKey
    try:
        written = StringKey("name").str_from_value(text)
    except FieldError:
        return
    assert written and "/" not in written and "\\" not in written and ".." not in written
    assert len(written.encode("utf-8")) <= MAX_COMPONENT_BYTES
    assert written.isprintable() or not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in written)
