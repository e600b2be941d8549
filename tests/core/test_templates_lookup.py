"""Finding templates from paths (ranking rule, optional sections) and listing files."""

import io
import os
from collections import OrderedDict

import pytest

from toolkit.errors import FieldError
from toolkit.templates import TemplateSet

KEYS = OrderedDict([
    ("Sequence", {"type": "str", "filter_by": "alphanumeric"}),
    ("Shot", {"type": "str", "filter_by": "alphanumeric"}),
    ("Step", {"type": "str", "choices": ["anim", "comp"]}),
    ("name", {"type": "str", "filter_by": "alphanumeric"}),
    ("label", {"type": "str"}),
    ("version", {"type": "int", "format_spec": "03"}),
    ("SEQ", {"type": "sequence", "format_spec": "04"}),
    ("HSEQ", {"type": "sequence", "format_spec": "04", "spelling": "$F"}),
    ("eye", {"type": "str", "choices": ["left", "right"], "abstract": True}),
])


def make(paths, root):
    return TemplateSet.from_data({"keys": KEYS, "paths": paths}, {"primary": root})


def p(root, *parts):
    return os.path.join(root, *parts)


ROOT = os.path.join(os.sep, "show")


def spy_on_get_fields(tset):
    """Record the name of every template whose full regex (``get_fields``) runs."""
    calls = []
    for template in tset.paths.values():
        original = template.get_fields

        def spy(path, _original=original, _name=template.name):
            calls.append(_name)
            return _original(path)
        template.get_fields = spy
    return calls

def test_overlapping_templates_ranked_by_fixed_characters_then_keys_then_name():
    tset = make(OrderedDict([
        ("any_file", "shots/{Shot}/{label}"),
        ("any_ma", "shots/{Shot}/{label}.ma"),
        ("work", "shots/{Shot}/{Shot}_v{version}.ma"),
        ("b_named", "shots/{Shot}/{name}.ma"),
        ("a_named", "shots/{Shot}/{name}.ma"),
        ("comp_work", "shots/{Shot}/comp_v{version}.ma"),
    ]), ROOT)
    path = p(ROOT, "shots", "SH1", "SH1_v002.ma")
    names = [t.name for t in tset.templates_from_path(path)]
    # work has the most fixed characters; {name} cannot hold "_"
    assert names == ["work", "any_ma", "any_file"]
    assert tset.template_from_path(path).name == "work"
    comp = p(ROOT, "shots", "SH1", "comp_v002.ma")
    # {name} is alphanumeric: "comp_v002" is not a name
    assert [t.name for t in tset.templates_from_path(comp)] == ["comp_work", "any_ma", "any_file"]
    # a tie on fixed characters and keys: the name decides
    assert [t.name for t in tset.templates_from_path(p(ROOT, "shots", "SH1", "x.ma"))] == [
        "a_named", "any_ma", "b_named", "any_file"]
    assert tset.template_from_path(p(ROOT, "shots", "SH1", "x.txt")).name == "any_file"
    assert tset.template_from_path(p(ROOT, "elsewhere", "SH1", "x.ma")) is None
    assert tset.template_from_path(os.path.join(os.sep, "other", "shots", "SH1", "x.ma")) is None


def test_fewest_keys_breaks_ties():
    tset = make(OrderedDict([("two", "s/{Shot}{name}.ma"), ("one", "s/{label}.ma")]), ROOT)
    assert [t.name for t in tset.templates_from_path(p(ROOT, "s", "ab.ma"))] == ["one", "two"]


def test_lookup_with_optional_sections_and_folders():
    tset = make(OrderedDict([
        ("render", "r/{Shot}/[{eye}/]{Shot}[_{name}].{SEQ}.exr"),
        ("shot", "r/{Shot}"),
        ("eye_folder", "r/{Shot}/{eye}"),
    ]), ROOT)
    for parts in (("r", "SH1", "SH1.1001.exr"), ("r", "SH1", "left", "SH1_hero.%04d.exr"),
                  ("r", "SH1", "SH1_hero.####.exr")):
        found, fields = tset.match_path(p(ROOT, *parts))
        assert found.name == "render"
        assert fields["Shot"] == "SH1"
    assert tset.template_from_path(p(ROOT, "r", "SH1")).name == "shot"
    assert tset.template_from_path(p(ROOT, "r", "SH1", "right")).name == "eye_folder"
    assert tset.match_path(p(ROOT, "r", "SH1", "up", "SH1.1001.exr")) == (None, None)


