"""Two real Blender processes (``bpy``, Python 3.11) version up the same file at once."""

import os
import subprocess
import sys

from tests.workfiles.test_hosts import work


_BLENDER_RACER = r"""
import sys
sys.path.insert(0, sys.argv[1])
import bpy
from toolkit.config import load_project
from toolkit.context import Context
from toolkit.platform import start_engine
project = load_project(sys.argv[2])
bpy.ops.wm.open_mainfile(filepath=sys.argv[3])
engine = start_engine("blender", Context(project, user={"type": "User", "login": sys.argv[4]}),
                      project)
sys.stdout.write("READY\n")
sys.stdout.flush()
sys.stdin.readline()  # go together
print("RESULT " + engine.find_command("version-up").function())
engine.destroy()
"""


def test_two_blender_processes_version_up_at_once(show, tmpdir):
    import bpy
    project = show[0]
    start = work(project, "blender", "SH010", 1)
    os.makedirs(os.path.dirname(start))
    bpy.ops.wm.read_homefile(use_empty=True)
    bpy.ops.wm.save_as_mainfile(filepath=start)
    script = tmpdir.join("racer.py")
    script.write(_BLENDER_RACER)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    racers = [subprocess.Popen([sys.executable, str(script), root, project.root, start, user],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               universal_newlines=True)
              for user in ("alice", "bob")]
    for racer in racers:  # both loaded Blender and the scene: now start them together
        line = racer.stdout.readline()
        while line and line.strip() != "READY":  # Blender prints its own lines too
            line = racer.stdout.readline()
        assert line.strip() == "READY"
    for racer in racers:
        racer.stdin.write("go\n")
        racer.stdin.flush()
    outputs = [racer.communicate()[0] for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0]
    paths = [line[len("RESULT "):] for out in outputs for line in out.splitlines()
             if line.startswith("RESULT ")]
    versions = sorted(project.templates["blender_shot_work"].get_fields(p)["version"]
                      for p in paths)
    assert versions == [2, 3]
    assert all(os.path.getsize(p) > 0 for p in paths)
