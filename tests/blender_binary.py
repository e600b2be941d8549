"""A script run inside Debian's ``blender -b`` (its own embedded Python), launched the way a
TD launches it: ``reelkit launch blender --wait -- -b --factory-startup --python SCRIPT -- ARGS``.

``tests/run`` installs Blender where apt is available; without it the tests that use
this fail, saying so.
"""

import io
import os

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def blender():
    """The Blender binary; an error saying how to get it when it is missing."""
    for candidate in ("/usr/bin/blender", "/usr/local/bin/blender"):
        if os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("Debian's blender is required (apt-get install blender; tests/run "
                       "installs it)")


def host_python_root():
    """The host-Python folders, prepared once and kept between runs."""
    return os.environ.get("REELKIT_TEST_HOST_PYTHON") or os.path.join(
        REPO, ".venvs", "host-python")


def launch_script(project_folder, script_text, args, tmpdir, monkeypatch, capsys,
                  context=None):
    """Run ``script_text`` in ``blender -b`` through ``reelkit launch --wait`` in the
    project at ``project_folder`` (and ``context``, e.g. ``"Shot SQ010/SH010 comp"``);
    ``args`` follow ``--`` on Blender's command line. Returns ``(exit code, details)``:
    the launch's log, for assertion messages."""
    from toolkit.cli import main
    blender()
    monkeypatch.setenv("REELKIT_HOST_PYTHON", host_python_root())
    monkeypatch.setenv("REELKIT_LOG_DIR", str(tmpdir.join("logs")))
    script = str(tmpdir.join("inside_blender.py"))
    with io.open(script, "w", encoding="utf-8") as handle:
        handle.write(script_text)
    capsys.readouterr()
    argv = ["launch", "blender", "--wait", "--project", project_folder]
    if context:
        argv += ["--context", context]
    code = main(argv + ["--", "-b", "--factory-startup", "--python", script, "--"] +
                list(args))
    err = capsys.readouterr().err
    log = err.strip().splitlines()[-1].split("log: ")[-1] if err.strip() else ""
    details = io.open(log).read() if os.path.isfile(log) else err
    return code, details
