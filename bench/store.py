"""Store and publish benchmark (SQLite): run ``python bench/store.py``.

1. 100,000 publishes across 2,000 shots: bulk registration time.
2. Listing one shot's publishes.
3. Latest version of 1,000 keys: one batched call vs 1,000 single queries (goal: batched < 50 ms).
4. Publishing a 1,000-frame sequence of small files vs ``cp -r`` of the same folder
   (goal: >= 90% of cp's throughput).
"""

from __future__ import print_function

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from toolkit.store import ensure_project, open_store_from_settings  # noqa: E402
from toolkit.publish import publish_file  # noqa: E402

SHOTS = 2000
PUBLISHES = 100000
KEYS = 1000
FRAMES = 1000
FRAME_BYTES = 16 * 1024
TYPES = ("Maya Scene", "Nuke Script", "Rendered Image", "Alembic Cache", "Playblast")


class Template(object):
    """The shape of a render publish template (only apply_fields is used)."""

    def __init__(self, root):
        self.root = root
        self.keys = {}

    def apply_fields(self, fields):
        return os.path.join(self.root, "sequences", fields["Shot"], "render",
                            "v%03d" % fields["version"],
                            "%s_beauty_v%03d.%04d.exr" % (fields["Shot"], fields["version"],
                                                          fields["SEQ"]))


class Context(object):
    def __init__(self, shot):
        self.entity, self.step, self.task, self.user = shot, None, None, None
        self.shot = shot

    def as_template_fields(self):
        return {"Shot": self.shot["code"]}


class Project(object):
    def __init__(self, root):
        self.name, self.root, self.roots, self.settings = "bench", root, {"primary": root}, {}


def timed(label, func):
    start = time.time()
    result = func()
    elapsed = time.time() - start
    print("  %-52s %9.1f ms" % (label, elapsed * 1000))
    return result, elapsed


def main():
    work = tempfile.mkdtemp(prefix="reelkit-bench-")
    try:
        run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work):
    root = os.path.join(work, "show")
    os.makedirs(root)
    store = open_store_from_settings({"backend": "sqlite", "path": os.path.join(work, "db.sqlite")},
                                     roots={"primary": root})
    store.project = ensure_project(store, "bench")
    print("== store (SQLite %s)" % os.path.join(work, "db.sqlite"))

    def make_shots():
        seq = store.create("Sequence", {"code": "SQ01"})
        return [store.create("Shot", {"code": "SH%04d" % i, "sequence": seq})
                for i in range(SHOTS)]
    shots, _ = timed("create %d shots (one transaction each)" % SHOTS, make_shots)

    rng = random.Random(7)
    records = []
    for i in range(PUBLISHES):
        shot = shots[i % SHOTS]
        records.append({"path": "%s/sequences/%s/publish/p%06d.ma" % (root, shot["code"], i),
                        "name": "main%d" % (i // SHOTS % 10), "published_file_type":
                        TYPES[(i // SHOTS // 10) % len(TYPES)], "entity": shot})
    _, elapsed = timed("register %d publishes (bulk, 10 batches)" % PUBLISHES,
                       lambda: [store.register_publishes(records[i:i + PUBLISHES // 10])
                                for i in range(0, PUBLISHES, PUBLISHES // 10)])
    print("  %-52s %9.0f /s" % ("registration rate", PUBLISHES / elapsed))

    shot = shots[1234]
    listed, _ = timed("list one shot's publishes", lambda: store.find(
        "PublishedFile", [["entity", "is", shot]], order=[("version_number", "desc")]))
    print("  %-52s %9d" % ("publishes of that shot", len(listed)))

    keys = [("main%d" % rng.randrange(10), TYPES[rng.randrange(len(TYPES))],
             shots[rng.randrange(SHOTS)], None) for _ in range(KEYS)]
    batched, t_batch = timed("latest version of %d keys, ONE call" % KEYS,
                             lambda: store.latest_versions(keys))

    def singles():
        return [store.find_one("PublishedFile", [
            ["name", "is", name], ["published_file_type", "is", ptype], ["entity", "is", ent],
            ["task", "is", None]], order=[("version_number", "desc")])
            for name, ptype, ent, _ in keys]
    single, t_single = timed("latest version of %d keys, %d single queries" % (KEYS, KEYS),
                             singles)
    found_single = sum(1 for s in single if s)
    print("  %-52s %9.1f x   (goal: batched < 50 ms: %s)" % (
        "batched speed-up", t_single / t_batch, "met" if t_batch < 0.05 else "MISSED"))
    print("  %-52s %9d / %d" % ("keys with a publish (batched / single)", len(batched),
                                     found_single))
    store.close()

    print("== publishing a %d-frame sequence (%d KB frames)" % (FRAMES, FRAME_BYTES // 1024))
    renders = os.path.join(work, "renders")
    os.makedirs(renders)
    payload = os.urandom(FRAME_BYTES)
    for frame in range(1001, 1001 + FRAMES):
        with open(os.path.join(renders, "beauty.%04d.exr" % frame), "wb") as handle:
            handle.write(payload)
    megabytes = FRAMES * FRAME_BYTES / 1e6

    _, t_cp = timed("cp -r of the folder", lambda: subprocess.check_call(
        ["cp", "-r", renders, os.path.join(work, "cp_copy")]))
    store = open_store_from_settings({"backend": "sqlite", "path": os.path.join(work, "db.sqlite")},
                                     roots={"primary": root})
    store.project = ensure_project(store, "bench")
    project = Project(root)
    record, t_pub = timed("publish_file of the sequence", lambda: publish_file(
        project, Context(shots[0]), os.path.join(renders, "beauty.%04d.exr"), Template(root),
        {}, "Rendered Image", store=store))
    store.close()
    for label, seconds in (("cp -r", t_cp), ("publish_file", t_pub)):
        print("  %-14s %8.0f files/s %8.1f MB/s" % (label, FRAMES / seconds, megabytes / seconds))
    ratio = t_cp / t_pub
    print("  %-52s %8.0f %%  (goal >= 90%%: %s)" % ("publish throughput vs cp -r", ratio * 100,
                                                   "met" if ratio >= 0.9 else "MISSED"))
    print("  published %s frames %s-%s" % (record["path"], record["first_frame"],
                                           record["last_frame"]))


if __name__ == "__main__":
    main()