def test_lookup_does_not_try_every_template(monkeypatch):
    """Templates under other literal folders are never regex-tested."""
    from toolkit.templates import index
    paths = OrderedDict(("t%03d" % i, "f%03d/{Shot}_v{version}.ma" % i) for i in range(300))
    tset = make(paths, ROOT)
    calls = spy_on_get_fields(tset)
    make_reader = index._Leaf.make_reader

    def make_spy(leaf):
        reader = make_reader(leaf)

        def spy(captured):
            calls.append(leaf.template.name)
            return reader(captured)
        leaf.reader = spy
        return spy
    monkeypatch.setattr(index._Leaf, "make_reader", make_spy)
    assert tset.template_from_path(p(ROOT, "f123", "SH1_v001.ma")).name == "t123"
    assert calls == ["t123"]


KEYS_AND_LOOSE = OrderedDict(KEYS, note={"type": "str"},
                             loose={"type": "str", "filter_by": ".+?"},
                             code={"type": "str", "filter_by": "[A-Z][A-Z0-9]*?"},
                             stamp={"type": "timestamp", "format_spec": "%Y%m%d"})


def test_fields_read_during_the_walk_are_those_of_get_fields():
    tset = TemplateSet.from_data({"keys": KEYS_AND_LOOSE, "paths": OrderedDict([
        ("render", "r/{Shot}/[{eye}/]{Shot}[_{name}][_{eye}].{SEQ}.exr"),
        ("labels", "l/{label}_{Sequence}/{label}.ma"),
        ("pair", "q/{label}_{note}/{label}.ma"),
        ("twice", "t/{Shot}/{Shot}_v{version}.ma"),
        ("free", "f/{label}/{label}_{name}_v{version}.ma"),
        ("loose", "x/{loose}/{Shot}.ma"),
        ("coded", "c/{code}_{name}/{code}.{stamp}.ma"),
    ])}, {"primary": ROOT})
    cases = [
        (("r", "SH1", "SH1.1001.exr"), True),
        (("r", "SH1", "left", "SH1_hero_left.%04d.exr"), True),
        (("r", "SH1", "left", "SH1_left.1001.exr"), True),
        (("r", "SH1", "SH1_left.####.exr"), True),
        (("r", "SH1", "left", "SH1_hero_right.1001.exr"), False),   # eye differs
        (("l", "a_b_c", "a_b.ma"), True),
        (("l", "a_b_c", "a.ma"), False),      # {Sequence} cannot hold "b_c"
        # the folder alone reads label "a"; only the whole regex finds "a_b"
        (("q", "a_b_c", "a_b.ma"), True),
        (("t", "SH1", "SH1_v001.ma"), True),
        (("t", "SH1", "SH2_v001.ma"), False),
        (("f", "a_b", "a_b_c_v001.ma"), True),
        (("f", "a.b", "a.b_n_v010.ma"), True),
        (("x", "deep", "SH1.ma"), True),
        (("c", "AB1_x", "AB1.20240131.ma"), True),
        (("c", "AB1_x", "AB1.20241331.ma"), False),   # month 13
        (("r", "..", "SH1.1001.exr"), False),
        (("r", "SH1", "..", "SH1.1001.exr"), False),
    ]
    for parts, matches in cases:
        path = p(ROOT, *parts)
        found = tset.index.lookup(path)
        assert bool(found) == matches, path
        for template, fields in found:
            assert fields == template.get_fields(path), path
        for template in tset.paths.values():
            if template not in [t for t, _ in found]:
                assert not template.validate(path), (template.name, path)
    assert tset.match_path(p(ROOT, "t", "SH1", "SH1_v001.ma"))[1] == {"Shot": "SH1", "version": 1}
    assert tset.match_path(p(ROOT, "q", "a_b_c", "a_b.ma"))[1] == {"label": "a_b", "note": "c"}


