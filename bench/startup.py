"""Cold start of the shell engine, each run in a fresh process.

Measures: ``import toolkit`` (+ platform), loading the default config, picking
the environment, starting the shell engine with 5 apps (4 tiny bench apps from
a temporary folder plus the repo's loader) and building the menu. Prints the
median of the runs and each phase's share, and checks that no Qt module and no
network module was imported. Goal: median under 100 ms.

With Blender installed (Debian's ``/usr/bin/blender``), one more figure: the
time from typing ``reelkit launch blender -- -b scene.blend`` to the engine
started inside Blender, against ``blender -b scene.blend`` alone reaching the
same point (its first Python line after loading the scene), alternated in the
same run. The first launch, which prepares the host-Python folder, is left out.

    python bench/startup.py [--runs 15] [--launch-runs 7]
"""

from __future__ import print_function

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)

CHILD = r"""
import sys, time
t0 = time.time()
import toolkit, toolkit.platform
from toolkit.config import load_project
from toolkit.context import Context
t1 = time.time()
project = load_project(sys.argv[1])
project.bundle_paths.append(sys.argv[2])   # the bench apps
t2 = time.time()
from toolkit.platform.environment import pick_environment
context = Context.from_string("Shot SH010 comp", project=project)
env = pick_environment(project, context)
t3 = time.time()
engine = toolkit.platform.start_engine("shell", context, project)
t4 = time.time()
assert len(engine.apps) == int(sys.argv[3]), list(engine.apps)
assert len(engine.host.menus[engine.menu_name]) >= int(sys.argv[3])
bad = sorted(m for m in sys.modules if m.split(".")[0] in
             ("qtpy", "PySide2", "PySide6", "PyQt5", "shiboken2", "shiboken6",
              "socket", "_socket", "ssl", "http", "urllib3", "requests", "psycopg2"))
import json
print(json.dumps({"import": t1 - t0, "config": t2 - t1, "environment": t3 - t2,
                  "engine": t4 - t3, "forbidden": bad}))
"""

APP = u"""
from toolkit.platform import Application

class BenchApp(Application):
    def init_app(self):
        self.engine.register_command(self.name, self.run, {"short_name": self.name})

    def run(self):
        return self.name
"""


def make_fixture(tmp, apps):
    config = os.path.join(tmp, "config")
    shutil.copytree(os.path.join(REPO, "config"), config)
    bundles = os.path.join(tmp, "bundles")
    names = ["bench_app_%d" % i for i in range(apps)]
    for name in names:
        folder = os.path.join(bundles, name)
        os.makedirs(folder)
        with io.open(os.path.join(folder, "manifest.yml"), "w", encoding="utf-8") as handle:
            handle.write(u"name: %s\nversion: 0.1.0\nentry: 'app:BenchApp'\n" % name)
        with io.open(os.path.join(folder, "app.py"), "w", encoding="utf-8") as handle:
            handle.write(APP)
    # the shell engine runs the loader (when present) plus the bench apps
    env_apps = "".join("    %s: {location: %s}\n" % (n, n) for n in names)
    has_loader = os.path.isfile(os.path.join(REPO, "apps", "loader", "manifest.yml"))
    if has_loader:
        env_apps = "    loader: {location: loader}\n" + env_apps
    with io.open(os.path.join(config, "env", "shot_step.yml"), "w", encoding="utf-8") as f:
        f.write(u"engines:\n  shell:\n   apps:\n%s" % env_apps.replace("    ", "    ", 1))
    return config, bundles, len(names) + (1 if has_loader else 0)


# Run inside Blender once the scene is loaded: the moment it writes is "ready".
STAMP = ("import sys, time; from toolkit.platform import current_engine; "
         "open(sys.argv[-1], 'w').write('%r %s' % (time.time(), "
         "current_engine() is not None))")
STAMP_ALONE = ("import sys, time; open(sys.argv[-1], 'w').write('%r False' % time.time())")


