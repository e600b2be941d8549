"""What the hardening checks cost, against the same work without them, in one run.

Run from the repository root: ``python bench/hardening.py``.

* YAML: parsing ``config/templates.yml`` and a 150-template studio config
  (``bench/studio_config.py``) through :func:`load_yaml_text` (depth pre-scan,
  alias-expansion count, located containers) against libyaml's bare
  ``CSafeLoader`` and against the locating loader without the two checks.
* Paths: :func:`toolkit.store.normalize_path` on 100,000 paths without ``..``
  (the usual case) against the same normalisation without
  :func:`toolkit.roots.resolve_parent_refs`.
* Integers: ``IntegerKey.value_from_text`` against ``int()``.

Medians of several rounds, the baseline measured in the same rounds. Runs on
Python 2.7 too (``.venvs/py27/bin/python bench/hardening.py``). The YAML checks
run only when a file is parsed, i.e. on a miss of the parsed-YAML cache.
"""

from __future__ import print_function

import io
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

os.environ["REELKIT_CACHE"] = ""  # parse every time

import yaml  # noqa: E402

from toolkit.config import yamlfile  # noqa: E402
from toolkit.store import normalize_path  # noqa: E402
from toolkit.templates.keys import IntegerKey  # noqa: E402


_clock = getattr(time, "perf_counter", time.time)  # Python 2.7 has no perf_counter


def _median(work, rounds=15):
    times = []
    for _ in range(rounds):
        start = _clock()
        work()
        times.append(_clock() - start)
    return sorted(times)[len(times) // 2]


def _yaml_texts():
    with io.open(os.path.join(ROOT, "config", "templates.yml"), encoding="utf-8") as handle:
        texts = [("config/templates.yml", handle.read())]
    sys.path.insert(0, os.path.join(ROOT, "bench"))
    import studio_config
    texts.append(("studio templates.yml",
                  studio_config.to_yaml(studio_config.studio_templates(150))))
    return texts


def bench_yaml():
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    located = yamlfile._loader_class()
    for label, text in _yaml_texts():
        bare = _median(lambda: yaml.load(text, Loader=loader))

        def without_checks():
            parser = located(text)
            try:
                parser.get_single_data()
            finally:
                parser.dispose()
        plain = _median(without_checks)
        checked = _median(lambda: yamlfile.load_yaml_text(text, label))
        print("%-22s %7.2f ms bare libyaml  %7.2f ms located  %7.2f ms with the checks "
              "(+%.0f%% over located)" % (label, bare * 1e3, plain * 1e3, checked * 1e3,
                                          (checked / plain - 1) * 100))


def bench_paths():
    paths = ["/show/sequences/SQ%03d/SH%04d/comp/publish/plate_v%03d.exr" % (i % 50, i, i % 7)
             for i in range(100000)]
    from toolkit.store import base
    import six

    def previous(path):  # normalize_path as it was before resolve_parent_refs
        if not isinstance(path, six.string_types) or not path:
            raise ValueError(path)
        if not isinstance(path, six.text_type):
            path = base._decode(path, sys.getfilesystemencoding() or "utf-8", "path")
        return os.path.normpath(os.path.abspath(path)).replace("\\", "/")
    before = _median(lambda: [previous(p) for p in paths], 5)
    after = _median(lambda: [normalize_path(p) for p in paths], 5)
    print("normalize_path x100,000: %.1f ms without resolve_parent_refs, %.1f ms with "
          "(+%.0f%%)" % (before * 1e3, after * 1e3, (after / before - 1) * 100))


def bench_integers():
    key = IntegerKey("version", format_spec="03")
    texts = [str(i) for i in range(100000)]
    before = _median(lambda: [int(t) for t in texts], 5)
    after = _median(lambda: [key.value_from_text(t) for t in texts], 5)
    print("integers x100,000: %.1f ms int(), %.1f ms value_from_text (checked)"
          % (before * 1e3, after * 1e3))


if __name__ == "__main__":
    print("Python %s, PyYAML %s" % (sys.version.split()[0], yaml.__version__))
    bench_yaml()
    bench_paths()
    bench_integers()