def test_a_key_that_may_match_a_slash_is_read_by_the_template_regex(monkeypatch):
    tset = TemplateSet.from_data({"keys": KEYS_AND_LOOSE, "paths": {
        "loose": "x/{loose}/{Shot}.ma", "coded": "c/{code}/{code}.ma"}}, {"primary": ROOT})
    assert tset["loose"].keys["loose"].may_span_folders
    assert not tset["coded"].keys["code"].may_span_folders
    calls = spy_on_get_fields(tset)
    assert tset.match_path(p(ROOT, "x", "a", "SH1.ma"))[0].name == "loose"
    assert tset.match_path(p(ROOT, "c", "AB", "AB.ma"))[0].name == "coded"
    assert calls == ["loose"]


def test_lookup_is_the_same_with_a_cold_or_warm_cache():
    tset = make({"work": "shots/{Shot}/work/{Shot}[_{name}]_v{version}.ma"}, ROOT)
    path = p(ROOT, "shots", "SH1", "work", "SH1_hero_v002.ma")
    first = tset.match_path(path)
    assert tset.match_path(path) == first
    tset.index.clear_cache()
    assert tset.match_path(path) == first
    assert first[1] == {"Shot": "SH1", "name": "hero", "version": 2}



def test_a_folder_read_two_ways_is_walked_both_ways_cold_and_warm():
    """``maya`` is a literal folder of one template and a {label} of another."""
    tset = make(OrderedDict([
        ("dcc", "w/maya/{Shot}_v{version}.ma"),
        ("user", "w/{label}/{Shot}_v{version}.ma"),
        ("user_scene", "w/{label}/scenes/{name}.ma"),
    ]), ROOT)
    path = p(ROOT, "w", "maya", "SH1_v003.ma")
    scene = p(ROOT, "w", "maya", "scenes", "a.ma")
    for _ in range(2):  # cold, then warm
        tset.index.clear_cache()
        for _ in range(2):
            assert [(t.name, f) for t, f in tset.index.lookup(path)] == [
                ("dcc", {"Shot": "SH1", "version": 3}),
                ("user", {"label": "maya", "Shot": "SH1", "version": 3})]
            assert tset.match_path(scene) == (tset["user_scene"], {"label": "maya", "name": "a"})
            assert tset.match_path(p(ROOT, "w", "maya", "scenes", "a.mb")) == (None, None)


def test_file_names_are_told_apart_by_extension_and_pattern():
    tset = make(OrderedDict([
        ("ma", "f/{Shot}_v{version}.ma"),
        ("ma_named", "f/{Shot}_{name}_v{version}.ma"),
        ("exr", "f/{Shot}.{SEQ}.exr"),
        ("folder", "f/{label}"),
    ]), ROOT)
    for _ in range(2):
        assert tset.match_path(p(ROOT, "f", "SH1_v001.ma"))[0].name == "ma"
        assert tset.match_path(p(ROOT, "f", "SH1_hero_v001.ma"))[0].name == "ma_named"
        assert tset.match_path(p(ROOT, "f", "SH1.1001.exr")) == (tset["exr"], {"Shot": "SH1",
                                                                            "SEQ": 1001})
        # no dot, or the extension alone: no file template, only the folder one
        for name in ("exr", "ma", "SH1_v001ma", ".exr"):
            assert [t.name for t in tset.templates_from_path(p(ROOT, "f", name))] == ["folder"]
        assert tset.match_path(p(ROOT, "f", "SH1_v001.mb"))[0].name == "folder"


def test_templates_added_after_lookups_are_found(monkeypatch):
    from toolkit.templates.index import PathIndex
    tset = make(OrderedDict([
        ("work", "s/{Shot}/work/{Shot}_v{version}.ma"),
        ("named", "s/{Shot}/work/{Shot}_{name}_v{version}.ma"),
        ("cache", "s/{Shot}/cache/{Shot}.abc"),
        ("any", "s/{Shot}/{label}/{Shot}.abc"),
    ]), ROOT)
    index = PathIndex([tset["work"]])
    work = p(ROOT, "s", "SH1", "work", "SH1_v002.ma")
    named = p(ROOT, "s", "SH1", "work", "SH1_hero_v002.ma")
    cache = p(ROOT, "s", "SH1", "cache", "SH1.abc")
    assert index.lookup(named) == [] and index.lookup(cache) == []
    for name in ("named", "cache", "any"):
        index.add(tset[name])   # patterns and literals joining nodes already walked
    assert [t.name for t, _ in index.lookup(work)] == ["work"]
    assert [t.name for t, _ in index.lookup(named)] == ["named"]
    assert [t.name for t, _ in index.lookup(cache)] == ["cache", "any"]