def bench_blender_launch(runs):
    """Median seconds to ready: ``reelkit launch blender -- -b`` and ``blender -b`` alone."""
    import time
    blender = next((p for p in ("/usr/bin/blender", "/usr/local/bin/blender")
                    if os.access(p, os.X_OK)), None)
    if blender is None:
        print("launch: no Blender at /usr/bin/blender: figure not measured")
        return
    sys.path.insert(0, REPO)
    from toolkit.cli.project_commands import init_project
    tmp = tempfile.mkdtemp(prefix="reelkit-bench-launch-")
    try:
        project = init_project(os.path.join(tmp, "show"))
        scene = os.path.join(REPO, "toolkit", "demo", "data", "asset.blend")
        stamp = os.path.join(tmp, "stamp.txt")
        env = dict(os.environ, REELKIT_HOST_PYTHON=os.path.join(tmp, "host-python"),
                   REELKIT_LOG_DIR=os.path.join(tmp, "logs"),
                   REELKIT_CACHE=os.path.join(tmp, "cache"))
        common = ["-b", "--factory-startup", scene, "--python-expr"]
        reelkit = [sys.executable, "-m", "toolkit.cli", "launch", "blender", "--wait",
                   "--project", project.root, "--"] + common + [STAMP, "--", stamp]
        alone = [blender] + common + [STAMP_ALONE, "--", stamp]
        timings = {"reelkit": [], "alone": []}
        for round_ in range(runs + 1):
            order = [("reelkit", reelkit), ("alone", alone)]
            for name, command in (order if round_ % 2 else order[::-1]):
                if os.path.exists(stamp):
                    os.remove(stamp)
                start = time.time()
                subprocess.check_call(command, env=env, cwd=tmp, stdout=open(os.devnull, "w"),
                                      stderr=subprocess.STDOUT)
                ready, engine = open(stamp).read().split()
                if name == "reelkit" and engine != "True":
                    raise SystemExit("launch: the engine did not start (see %s)" % env[
                        "REELKIT_LOG_DIR"])
                if round_:  # the first round prepares the host-Python folder
                    timings[name].append(float(ready) - start)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    median = dict((k, sorted(v)[len(v) // 2]) for k, v in timings.items())
    print("launch: `reelkit launch blender -- -b scene` to engine started, %d runs: "
          "median %.0f ms (min %.0f, max %.0f)" % (
              runs, median["reelkit"] * 1e3, min(timings["reelkit"]) * 1e3,
              max(timings["reelkit"]) * 1e3))
    print("        `blender -b scene` alone to its first Python line: median %.0f ms "
          "(min %.0f, max %.0f)" % (median["alone"] * 1e3, min(timings["alone"]) * 1e3,
                                    max(timings["alone"]) * 1e3))
    print("        Reelkit adds %.0f ms (%.2fx blender alone)" % (
        (median["reelkit"] - median["alone"]) * 1e3, median["reelkit"] / median["alone"]))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--launch-runs", type=int, default=7,
                        help="rounds of the Blender launch figure (0: not measured)")
    args = parser.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="reelkit-bench-")
    try:
        config, bundles, expected = make_fixture(tmp, 4)
        results = []
        # A cache of parsed config files of this run only: the first start fills
        # it (and imports PyYAML), the next ones read it (toolkit.config.yamlcache).
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="",
                   REELKIT_CACHE=os.path.join(tmp, "cache"))
        first = None
        for _ in range(args.runs + 1):
            out = subprocess.check_output([sys.executable, "-c", CHILD, config, bundles,
                                           str(expected)], env=env, cwd=tmp)
            result = json.loads(out.decode("utf-8").strip().splitlines()[-1])
            if first is None:
                first = result
            else:
                results.append(result)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    phases = ["import", "config", "environment", "engine"]
    totals = sorted(sum(r[p] for p in phases) for r in results)
    median = totals[len(totals) // 2]
    print("Python %s, %d runs, %d apps" % (sys.version.split()[0], len(results), expected))
    print("first start ever (parses the config, fills the cache): %.1f ms"
          % (sum(first[p] for p in phases) * 1e3))
    print("median cold start: %.1f ms (min %.1f, max %.1f)"
          % (median * 1e3, totals[0] * 1e3, totals[-1] * 1e3))
    for phase in phases:
        values = sorted(r[phase] for r in results)
        med = values[len(values) // 2]
        print("  %-12s %6.1f ms  %4.0f%%" % (phase, med * 1e3, 100.0 * med / median))
    forbidden = sorted(set(m for r in results for m in r["forbidden"]))
    print("Qt or network modules imported: %s" % (", ".join(forbidden) or "none"))
    print("goal < 100 ms: %s" % ("met" if median < 0.1 else "NOT met"))
    if args.launch_runs:
        bench_blender_launch(args.launch_runs)
    return 1 if forbidden else 0


if __name__ == "__main__":
    sys.exit(main())
