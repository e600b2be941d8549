"""Template-level features a ShotGrid Toolkit config needs, each a fault of
issue #13 (written before the fix, failing on the tree before it):

* key names holding dots (``nuke.output``), with and without an alias;
* ``@shot_root/work/...`` (a reference followed by more text) expanded, and an
  ``@`` that resolves to nothing refused with file and line;
* ``shotgun_entity_type`` / ``shotgun_field_name`` carried as key metadata;
* a ``<UDIM>`` (or ``$UDIM``) default on a sequence key;
* frame numbers without padding (``strict_matching: false`` on a sequence key);
* letter case ignored in fixed text (``ignore_case`` on a template) and in
  choices (``ignore_case`` on a key), both off by default.
"""

import io
import os
import textwrap

import pytest
import six

from toolkit.errors import ConfigError, FieldError
from toolkit.templates import TemplateSet

ROOT = "/mnt/show"


def load(tmpdir, text):
    path = os.path.join(str(tmpdir), "templates.yml")
    with io.open(path, "w", encoding="utf-8") as handle:
        handle.write(six.text_type(textwrap.dedent(text)))
    return TemplateSet.from_file(path, {"primary": ROOT})


def load_error(tmpdir, text):
    with pytest.raises(ConfigError) as info:
        load(tmpdir, text)
    return info.value


# -- dotted key names --------------------------------------------------------

DOTTED = """\
keys:
  Shot: {type: str, filter_by: alphanumeric}
  version: {type: int, format_spec: "03"}
  nuke.output: {type: str, filter_by: alphanumeric, alias: output}
  flame.frame: {type: sequence, format_spec: "08"}
  afx.mov.ext:
    type: str
    choices: {mov: Quicktime, avi: AVI}
paths:
  render: shots/{Shot}/{Shot}_{nuke.output}_v{version}.{flame.frame}.dpx
  movie: shots/{Shot}/review/{Shot}_{nuke.output}.{afx.mov.ext}
strings:
  label: "{Shot} {nuke.output}"
"""


def test_dotted_key_names_load_and_resolve_both_ways(tmpdir):
    tset = load(tmpdir, DOTTED)
    assert tset.keys["nuke.output"].field == "output"
    render = tset["render"]
    fields = {"Shot": "SH010", "output": "beauty", "version": 3, "flame.frame": 1001}
    path = render.apply_fields(fields)
    assert path == ROOT + "/shots/SH010/SH010_beauty_v003.00001001.dpx"
    assert render.get_fields(path) == fields
    assert tset.match_path(path) == (render, fields)
    movie = tset["movie"].apply_fields({"Shot": "SH010", "output": "beauty", "afx.mov.ext": "mov"})
    assert tset.match_path(movie)[1]["afx.mov.ext"] == "mov"
    assert tset["label"].get_fields("SH010 beauty") == {"Shot": "SH010", "output": "beauty"}


def test_a_dotted_key_repeated_in_a_template_must_agree(tmpdir):
    tset = load(tmpdir, """\
        keys:
          flame.clip: {type: str, filter_by: alphanumeric}
        paths:
          clip: clips/{flame.clip}/{flame.clip}.clip
        """)
    assert tset["clip"].get_fields(ROOT + "/clips/a1/a1.clip") == {"flame.clip": "a1"}
    assert not tset["clip"].validate(ROOT + "/clips/a1/b2.clip")


@pytest.mark.parametrize("name", ["nuke..output", ".output", "nuke.", "nuke output"])
def test_key_names_still_refuse_empty_dotted_parts_and_spaces(tmpdir, name):
    error = load_error(tmpdir, """\
        keys:
          "%s": {type: str}
        paths:
          a: x/{%s}.ma
        """ % (name, name))
    assert "paths.a" in str(error) or "keys." in str(error)


# -- @references followed by more text --------------------------------------