def test_remembered_steps_are_bounded(monkeypatch):
    from toolkit.templates import index
    monkeypatch.setattr(index, "_MEMO_SIZE", 4)
    monkeypatch.setattr(index, "_MAX_SHAPES", 0)   # every depth read by the trie
    tset = make({"work": "s/{Shot}/{Shot}_v{version}.ma", "shot": "s/{Shot}"}, ROOT)
    for round_ in range(2):
        for number in range(20):
            shot = "SH%d" % number
            path = p(ROOT, "s", shot, "%s_v%03d.ma" % (shot, number + round_))
            assert tset.match_path(path) == (tset["work"], {"Shot": shot,
                                                            "version": number + round_})
            assert tset.match_path(p(ROOT, "s", shot))[0].name == "shot"

    def sizes(node):
        yield len(node.memo)
        for child in node.literals.values():
            for size in sizes(child):
                yield size
        for pattern in node.patterns.values():
            for size in sizes(pattern.node):
                yield size
    assert max(max(sizes(root.trie)) for _, root in tset.index._ordered) <= 4


MIXED = OrderedDict([
    ("render", "r/{Shot}/[{eye}/]{Shot}[_{name}][_{eye}].{SEQ}.exr"),
    ("shot", "r/{Shot}"),
    ("eye_folder", "r/{Shot}/{eye}"),
    ("dcc", "w/maya/{Shot}_v{version}.ma"),
    ("user", "w/{label}/{Shot}_v{version}.ma"),
    ("user_scene", "w/{label}/scenes/{name}.ma"),
    ("work", "s/{Shot}/work/{Shot}[_{name}]_v{version}.ma"),
    ("twice", "t/{Shot}/{Shot}_v{version}.ma"),
    ("pair", "q/{label}_{note}/{label}.ma"),
    ("loose", "x/{loose}/{Shot}.ma"),
    ("coded", "c/{code}_{name}/{code}.{stamp}.ma"),
    ("any_file", "s/{Shot}/{label}/{label}"),
])

MIXED_PATHS = [
    ("r", "SH1"), ("r", "SH1", "left"), ("r", "SH1", "SH1.1001.exr"),
    ("r", "SH1", "left", "SH1_hero_left.%04d.exr"), ("r", "SH1", "SH1_left.####.exr"),
    ("r", "SH1", "left", "SH1_hero_right.1001.exr"), ("r", "SH1", "up", "SH1.1001.exr"),
    ("w", "maya", "SH1_v003.ma"), ("w", "maya", "scenes", "a.ma"), ("w", "nuke", "SH1_v003.ma"),
    ("s", "SH1", "work", "SH1_v002.ma"), ("s", "SH1", "work", "SH1_hero_v002.ma"),
    ("s", "SH1", "work", "SH2_v002.ma"), ("s", "SH1", "cache", "x"),
    ("t", "SH1", "SH1_v001.ma"), ("t", "SH1", "SH2_v001.ma"),
    ("q", "a_b_c", "a_b.ma"), ("x", "deep", "SH1.ma"),
    ("c", "AB1_x", "AB1.20240131.ma"), ("c", "AB1_x", "AB1.20241331.ma"),
    ("r", "..", "SH1.1001.exr"), ("s", "SH1", "work", ""), ("nothing",), ("w",),
]


def _answers(tset, path):
    found, fields = tset.match_path(path)
    return ([(t.name, f) for t, f in tset.index.lookup(path)],
            [t.name for t in tset.index.candidates(path)],
            (found and found.name, fields))


