"""Templates compile only what a lookup needs, and answer as if everything were compiled.

A process's first lookup used to compile a regular expression for every
template and every variant; now a template compiles its own regex the first
time it reads text, and the path index compiles a variant's regex the first
time a lookup reaches it through its literal folders (a trie node's patterns
the first time a walk steps there). These tests count what is compiled, and
compare every answer with a set compiled up front (``compile_all``) and with
the naive reading (every template's own regex) on a generated studio config.
"""

import datetime
import os
import random
import re
import sys
from collections import OrderedDict

import pytest

from toolkit.errors import TemplateError
from toolkit.templates import TemplateSet
from toolkit.templates.keys import IntegerKey, SequenceKey, TimestampKey

ROOT_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT_DIR, "bench"))
from studio_config import studio_templates  # noqa: E402

ROOT = os.path.join(os.sep, "mnt", "show")


@pytest.fixture
def compiled(monkeypatch):
    """The pattern text of every ``re.compile`` call from now on."""
    seen = []
    original = re.compile

    def spy(pattern, flags=0):
        seen.append(pattern)
        return original(pattern, flags)
    re.purge()
    monkeypatch.setattr(re, "compile", spy)
    return seen


def studio(count=150):
    return TemplateSet.from_data(studio_templates(count), {"primary": ROOT})


def test_loading_a_config_compiles_no_template_regex(compiled):
    keys_only = studio_templates(150)
    keys_only["paths"], keys_only["strings"] = {}, {}
    TemplateSet.from_data(keys_only, {"primary": ROOT})  # once-per-process set-up done
    del compiled[:]
    TemplateSet.from_data(keys_only, {"primary": ROOT})
    by_keys = list(compiled)   # what the keys compile for themselves
    del compiled[:]
    tset = studio()
    assert len(tset.paths) == 150
    assert compiled == by_keys
    del compiled[:]
    tset.index  # the index is built without compiling either
    assert compiled == []


def test_a_lookup_compiles_only_the_variants_its_literal_folders_point_at(compiled):
    tset = studio()
    del compiled[:]
    path = os.path.join(ROOT, "sequences", "SQ010", "SH010", "anim", "work", "maya",
                        "SH010_main_v003.ma")
    found, fields = tset.match_path(path)
    assert found.name == "maya_shot_work"
    assert fields == {"Sequence": "SQ010", "Shot": "SH010", "Step": "anim", "name": "main",
                      "version": 3, "extension": "ma"}
    # maya_shot_work without the sandbox folder, with and without {Task}: the
    # only variants written .../work/maya/... at that depth
    assert len(compiled) == 2
    assert all(text.endswith("\\Z") and "(?P<k0>" in text for text in compiled)
    # fields were read from the captures: no template compiled its whole regex
    assert all(template._regex is None for template in tset)
    # a second lookup through the same folders compiles nothing more
    del compiled[:]
    tset.match_path(path.replace("SH010_main_v003", "SH010_fix_v004"))
    assert compiled == []


def test_a_lookup_indexes_only_the_depth_of_its_path():
    tset = studio()
    root = tset.index._ordered[0][1]
    depths = sorted(root.pending)
    assert len(depths) > 3 and not root.depths   # nothing indexed yet
    path = os.path.join(ROOT, "sequences", "SQ010", "SH010", "anim", "work", "maya",
                        "SH010_main_v003.ma")
    assert tset.match_path(path)[0].name == "maya_shot_work"
    assert list(root.depths) == [7]
    assert sorted(root.pending) == [d for d in depths if d != 7]
    # a template added now joins its waiting depth, or the indexed one at once
    extra = TemplateSet.from_data({"keys": studio_templates()["keys"], "paths": {
        "extra": "sequences/{Sequence}/{Shot}/{Step}/work/extra/{Shot}_v{version}.ma"}},
        {"primary": ROOT})["extra"]
    tset.index.add(extra)
    found = tset.match_path(os.path.join(ROOT, "sequences", "SQ1", "SH2", "fx", "work", "extra",
                                         "SH2_v004.ma"))
    assert (found[0], found[1]["version"]) == (extra, 4)


