"""Benchmark of a project imported from a ShotGrid Toolkit config.

Run from the repository root: ``python bench/tk_import.py``.

Imports ``tests/tkimport/fixtures/tk_studio`` (137 path templates shaped like
tk-config-default2), writes 20,000 paths from it, and times ``match_path`` on
them twice in the same run: with the imported templates as they are
(``ignore_case: true``, tk-core's reading: their literal folders are
patterns in the path index) and with ``ignore_case`` turned off (literal
folders compared as text: the baseline). Also times the import itself.
"""

from __future__ import print_function

import io
import os
import random
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, REPO)

FIXTURE = os.path.join(REPO, "tests", "tkimport", "fixtures", "tk_studio")
COUNT = 20000


def main():
    from toolkit.config import load_project
    from toolkit.tkimport import import_tk_config

    work = tempfile.mkdtemp(prefix="reelkit-bench-tk-")
    try:
        started = time.time()
        result = import_tk_config(FIXTURE, os.path.join(work, "show"), "show")
        imported = time.time() - started
        blind = result.project
        text = io.open(blind.templates_path, encoding="utf-8").read()
        baseline_dir = os.path.join(work, "baseline")
        shutil.copytree(blind.config_dir, os.path.join(baseline_dir, "config"))
        with io.open(os.path.join(baseline_dir, "config", "templates.yml"), "w",
                     encoding="utf-8") as handle:
            handle.write(text.replace("ignore_case: true", "ignore_case: false"))
        sighted = load_project(baseline_dir)
        paths = _paths(blind.templates)
        print("import of %d path templates: %.0f ms" % (len(blind.templates.paths),
                                                         imported * 1000))
        print("%d paths, match_path per path; first pass on a fresh set (index built on "
              "the way), then the best of 4 more, the two projects alternating:" % len(paths))
        sets = {}
        for label, project in (("case compared (baseline)", sighted),
                               ("case ignored (tk-core's reading)", blind)):
            sets[label] = load_project(project.config_dir).templates
        timings = dict((label, []) for label in sets)
        for _ in range(5):
            for label, tset in sorted(sets.items()):
                started = time.time()
                found = sum(1 for path in paths if tset.match_path(path)[0] is not None)
                timings[label].append((time.time() - started) / len(paths) * 1e6)
                assert found == len(paths), (label, found)
        for label in sorted(timings, reverse=True):
            first, rest = timings[label][0], min(timings[label][1:])
            print("  %-34s first %6.1f us   then %6.1f us" % (label, first, rest))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _paths(tset):
    rng = random.Random(13)
    values = {"str": ["SQ010", "sh020", "hero", "main", "anim", "comp", "diffuse", "AB12"],
              "int": [1, 3, 42, 1920]}
    paths = []
    templates = list(tset.paths.values())
    while len(paths) < COUNT:
        template = rng.choice(templates)
        fields = {}
        for field, key in template.keys.items():
            if getattr(key, "choices", None):
                fields[field] = rng.choice(key.choices)
            elif key.type_name in ("int", "sequence"):
                fields[field] = rng.choice(values["int"])
            else:
                fields[field] = rng.choice(values["str"])
        try:
            paths.append(template.apply_fields(fields))
        except Exception:  # noqa: BLE001 - a value a filter refuses: draw again
            continue
    return paths


if __name__ == "__main__":
    main()