def test_a_reference_followed_by_text_is_expanded(tmpdir):
    tset = load(tmpdir, """\
        keys:
          Sequence: {type: str}
          Shot: {type: str}
          name: {type: str, filter_by: alphanumeric}
        paths:
          shot_root: sequences/{Sequence}/{Shot}
          shot_work_root: '@shot_root/work'
          maya_work:
            definition: '@shot_work_root/maya/{name}.ma'
        strings:
          nice: '{name}'
          nice_ext: '@nice.{name}'
        """)
    assert tset["maya_work"].definition == "sequences/{Sequence}/{Shot}/work/maya/{name}.ma"
    path = ROOT + "/sequences/SQ1/SH1/work/maya/hero.ma"
    assert tset.template_from_path(path) is tset["maya_work"]
    assert tset["nice_ext"].definition == "{name}.{name}"


def test_the_longest_template_name_wins_as_in_tk(tmpdir):
    tset = load(tmpdir, """\
        keys:
          Shot: {type: str}
        paths:
          shot: shots/{Shot}
          shot_root: roots/{Shot}
          work: '@shot_root/work'
        """)
    assert tset["work"].definition == "roots/{Shot}/work"


def test_double_at_is_a_literal_at(tmpdir):
    tset = load(tmpdir, """\
        keys:
          Shot: {type: str}
        paths:
          mail: 'shots/{Shot}/x@@y/file.txt'
        """)
    assert tset["mail"].definition == "shots/{Shot}/x@y/file.txt"


def test_a_reference_to_nothing_names_file_and_line(tmpdir):
    error = load_error(tmpdir, """\
        keys:
          Shot: {type: str}
        paths:
          shot_root: shots/{Shot}
          work: 'x/{Shot}'
          broken: '@shto_root/work/{Shot}.ma'
        """)
    assert error.line == 6
    assert os.path.basename(str(error.path)) == "templates.yml"
    assert "paths.broken" in str(error) and "@shto_root" in str(error)


def test_an_at_inside_a_definition_must_resolve_too(tmpdir):
    error = load_error(tmpdir, """\
        keys:
          Shot: {type: str}
        paths:
          mail: 'shots/{Shot}/user@studio/file.txt'
        """)
    assert error.line == 4 and "@studio" in str(error)


def test_a_reference_cycle_is_refused(tmpdir):
    error = load_error(tmpdir, """\
        paths:
          a: '@b/x'
          b: '@a/y'
        """)
    assert "cycle" in str(error)


# -- shotgun_entity_type / shotgun_field_name --------------------------------

def test_shotgun_field_options_are_carried_as_metadata(tmpdir):
    tset = load(tmpdir, """\
        keys:
          asset_name: {type: str, shotgun_entity_type: Asset, shotgun_field_name: code}
          task_name: {type: str, shotgun_entity_type: Task}
        strings:
          label: '{asset_name} {task_name}'
        """)
    assert tset.keys["asset_name"].metadata == {"shotgun_entity_type": "Asset",
                                                "shotgun_field_name": "code"}
    assert tset.keys["task_name"].metadata == {"shotgun_entity_type": "Task"}
    assert tset["label"].apply_fields({"asset_name": "hero", "task_name": "model"}) == \
        "hero model"


def test_a_shotgun_field_without_its_entity_type_is_refused(tmpdir):
    error = load_error(tmpdir, """\
        keys:
          asset_name: {type: str, shotgun_field_name: code}
        """)
    assert error.line == 2 and "shotgun_entity_type" in str(error)


# -- UDIM ---------------------------------------------------------------------

def test_a_udim_default_on_a_sequence_key(tmpdir):
    tset = load(tmpdir, """\
        keys:
          name: {type: str, filter_by: alphanumeric}
          UDIM: {type: sequence, default: "<UDIM>"}
        paths:
          texture: textures/{name}.{UDIM}.tif
        """)
    texture = tset["texture"]
    assert texture.apply_fields({"name": "diffuse"}) == ROOT + "/textures/diffuse.<UDIM>.tif"
    assert texture.apply_fields({"name": "diffuse", "UDIM": 1012}) == \
        ROOT + "/textures/diffuse.1012.tif"
    assert texture.apply_fields({"name": "d", "UDIM": "FORMAT: $UDIM"}) == \
        ROOT + "/textures/d.$UDIM.tif"
    assert texture.get_fields(ROOT + "/textures/diffuse.<UDIM>.tif")["UDIM"] == "<UDIM>"
    assert texture.get_fields(ROOT + "/textures/diffuse.$UDIM.tif")["UDIM"] == "$UDIM"
    assert tset.match_path(ROOT + "/textures/diffuse.1001.tif")[1]["UDIM"] == 1001