def test_get_fields_compiles_the_regex_of_its_own_template_only(compiled):
    tset = studio()
    del compiled[:]
    template = tset["nuke_shot_publish"]
    path = template.apply_fields({"Sequence": "SQ1", "Shot": "SH2", "Step": "comp",
                                  "name": "main", "version": 7})
    # writing compiles no template regex, only the filters of the keys it wrote
    assert set(compiled) <= set("(?:%s)\\Z" % key.pattern for key in template.keys.values())
    del compiled[:]
    assert template.get_fields(path)["version"] == 7
    assert len(compiled) == 1
    assert [t.name for t in tset if t._regex is not None] == ["nuke_shot_publish"]


def test_a_trie_depth_compiles_the_patterns_of_the_nodes_a_walk_reaches(compiled):
    # 20 file patterns in one literal folder: more look-alikes than the
    # literal-skeleton index tries one by one, so the trie reads that depth
    paths = OrderedDict(("lib_%02d" % n, "lib/{Asset}/{name}_x%02d.abc" % n)
                        for n in range(20))
    paths["other"] = "other/{Asset}/{name}.abc"
    tset = TemplateSet.from_data({"keys": {"Asset": {"type": "str", "filter_by": "alphanumeric"},
                                           "name": {"type": "str",
                                                    "filter_by": "alphanumeric"}},
                                  "paths": paths}, {"primary": ROOT})
    assert tset.index._ordered[0][1].roads[3] is None  # the trie's
    del compiled[:]
    found, fields = tset.match_path(os.path.join(ROOT, "lib", "chair", "main_x07.abc"))
    assert (found.name, fields) == ("lib_07", {"Asset": "chair", "name": "main"})
    # the Asset folder once, then the 20 file patterns beside each other; not
    # the patterns under other/
    assert len(compiled) == 21
    assert not any("other" in text for text in compiled)


def test_a_filter_that_cannot_be_combined_is_reported_with_its_template_at_first_use():
    # a named group in a custom filter, met twice in one regex
    tset = TemplateSet.from_data({
        "keys": {"code": {"type": "str", "filter_by": "(?P<c>[a-z]+)"},
                 "other": {"type": "str", "filter_by": "(?P<c>[a-z]+)"}},
        "paths": {"twice": "x/{code}_{other}.ma"}}, {"primary": ROOT}, source="templates.yml")
    with pytest.raises(TemplateError) as info:
        tset["twice"].get_fields(os.path.join(ROOT, "x", "ab_cd.ma"))
    assert "template twice" in str(info.value)
    assert "x/{code}_{other}.ma" in str(info.value)


# -- lazy and eager agree ------------------------------------------------------

def sample_value(key, rng):
    if isinstance(key, SequenceKey):
        return rng.choice([rng.randint(1, 2000), "FORMAT: %d", "FORMAT: #"])
    if isinstance(key, TimestampKey):
        return datetime.datetime(2024, rng.randint(1, 12), rng.randint(1, 28),
                                 rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59))
    if isinstance(key, IntegerKey):
        return rng.randint(1, 3000)
    if key.choices:
        return rng.choice(list(key.choices))
    return rng.choice(["SH010", "chair", "main", "jdoe", "fix-2", "a", "hero2"]) \
        if key.name not in ("HumanUser",) else rng.choice(["jdoe", "k.lee"])


def generated_paths(tset, count, seed):
    """Paths written from random fields of random templates, and near misses
    (a character changed, a folder dropped or doubled)."""
    rng = random.Random(seed)
    templates = list(tset.paths.values())
    paths = []
    while len(paths) < count:
        template = rng.choice(templates)
        fields = {}
        for field, key in template.keys.items():
            if field in template._required or rng.random() < 0.5:
                fields[field] = sample_value(key, rng)
        try:
            path = template.apply_fields(fields)
        except TemplateError:
            continue  # a value this key refuses (a Task with a '.', say)
        paths.append(path)
        parts = path.split(os.sep)
        where = rng.randrange(len(ROOT.split(os.sep)), len(parts))
        mutated = list(parts)
        choice = rng.random()
        if choice < 0.3:
            del mutated[where]
        elif choice < 0.6:
            mutated.insert(where, mutated[where])
        else:
            text = mutated[where]
            spot = rng.randrange(len(text))
            mutated[where] = text[:spot] + rng.choice("_.x9/") + text[spot + 1:]
        paths.append(os.sep.join(mutated))
    return paths


