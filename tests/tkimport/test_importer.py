"""The importer's pieces on small tk configs written per test: keys, includes,
roots, folder schema, the command line, and nothing half-made on failure."""

import io
import os
import textwrap

import pytest
import six

from toolkit.cli import main
from toolkit.errors import ConfigError, ReelkitError
from toolkit.tkimport import Notes, convert_config, import_tk_config
from toolkit.tkimport.keys import match_filter


def write(folder, relative, text):
    path = os.path.join(str(folder), relative)
    if not os.path.isdir(os.path.dirname(path)):
        os.makedirs(os.path.dirname(path))
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(six.text_type(textwrap.dedent(text)))
    return path


def tk_config(tmpdir, templates, roots=None):
    config = tmpdir.join("tk")
    write(config, "core/templates.yml", templates)
    if roots is not None:
        write(config, "core/roots.yml", roots)
    return str(config)


def convert(tmpdir, templates, roots=None, root_paths=None):
    notes = Notes()
    config = tk_config(tmpdir, templates, roots)
    data = convert_config(os.path.join(config, "core"), notes, "demo", root_paths)
    return data, notes


# -- keys -----------------------------------------------------------------------

@pytest.mark.parametrize("tk_filter, value, accepted", [
    ("[a-z]+", "comp", True),
    ("[a-z]+", "comp_v2", True),      # re.match: the start is enough
    ("[a-z]+", "Comp", False),
    ("^[a-z]+$", "comp_v2", False),   # anchored: the whole value
    ("^[a-z]+$", "comp", True),
    (r"[a-z]+\Z", "comp2", False),
    (r"v\$", "v$x", True),            # an escaped dollar is no anchor
])
def test_a_custom_filter_keeps_tk_meaning(tk_filter, value, accepted):
    import re
    reelkit_filter = match_filter(tk_filter)
    tk_accepts = re.match(tk_filter, value) is not None
    assert tk_accepts == accepted
    assert (re.match("(?:%s)\\Z" % reelkit_filter, value) is not None) == accepted


def test_key_conversion(tmpdir):
    (templates, _, _, _), notes = convert(tmpdir, """\
        keys:
            code: {type: str, filter_by: alphanumeric, length: 4}
            anycode: {type: str, length: 3}
            iteration: {type: int}
            version: {type: int, format_spec: "03"}
            loose: {type: int, format_spec: "03", strict_matching: false}
            spaced: {type: int, format_spec: "3"}
            frame: {type: sequence, format_spec: "04"}
            stamp: {type: timestamp, default: NOW}
            ext: {type: str, choices: [ma, mb], default: ma}
            who: {type: str, shotgun_entity_type: HumanUser, shotgun_field_name: login}
            odd: {type: str, colour: red}
            spaced name: {type: str}
        paths:
            a: x/{code}_{anycode}_{iteration}_{version}_{loose}_{spaced}.{frame}.{ext}
        """)
    keys = templates["keys"]
    assert keys["code"]["filter_by"] == "[A-Za-z0-9]{4}"
    assert keys["anycode"]["filter_by"] == "[^/]{3}"
    assert keys["iteration"]["strict_matching"] is False
    assert keys["version"] == {"type": "int", "format_spec": "03"}
    assert keys["loose"]["strict_matching"] is False
    assert "format_spec" not in keys["spaced"]
    assert keys["frame"]["strict_matching"] is False
    assert keys["frame"]["default"] == "FORMAT: %d"
    assert keys["stamp"]["default"] == "now"
    assert keys["ext"]["ignore_case"] is True
    assert keys["who"]["shotgun_field_name"] == "login"
    assert "spaced name" not in keys and "colour" not in keys["odd"]
    text = "\n".join(str(note) for note in notes)
    assert "templates.yml:7: keys.spaced: format_spec '3' pads with spaces" in text
    assert "templates.yml:12: keys.odd: option 'colour'" in text
    assert "templates.yml:13: keys.spaced name: not carried over" in text


def test_a_key_reelkit_refuses_is_noted_and_its_templates_too(tmpdir):
    (templates, _, _, _), notes = convert(tmpdir, """\
        keys:
            stamp: {type: timestamp, format_spec: "%B %d"}
        paths:
            a: x/{stamp}.txt
            b: x/plain.txt
        """)
    assert "stamp" not in templates["keys"]
    assert list(templates["paths"]) == ["b"]
    text = "\n".join(str(note) for note in notes)
    assert "templates.yml:2: keys.stamp: not carried over" in text
    assert "templates.yml:4: paths.a: not carried over: Reelkit refuses it" in text
    assert "undefined key {stamp}" in text