# -- unpadded frames ----------------------------------------------------------

FRAMES = """\
keys:
  SEQ: {type: sequence, format_spec: "04"%s}
paths:
  frames: renders/beauty.{SEQ}.exr
"""


def test_unpadded_frames_are_read_when_strict_matching_is_off(tmpdir):
    tset = load(tmpdir, FRAMES % ", strict_matching: false")
    for text, frame in (("1", 1), ("01", 1), ("0001", 1), ("12345", 12345)):
        path = ROOT + "/renders/beauty.%s.exr" % text
        assert tset.match_path(path) == (tset["frames"], {"SEQ": frame})
    assert tset["frames"].apply_fields({"SEQ": 7}) == ROOT + "/renders/beauty.0007.exr"


def test_frames_are_strict_by_default(tmpdir):
    tset = load(tmpdir, FRAMES % "")
    assert tset.match_path(ROOT + "/renders/beauty.1.exr") == (None, None)
    assert tset.match_path(ROOT + "/renders/beauty.0001.exr")[1] == {"SEQ": 1}


# -- letter case --------------------------------------------------------------

CASE = """\
keys:
  Sequence: {type: str, filter_by: "[a-z0-9]+"}
  name: {type: str, filter_by: alphanumeric}
  maya_extension:
    type: str
    choices: {ma: Maya Ascii, mb: Maya Binary}
    alias: extension%(key)s
paths:
  work:
    definition: sequences/{Sequence}/work/{name}.{maya_extension}%(template)s
  other: elsewhere/{Sequence}/{name}.txt
"""


def case_set(tmpdir, key=False, template=False):
    return load(tmpdir, CASE % {"key": "\n    ignore_case: true" if key else "",
                                "template": "\n    ignore_case: true" if template else ""})


def test_fixed_text_and_choices_are_case_sensitive_by_default(tmpdir):
    tset = case_set(tmpdir)
    assert tset.match_path(ROOT + "/SEQUENCES/sq1/WORK/hero.ma") == (None, None)
    assert tset.match_path(ROOT + "/sequences/sq1/work/hero.MA") == (None, None)
    with pytest.raises(FieldError):
        tset["work"].apply_fields({"Sequence": "sq1", "name": "hero", "extension": "MA"})


def test_ignore_case_on_a_template_matches_fixed_text_in_any_case(tmpdir):
    tset = case_set(tmpdir, template=True)
    work = tset["work"]
    path = ROOT + "/SEQUENCES/sq1/Work/hero.ma"
    assert tset.match_path(path) == (work, {"Sequence": "sq1", "name": "hero",
                                            "extension": "ma"})
    assert tset.templates_from_path(path) == [work]
    assert work.get_fields(path)["Sequence"] == "sq1"
    # key values keep their own rules: the filter is lower case only
    assert not work.validate(ROOT + "/sequences/SQ1/work/hero.ma")
    # other templates are untouched
    assert tset.match_path(ROOT + "/ELSEWHERE/sq1/hero.txt") == (None, None)
    # writing uses the definition's spelling
    assert work.apply_fields({"Sequence": "sq1", "name": "hero", "extension": "ma"}) == \
        ROOT + "/sequences/sq1/work/hero.ma"


def test_ignore_case_on_a_key_matches_choices_in_any_case(tmpdir):
    tset = case_set(tmpdir, key=True)
    work = tset["work"]
    fields = tset.match_path(ROOT + "/sequences/sq1/work/hero.MA")[1]
    assert fields["extension"] == "MA"   # as tk: the path's text, not the choice
    assert work.apply_fields({"Sequence": "sq1", "name": "hero", "extension": "Mb"}) == \
        ROOT + "/sequences/sq1/work/hero.Mb"
    with pytest.raises(FieldError):
        work.apply_fields({"Sequence": "sq1", "name": "hero", "extension": "obj"})


def test_ignore_case_must_be_a_boolean(tmpdir):
    error = load_error(tmpdir, CASE % {"key": "", "template": "\n    ignore_case: yes please"})
    assert "ignore_case" in str(error)