def naive_templates_from_path(tset, path):
    """Every template whose own regex reads ``path``, best first by the rule of
    ``templates_from_path`` (most fixed characters, fewest keys, name)."""
    from toolkit.templates.definition import variant_texts, key_names_of
    found = []
    for template in tset.paths.values():
        try:
            fields = template.get_fields(path)
        except TemplateError:
            continue
        relative = template.relative_path(path)
        # the variant that matches is the one with the path's folder count and
        # most fixed text (optional sections are taken whenever they can be)
        best = None
        for text in variant_texts(template._tokens):
            if text.count("/") != relative.count("/"):
                continue
            names = key_names_of(text)
            rank = (-(len(template._read_prefix) + len(text) - sum(len(n) + 2 for n in names)),
                    len(names), template.name)
            if best is None or rank < best:
                best = rank
        found.append((best, template, fields))
    found.sort(key=lambda item: item[0])
    return [(template, fields) for _, template, fields in found]


@pytest.mark.parametrize("count", [60, 162])
def test_lazy_lookups_answer_as_an_eagerly_compiled_set_and_the_naive_reading(count):
    lazy = studio(count)
    eager = studio(count)
    eager.compile_all()
    assert all(template._regex is not None for template in eager)
    paths = generated_paths(lazy, 1500, seed=count)
    matched = 0
    for path in paths:
        answer = lazy.match_path(path)
        assert (answer[0] and answer[0].name, answer[1]) == \
            ((lambda e: (e[0] and e[0].name, e[1]))(eager.match_path(path))), path
        names = [t.name for t in lazy.templates_from_path(path)]
        assert names == [t.name for t in eager.templates_from_path(path)], path
        naive = naive_templates_from_path(eager, path)
        assert names == [t.name for t, _ in naive], path
        if naive:
            matched += 1
            assert answer[1] == naive[0][1], path
    # both kinds of path were met: written ones match, most near misses do not
    assert len(paths) // 2 <= matched < len(paths)


def test_threads_meeting_a_fresh_config_at_once_get_the_eager_answers():
    """A UI and its workers may make a config's first lookups together: a depth
    is built, and a template's reading planned, by one thread at a time, and no
    thread sees either half made."""
    import threading
    eager = studio(162)
    eager.compile_all()
    paths = generated_paths(eager, 400, seed=11)
    expected = [(lambda e: (e[0] and e[0].name, e[1]))(eager.match_path(p)) for p in paths]
    switch = getattr(sys, "setswitchinterval", None)
    if switch is not None:
        previous = sys.getswitchinterval()
        switch(1e-6)  # switch threads as often as the interpreter allows
    else:  # Python 2
        previous = sys.getcheckinterval()
        sys.setcheckinterval(1)
    try:
        for attempt in range(3):
            lazy = studio(162)
            results = {}
            start = threading.Event()

            def work(number):
                start.wait()
                cut = number * len(paths) // 4
                order = paths[cut:] + paths[:cut]  # each thread starts elsewhere
                answers = {}
                for path in order:
                    found, fields = lazy.match_path(path)
                    answers[path] = (found and found.name, fields)
                    # get_fields plans a template's reading from another thread too
                    if found is not None:
                        assert found.get_fields(path) == fields
                results[number] = answers
            threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
            for thread in threads:
                thread.start()
            start.set()
            for thread in threads:
                thread.join()
            for number in range(4):
                assert [results[number][p] for p in paths] == expected, (attempt, number)
    finally:
        if switch is not None:
            switch(previous)
        else:
            sys.setcheckinterval(previous)


@pytest.mark.parametrize("definition, message", [
    ("shots\\{Shot}/x.ma", "use '/' between folders"),
    ("shots/[{Shot}\\]x.ma", "use '/' between folders"),
    ("shots/{Shot}/{nope}.ma", "undefined key {nope}"),
    ("shots/{Shot/x.ma", "unbalanced '{' at column 7"),
    ("shots/{Shot}]x.ma", "unbalanced ']' at column 13"),
])
def test_what_is_wrong_in_a_definition_is_still_found_when_the_config_loads(definition, message):
    from toolkit.errors import ConfigError
    with pytest.raises(ConfigError) as info:
        TemplateSet.from_data({"keys": {"Shot": {"type": "str"}}, "paths": {"bad": definition}},
                              {"primary": ROOT}, source="templates.yml")
    assert message in str(info.value) and "paths.bad" in str(info.value)