def test_a_default_in_an_optional_section_is_noted(tmpdir):
    _, notes = convert(tmpdir, """\
        keys:
            name: {type: str, default: main}
        paths:
            a: x/file[_{name}].txt
        """)
    assert any("key name has a default inside an optional section" in str(note)
               and "templates.yml:4: paths.a" in str(note) for note in notes)


def test_a_definition_that_is_only_a_reference_is_written_expanded(tmpdir):
    config = tk_config(tmpdir, """\
        keys:
            Shot: {type: str}
            name: {type: str}
        paths:
            shot_root: shots/{Shot}
            shot_area: '@shot_root'
            work: '@shot_root/work/{name}.ma'
        strings:
            label: '{name}'
            label_ext: '@label.v2'
        """)
    project = import_tk_config(config, str(tmpdir.join("show"))).project
    with io.open(project.templates_path, encoding="utf-8") as handle:
        text = handle.read()
    assert "definition: shots/{Shot}\n" in text.split("shot_area:")[1]
    assert "'@shot_root/work/{name}.ma'" in text   # kept as written, expanded on load
    assert project.templates["shot_area"].definition == "shots/{Shot}"
    assert project.templates["work"].definition == "shots/{Shot}/work/{name}.ma"
    assert project.templates["label_ext"].definition == "{name}.v2"


# -- includes -------------------------------------------------------------------

def test_includes_merge_as_tk_core_does(tmpdir):
    config = tmpdir.join("tk")
    write(config, "core/shared/keys.yml", """\
        keys:
            Shot: {type: str, filter_by: alphanumeric}
            name: {type: str}
        paths:
            shot_root: shots/{Shot}
        """)
    write(config, "core/more.yml", """\
        include: shared/keys.yml
        paths:
            shot_work: '@shot_root/work/{name}.ma'
        """)
    write(config, "core/templates.yml", """\
        includes: [more.yml, /no/such/os/path/only/for/windows.yml]
        keys:
            name: {type: str, filter_by: alphanumeric}
        paths:
            shot_root: shows/{Shot}
        """.replace("/no/such/os/path/only/for/windows.yml", "'C:\\\\\\\\x.yml'"))
    notes = Notes()
    templates = convert_config(os.path.join(str(config), "core"), notes, "demo")[0]
    assert templates["keys"]["name"] == {"type": "str", "filter_by": "alphanumeric"}
    assert templates["paths"]["shot_root"]["definition"] == "shows/{Shot}"
    assert templates["paths"]["shot_work"]["definition"] == "@shot_root/work/{name}.ma"


def test_a_missing_include_is_an_error_with_its_line(tmpdir):
    with pytest.raises(ConfigError) as info:
        convert(tmpdir, """\
            keys: {}
            include: nothere.yml
            """)
    assert info.value.line == 2 and "nothere.yml" in str(info.value)


# -- roots ----------------------------------------------------------------------

def test_roots_default_and_paths(tmpdir):
    (templates, project, _, _), notes = convert(tmpdir, """\
        keys: {Shot: {type: str}}
        paths:
            a: shots/{Shot}
            b: {definition: 'caches/{Shot}', root_name: caches}
        """, """\
        main:
            linux_path: /mnt/main
            mac_path: /Volumes/main
            windows_path: 'M:\\main'
            default: true
        caches:
            linux_path:
            mac_path:
            windows_path:
        """)
    assert templates["paths"]["a"]["root_name"] == "main"
    assert templates["paths"]["b"]["root_name"] == "caches"
    assert project["roots"]["main"]["linux"] == "/mnt/main/demo"
    assert project["roots"]["main"]["windows"] == "M:\\main\\demo"
    assert project["roots"]["caches"] == "caches"
    assert any("roots.caches: no" in str(note) for note in notes)


def test_no_roots_file_means_one_primary_root(tmpdir):
    (templates, project, _, _), _ = convert(tmpdir, "keys: {}\npaths: {a: x/y}\n")
    assert project["roots"] == {"primary": "."}
    assert "root_name" not in templates["paths"]["a"]


# -- folder schema ----------------------------------------------------------------