def test_literal_folder_index_and_trie_agree_on_a_mixed_config(monkeypatch):
    """The same config read by literal skeleton (the default) and by the trie alone."""
    from toolkit.templates import index
    data = {"keys": KEYS_AND_LOOSE, "paths": MIXED}
    by_skeleton = TemplateSet.from_data(data, {"primary": ROOT})
    assert all(road is not None for road in by_skeleton.index._ordered[0][1].roads.values())
    monkeypatch.setattr(index, "_MAX_SHAPES", 0)
    by_trie = TemplateSet.from_data(data, {"primary": ROOT})
    assert set(by_trie.index._ordered[0][1].roads.values()) == set([None])
    matched = 0
    for parts in MIXED_PATHS:
        path = p(ROOT, *parts)
        for spelling in (path, path.replace(os.sep, "\\")):
            by_trie.index.clear_cache()
            assert _answers(by_skeleton, spelling) == _answers(by_trie, spelling), spelling
        names = [t.name for t, _ in by_skeleton.index.lookup(path)]
        matched += bool(names)
        for template in by_skeleton.paths.values():   # what every template's regex says
            assert template.validate(path) == (template.name in names), (template.name, path)
    assert matched == 14


def test_a_depth_of_many_shapes_is_read_by_the_trie():
    """Literal folders at every other place: too many shapes to look up each."""
    keys = ("Sequence", "Shot", "label", "note")   # one per place
    paths = OrderedDict()
    for number in range(16):   # every choice of literal or key for 4 folders
        parts = [("lit%d" % place) if number & (1 << place) else "{%s}" % keys[place]
                 for place in range(4)]
        paths["t%02d" % number] = "d/%s/{name}_v{version}.ma" % "/".join(parts)
    paths["shallow"] = "d/{Shot}/{name}_v{version}.ma"
    tset = TemplateSet.from_data({"keys": KEYS_AND_LOOSE, "paths": paths}, {"primary": ROOT})
    roads = tset.index._ordered[0][1].roads
    assert roads[6] is None and roads[3] is not None
    for number in range(16):
        literal = [bool(number & (1 << place)) for place in range(4)]
        parts = ["lit%d" % place if literal[place] else "X%d" % place for place in range(4)]
        path = p(ROOT, "d", *(parts + ["a_v001.ma"]))
        # every template with a key where this path has "lit.." matches too:
        # most literal folders first, then fewest keys, then name
        expected = sorted((t for t in tset.paths.values() if t.validate(path)),
                          key=lambda t: (-t.definition.count("lit"), len(t.keys), t.name))
        assert [t.name for t in tset.templates_from_path(path)] == [t.name for t in expected]
        assert expected[0].name == "t%02d" % number
        fields = dict((keys[place], parts[place]) for place in range(4) if not literal[place])
        fields.update(name="a", version=1)
        assert tset.match_path(path) == (tset["t%02d" % number], fields)
    assert tset.match_path(p(ROOT, "d", "X", "a_v002.ma")) == (
        tset["shallow"], {"Shot": "X", "name": "a", "version": 2})


def test_many_look_alike_variants_are_read_by_the_trie(monkeypatch):
    """One set of literal folders shared by more variants than the bound."""
    from toolkit.templates import index
    monkeypatch.setattr(index, "_MAX_VARIANTS", 3)
    paths = OrderedDict(("k%d" % n, "f/{Shot}_k%d_v{version}.ma" % n) for n in range(3))
    tset = make(paths, ROOT)
    assert tset.index._ordered[0][1].roads[2] is not None
    assert tset.match_path(p(ROOT, "f", "SH1_k2_v004.ma")) == (tset["k2"], {"Shot": "SH1",
                                                                           "version": 4})
    tset.index.add(TemplateSet.from_data({"keys": KEYS, "paths": {
        "k3": "f/{Shot}_k3_v{version}.ma"}}, {"primary": ROOT})["k3"])
    assert tset.index._ordered[0][1].roads[2] is None   # from now on the trie's
    for n in range(4):
        found, fields = tset.index.best(p(ROOT, "f", "SH1_k%d_v004.ma" % n))
        assert (found.name, fields) == ("k%d" % n, {"Shot": "SH1", "version": 4})
    assert tset.index.best(p(ROOT, "f", "SH1_k9_v004.ma")) is None


