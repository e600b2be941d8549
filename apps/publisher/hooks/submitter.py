"""Default farm submitter: runs a saved publish plan as a local background process.

A studio overrides ``submit`` to send the same command line to its farm
(Deadline, Tractor, OpenCue...): ``reelkit publish-scene SCENE --plan PLAN``.
"""

import os
import subprocess
import sys


class LocalSubmitter(HookBaseClass):  # noqa: F821 - HookBaseClass is given by the hook loader
    """Start ``python -m toolkit.cli publish-scene`` on this machine, detached."""

    def command(self, plan_path, session):
        """The command line that runs the plan (what a farm job would run)."""
        return [self.python(), "-m", "toolkit.cli", "publish-scene", _plan_scene(plan_path),
                "--plan", plan_path, "--project", session.project.root,
                "--report", plan_path + ".report.json"]

    def python(self):
        """The interpreter to run: this one when it is Python (not a host's own binary)."""
        name = os.path.basename(sys.executable or "").lower()
        if name.startswith("python"):
            return sys.executable
        return "python3" if sys.version_info[0] >= 3 else "python"

    def submit(self, plan_path, session):
        """Start the job; returns ``{"pid", "command", "log", "report"}``."""
        command = self.command(plan_path, session)
        log_path = plan_path + ".log"
        env = dict(os.environ)
        root = os.path.dirname(os.path.dirname(os.path.abspath(sys.modules["toolkit"].__file__)))
        env["PYTHONPATH"] = os.pathsep.join([root] + [p for p in
                                                      [env.get("PYTHONPATH")] if p])
        with open(log_path, "wb") as log:
            kwargs = {"stdout": log, "stderr": subprocess.STDOUT, "env": env}
            if os.name == "posix":
                kwargs["close_fds"] = True
                kwargs["preexec_fn"] = os.setsid  # outlives the host that started it
            process = subprocess.Popen(command, **kwargs)
        self.logger.info("publish plan %s started as process %d (log: %s)", plan_path,
                         process.pid, log_path)
        return {"pid": process.pid, "process": process, "command": command, "log": log_path,
                "report": plan_path + ".report.json"}


def _plan_scene(plan_path):
    import io
    import json
    with io.open(plan_path, encoding="utf-8") as handle:
        return json.load(handle)["scene"]