def test_the_schema_of_the_default_root_of_several(tmpdir):
    config = tmpdir.join("tk")
    write(config, "core/templates.yml", "keys: {}\n")
    write(config, "core/roots.yml", """\
        prod: {linux_path: /mnt/prod, default: true}
        textures: {linux_path: /mnt/tex}
        """)
    write(config, "core/schema/prod.yml", "type: project\nroot_name: prod\n")
    write(config, "core/schema/textures.yml", "type: project\nroot_name: textures\n")
    write(config, "core/schema/prod/shots/shot.yml", """\
        type: shotgun_entity
        entity_type: Shot
        name: code
        filters: [{path: sg_sequence, relation: is, values: [$sequence]},
                  {path: sg_status_list, relation: is_not, values: [omt]}]
        """)
    write(config, "core/schema/ignore_files", "placeholder\n")
    write(config, "core/schema/prod/shots/shot/plates/placeholder", "")
    write(config, "core/schema/textures/tex/placeholder", "")
    notes = Notes()
    schema = convert_config(os.path.join(str(config), "core"), notes, "demo")[2]
    assert schema["root"] == "prod"
    shots = schema["folders"][0]
    assert shots["name"] == "shots"
    shot = shots["folders"][0]
    assert shot["type"] == "entity" and shot["name"] == "{code}"
    assert shot["filter"] == {"sequence": "$parent"}
    assert [f["name"] for f in shot["folders"]] == ["plates"]
    text = "\n".join(str(note) for note in notes)
    assert "textures.yml: schema/textures: the folders of root textures" in text
    assert "shot.yml:4: schema/prod/shots/shot: filter sg_status_list is_not" in text
    assert len(notes) == 2


# -- the whole import --------------------------------------------------------------

SMALL = """\
    keys:
        Shot: {type: str}
        maya_extension: {type: str, choices: [ma, mb], alias: extension}
    paths:
        shot_root: SHOTS/{Shot}
        work: '@shot_root/work/{Shot}.{maya_extension}'
    """


def test_cli_init_from_a_tk_config(tmpdir, capsys):
    config = tk_config(tmpdir, SMALL)
    target = str(tmpdir.join("show"))
    assert main(["init", target, "--from-tk-config", config, "--name", "demo",
                 "--root", "primary=%s" % tmpdir.join("data")]) == 0
    out = capsys.readouterr().out
    assert "2 path templates" in out and "1 thing(s) not carried over" in out
    assert "no folder schema in the tk config" in out
    from toolkit.config import load_project
    project = load_project(target)
    assert project.name == "demo" and project.roots["primary"] == str(tmpdir.join("data"))
    path = str(tmpdir.join("data", "shots", "SH1", "WORK", "SH1.MA"))
    assert project.templates.match_path(path) == (
        project.templates["work"], {"Shot": "SH1", "extension": "MA"})
    assert os.path.isfile(os.path.join(target, "config", "tk_import.txt"))


@pytest.mark.parametrize("extra, message", [
    (["--config", "x"], "exclude each other"),
    (["--root", "nonsense"], "NAME=PATH"),
    (["--root", "textures=/x"], "roots.yml does not define"),
])
def test_cli_refuses_bad_arguments_and_makes_nothing(tmpdir, capsys, extra, message):
    config = tk_config(tmpdir, SMALL)
    target = tmpdir.join("show")
    assert main(["init", str(target), "--from-tk-config", config] + extra) == 1
    assert message in capsys.readouterr().err
    assert not target.join("config").check()


def test_not_a_tk_config(tmpdir, capsys):
    assert main(["init", str(tmpdir.join("show")), "--from-tk-config", str(tmpdir)]) == 1
    assert "no core/templates.yml" in capsys.readouterr().err


def test_a_broken_tk_file_leaves_nothing_behind(tmpdir):
    config = tk_config(tmpdir, "keys: [unclosed\n")
    target = tmpdir.join("show")
    with pytest.raises(ReelkitError):
        import_tk_config(config, str(target))
    assert not target.check()


def test_an_existing_project_is_not_overwritten(tmpdir):
    config = tk_config(tmpdir, SMALL)
    target = str(tmpdir.join("show"))
    import_tk_config(config, target)
    with pytest.raises(ReelkitError) as info:
        import_tk_config(config, target)
    assert "already exists" in str(info.value)
