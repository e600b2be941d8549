"""Listing a task's work files: 10,000 files over 20 user sandboxes.

Builds a project from the default config in a temporary folder, with one task
(SQ010/SH010 anim/blocking) whose Maya work area holds 20 sandboxes of 500
files each (5 names x 100 versions), and the same again for another task of
the shot (files the listing must pass over). Then times, in the same run:

* ``list_work_files`` (toolkit.workfiles): one folder listing per folder and
  one small regular expression per file name (what the File Open panel does);
* ``next_free_version``: the same scan over every sandbox and the publish area;
* the baseline: walking the step's work folder and reading every file with
  ``template.get_fields`` (the per-file scan), keeping the task's files;
* ``TemplatePath.find_files`` (glob, then ``get_fields`` on each match).

Each is run ROUNDS times in rotated order; the median is reported. Goal: the
listing under 100 ms. Run: ``.venvs/py311/bin/python bench/workfiles.py``
(also runs on ``.venvs/py27``).
"""

from __future__ import print_function

import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

USERS = 20
NAMES = ("main", "cloth", "layout", "fx", "light")
VERSIONS = 100
ROUNDS = 7
GOAL_MS = 100.0
TASK = {"Sequence": "SQ010", "Shot": "SH010", "Step": "anim", "Task": "blocking"}


def build(folder):
    from toolkit.cli.project_commands import init_project
    project = init_project(os.path.join(folder, "show"))
    template = project.templates["maya_shot_work"]
    count = 0
    for task in ("blocking", "polish"):
        for user in range(USERS):
            for name in NAMES:
                for version in range(1, VERSIONS + 1):
                    fields = dict(TASK, Task=task, HumanUser="artist%02d" % user, name=name,
                                  version=version, extension="ma")
                    path = template.apply_fields(fields)
                    if count == 0 or version == 1:
                        parent = os.path.dirname(path)
                        if not os.path.isdir(parent):
                            os.makedirs(parent)
                    open(path, "w").close()
                    count += 1
    return project, count


def per_file_scan(project):
    """The baseline: every file under the step's work folder read with get_fields."""
    from toolkit.errors import TemplateMatchError
    template = project.templates["maya_shot_work"]
    work = os.path.join(project.root, "sequences", "SQ010", "SH010", "anim", "work")
    found = []
    for folder, _, names in os.walk(work):
        for name in names:
            path = os.path.join(folder, name)
            try:
                fields = template.get_fields(path)
            except TemplateMatchError:
                continue
            if all(fields.get(k) == v for k, v in TASK.items()):
                found.append((path, fields))
    found.sort()
    return found


def _cpu():
    """CPU seconds of this process: what the machine's load inflates least."""
    process_time = getattr(time, "process_time", None)
    if process_time is not None:
        return process_time()
    times = os.times()  # Python 2: in clock ticks (10 ms)
    return times[0] + times[1]


def median(values):
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def main():
    from toolkit.workfiles import WorkArea, list_work_files, next_free_version
    folder = tempfile.mkdtemp(prefix="reelkit-bench-workfiles-")
    try:
        started = time.time()
        project, count = build(folder)
        print("built %d work files (%d sandboxes x %d files, 2 tasks) in %.1f s"
              % (count, USERS, len(NAMES) * VERSIONS, time.time() - started))
        area = WorkArea.for_names(project, "maya_shot_work")
        template = area.work
        cases = [
            ("list_work_files", lambda: list_work_files(area, TASK, "artist00")),
            ("next_free_version", lambda: next_free_version(area, dict(TASK, name="main"))),
            ("per-file get_fields scan", lambda: per_file_scan(project)),
            ("TemplatePath.find_files", lambda: template.find_files(TASK)),
        ]
        first = {}
        for label, run in cases:  # cold: the first call of each (regexes compiled)
            start = time.time()
            result = run()
            first[label] = (time.time() - start) * 1000.0
            if label != "next_free_version":
                assert len(result) == count // 2, (label, len(result))
        timings = dict((label, []) for label, _ in cases)
        cpu = dict((label, []) for label, _ in cases)
        for round_number in range(ROUNDS):
            shift = round_number % len(cases)
            for label, run in cases[shift:] + cases[:shift]:
                start, start_cpu = time.time(), _cpu()
                run()
                timings[label].append((time.time() - start) * 1000.0)
                cpu[label].append((_cpu() - start_cpu) * 1000.0)
        print("Python %d.%d, %d files listed per call, median of %d rounds; load average %.1f"
              % (sys.version_info[0], sys.version_info[1], count // 2, ROUNDS,
                 os.getloadavg()[0]))
        print("  %-26s %9s %9s %11s" % ("", "wall", "CPU", "first call"))
        for label, _ in cases:
            print("  %-26s %6.1f ms %6.1f ms %8.1f ms" % (label, median(timings[label]),
                                                        median(cpu[label]), first[label]))
        fast = median(timings["list_work_files"])
        slow = median(timings["per-file get_fields scan"])
        print("list_work_files is %.1fx faster than the per-file get_fields scan, %.1fx than "
              "find_files (wall)" % (slow / fast, median(timings["TemplatePath.find_files"]) / fast))
        fast_cpu = median(cpu["list_work_files"])
        print("goal: listing < %d ms: %s (wall %.1f ms, CPU %.1f ms)"
              % (GOAL_MS, "met" if fast < GOAL_MS else "NOT met", fast, fast_cpu))
        return 0 if fast < GOAL_MS else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