def test_variants_differing_only_by_a_literal_folder_share_one_regex():
    tset = make(OrderedDict(("w_%s" % step, "s/{Shot}/%s/{Shot}[_{name}]_v{version}.ma" % step)
                            for step in ("anim", "comp", "fx")), ROOT)
    tset.template_from_path(p(ROOT, "s", "SH1", "anim", "SH1_v001.ma"))
    assert len(tset.index._compiled) == 2   # with and without {name}
    for step in ("anim", "comp", "fx"):
        assert tset.match_path(p(ROOT, "s", "SH1", step, "SH1_a_v001.ma")) == (
            tset["w_%s" % step], {"Shot": "SH1", "name": "a", "version": 1})


# -- find_files ----------------------------------------------------------------

def touch(*parts):
    path = os.path.join(*parts)
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    io.open(path, "wb").close()
    return path


@pytest.fixture
def show(tmpdir):
    root = str(tmpdir)
    tset = make(OrderedDict([
        ("work", "shots/{Shot}/work/{Shot}[_{name}]_v{version}.ma"),
        ("render", "shots/{Shot}/render/v{version}/[{eye}/]{Shot}_v{version}.{SEQ}.exr"),
        ("hrender", "shots/{Shot}/houdini/{Shot}_v{version}.{HSEQ}.exr"),
    ]), root)
    for version in (1, 2, 10):
        touch(root, "shots", "SH1", "work", "SH1_v%03d.ma" % version)
    touch(root, "shots", "SH1", "work", "SH1_hero_v002.ma")
    touch(root, "shots", "SH1", "work", "SH1_v002.txt")
    touch(root, "shots", "SH2", "work", "SH2_v001.ma")
    for frame in (1001, 1002, 1003, 1005):
        touch(root, "shots", "SH1", "render", "v003", "SH1_v003.%04d.exr" % frame)
        touch(root, "shots", "SH1", "render", "v003", "left", "SH1_v003.%04d.exr" % frame)
        touch(root, "shots", "SH1", "houdini", "SH1_v003.%04d.exr" % frame)
    touch(root, "shots", "SH1", "render", "v004", "SH1_v004.0001.exr")
    return root, tset


def test_find_files_with_open_keys(show):
    root, tset = show
    work = tset["work"]
    found = work.find_files({"Shot": "SH1", "version": 2}, skip_keys=("version",))
    assert found == sorted(p(root, "shots", "SH1", "work", name) for name in
                           ("SH1_v001.ma", "SH1_v002.ma", "SH1_v010.ma", "SH1_hero_v002.ma"))
    assert work.find_files({"Shot": "SH1", "version": 2}) == sorted(
        [p(root, "shots", "SH1", "work", "SH1_v002.ma"),
         p(root, "shots", "SH1", "work", "SH1_hero_v002.ma")])
    assert work.find_files({"Shot": "SH1", "name": "hero"}) == [
        p(root, "shots", "SH1", "work", "SH1_hero_v002.ma")]
    assert len(work.find_files({})) == 5
    assert work.find_files({"Shot": "SH3"}) == []


def test_find_files_groups_sequences(show):
    root, tset = show
    render = tset["render"]
    found = render.find_sequences({"Shot": "SH1", "version": 3})
    folder = p(root, "shots", "SH1", "render", "v003")
    assert [path for path, _ in found] == [p(folder, "SH1_v003.%04d.exr"),
                                           p(folder, "left", "SH1_v003.%04d.exr")]
    assert [str(frames) for _, frames in found] == ["1001-1003,1005", "1001-1003,1005"]
    # the field may ask for another host's spelling
    assert render.find_files({"Shot": "SH1", "version": 3, "eye": "left", "SEQ": "FORMAT: #"}) \
        == [p(folder, "SH1_v003.####.exr"), p(folder, "left", "SH1_v003.####.exr")]
    everything = render.find_files({"Shot": "SH1"})
    assert p(root, "shots", "SH1", "render", "v004", "SH1_v004.%04d.exr") in everything
    assert len(everything) == 3
    # a key's own spelling
    assert tset["hrender"].find_files({"Shot": "SH1"}) == [
        p(root, "shots", "SH1", "houdini", "SH1_v003.$F4.exr")]


def test_find_files_refuses_bad_fields(show):
    root, tset = show
    with pytest.raises(FieldError):
        tset["work"].find_files({"Shot": "../SH1"})
