"""``reelkit publish --field``: a field contradicting the context, or a version, is refused."""

import os

import pytest

from tests.hardening.conftest import assert_one_error_line, create_shot, tree_files


@pytest.fixture
def shot_project(shot_project, run_cli):
    """The hardening suite's shot project, with another shot, SQ020/SH020, too."""
    create_shot(run_cli, shot_project[0], "SQ020", "SH020", step=None)
    return shot_project


def _publish(run_cli, project_dir, source, *fields):
    argv = ["publish", source, "--project", project_dir, "--context", "Shot SH010 anim",
            "--template", "maya_shot_publish", "--type", "Maya Scene"]
    fields = list(fields)
    while fields:
        field = fields.pop(0)
        if field.startswith("--"):  # an option and its value, passed through
            argv += [field, fields.pop(0)]
        else:
            argv += ["--field", field]
    return run_cli(*argv)


@pytest.mark.parametrize("field, words", [
    ("Shot=SH020", "contradicts the context"),
    ("Sequence=SQ020", "contradicts the context"),
    ("version=7", "allocates the version"),
    ("version=abc", "allocates the version"),
    ("nokey=1", "has no key"),
    ("name=a/b", "path separator"),
])
def test_a_refused_field_publishes_nothing(shot_project, run_cli, field, words):
    project_dir, source = shot_project
    before = tree_files(os.path.join(project_dir, "sequences")) if os.path.isdir(
        os.path.join(project_dir, "sequences")) else []
    code, out, err = _publish(run_cli, project_dir, source, field)
    assert_one_error_line(code, err)
    assert words in err
    after = tree_files(os.path.join(project_dir, "sequences")) if os.path.isdir(
        os.path.join(project_dir, "sequences")) else []
    assert after == before
    code, out, err = run_cli("publishes", "--project", project_dir)
    assert "no publishes" in out


def test_a_field_equal_to_the_context_is_accepted(shot_project, run_cli):
    project_dir, source = shot_project
    code, out, err = _publish(run_cli, project_dir, source, "Shot=SH010", "name=main")
    assert code == 0, err
    assert "SH010_main_v001" in out


def test_a_thumbnail_that_cannot_be_written_is_one_error_line_and_nothing_published(
        shot_project, run_cli, tmpdir):
    project_dir, source = shot_project
    code, out, err = _publish(run_cli, project_dir, source, "name=first")
    assert code == 0, err
    folder = os.path.join(project_dir, "sequences", "SQ010", "SH010", "anim", "publish", "maya")
    with open(os.path.join(folder, ".thumbnails"), "w") as handle:
        handle.write("a file where the thumbnails folder goes")
    thumbnail = tmpdir.join("thumb.png")
    thumbnail.write("png")
    before = tree_files(folder)
    code, out, err = _publish(run_cli, project_dir, source, "name=second", "--thumbnail",
                              str(thumbnail))
    assert_one_error_line(code, err)
    assert "thumbnail" in err and "unexpected" not in err
    assert tree_files(folder) == before


@pytest.mark.parametrize("source, fields", [(5, {}), (None, {}), ("x.ma", "name=main"),
                                            ("x.ma", ["name", "main"])])
def test_publish_file_names_an_argument_of_the_wrong_type(project_dir, source, fields):
    from toolkit.config import load_project
    from toolkit.errors import ArgumentTypeError
    from toolkit.publish import publish_file
    project = load_project(project_dir)
    with pytest.raises(ArgumentTypeError) as info:
        publish_file(project, None, source, project.templates["maya_shot_publish"], fields,
                     "Maya Scene")
    assert "publish_file" in str(info.value)


# -- the same rule for every way in: publish_file and a PublishRun ------------------

def _api_publish(project_dir, source, fields, through_run):
    from toolkit.config import load_project
    from toolkit.context import Context
    from toolkit.publish import publish_file
    from toolkit.publish.run import PublishRun
    from toolkit.store import open_store
    project = load_project(project_dir)
    store = open_store(project)
    try:
        context = Context.from_string("Shot SH010 anim", project=project, store=store)
        template = project.templates["maya_shot_publish"]
        if not through_run:
            return publish_file(project, context, source, template, fields, "Maya Scene",
                                store=store)
        run = PublishRun(project, store)
        try:
            run.add(context, source, template, fields, "Maya Scene")
            return run.commit()
        finally:
            run.close()
    finally:
        store.close()


@pytest.mark.parametrize("through_run", [False, True])
@pytest.mark.parametrize("fields, words", [
    ({"Shot": "SH020", "name": "main"}, "contradicts the context"),
    ({"Step": "comp", "name": "main"}, "contradicts the context"),
    ({"version": 7, "name": "main"}, "allocates the version"),
])
def test_the_api_refuses_what_the_command_line_refuses(shot_project, fields, words,
                                                         through_run):
    from toolkit.publish.errors import PublishError
    project_dir, source = shot_project
    with pytest.raises(PublishError) as info:
        _api_publish(project_dir, source, fields, through_run)
    assert words in str(info.value)
    assert not os.path.isdir(os.path.join(project_dir, "sequences", "SQ020"))
    assert not os.path.isdir(os.path.join(project_dir, "sequences", "SQ010", "SH010", "anim",
                                          "publish"))


@pytest.mark.parametrize("through_run", [False, True])
def test_the_api_accepts_fields_equal_to_the_context(shot_project, through_run):
    project_dir, source = shot_project
    records = _api_publish(project_dir, source, {"Shot": "SH010", "name": "main"}, through_run)
    record = records[0] if isinstance(records, list) else records
    assert record["version_number"] == 1 and "SH010_main_v001" in record["path"]
