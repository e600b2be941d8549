"""A project whose store is Kitsu, through the real ``reelkit`` entry point."""

import io
import os
import shutil

from toolkit.cli import main

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_CONFIG = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(HERE))), "config")


def _kitsu_project(folder, settings, name):
    shutil.copytree(REPO_CONFIG, os.path.join(folder, "config"))
    project_yml = os.path.join(folder, "config", "project.yml")
    with io.open(project_yml, encoding="utf-8") as handle:
        text = handle.read()
    block = "".join("  %s: %s\n" % (k, v) for k, v in sorted(settings.items())
                    if k not in ("cache",))
    text = text.replace("name: demo\n", "name: %s\n" % name, 1)
    text = text.replace("store:\n  backend: sqlite\n", "store:\n" + block + "#", 1)
    with io.open(project_yml, "w", encoding="utf-8") as handle:
        handle.write(text)
    return folder


def test_create_publish_and_sync_from_the_command_line(store_settings, project_name, tmpdir,
                                                        capsys):
    show = _kitsu_project(str(tmpdir.join("show")), store_settings, project_name)
    assert main(["create", "Sequence", "SQ010", "--project", show]) == 0
    assert main(["create", "Shot", "SH010", "--sequence", "SQ010", "--project", show]) == 0
    cache = os.path.join(show, ".reelkit", "kitsu-cache.sqlite")
    assert os.path.isfile(cache)  # the default cache, relative to the project
    # a second machine: the same project folder without its cache
    other = _kitsu_project(str(tmpdir.join("other")), store_settings, project_name)
    capsys.readouterr()
    assert main(["sync", "-q", "--project", other]) == 0
    out = capsys.readouterr().out
    assert "Sequence 1" in out and "Shot 1" in out
    assert main(["publishes", "--project", other]) == 0


def test_sync_on_a_store_without_a_cache_says_so(tmpdir, capsys):
    show = str(tmpdir.join("plain"))
    shutil.copytree(REPO_CONFIG, os.path.join(show, "config"))
    assert main(["sync", "--project", show]) == 1
    assert "no cache to sync" in capsys.readouterr().err
