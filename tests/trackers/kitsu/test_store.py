"""What only the Kitsu backend has to prove: Kitsu's own records, the read cache
working without Kitsu, sync, concurrent publishers, and credentials that never show."""

import json
import os
import subprocess
import sys

import pytest

from toolkit.store import StoreError, open_store_from_settings

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def _publish(store, shot, roots, name, **extra):
    data = dict({"path": "%s/%s.ma" % (roots["primary"], name), "name": name,
                 "published_file_type": "Maya Scene", "entity": shot}, **extra)
    return store.register_publish(data)


def test_records_are_kitsu_entities_and_output_files(store, shot, roots):
    from gazu import client as raw
    kitsu = store._kitsu()
    remote_shot = raw.fetch_one("entities", store.remote_id("Shot", shot["id"]), client=kitsu)
    assert remote_shot["name"] == "SH010"
    assert remote_shot["parent_id"] == store.remote_id("Sequence", shot["sequence"]["id"])
    record = _publish(store, shot, roots, "anim", description="first pass", first_frame=1001)
    remote = raw.fetch_one("output-files", store.remote_id("PublishedFile", record["id"]),
                           client=kitsu)
    assert (remote["name"], remote["revision"], remote["path"], remote["comment"]) == (
        "anim", 1, record["path"], "first pass")
    assert remote["data"]["reelkit"]["first_frame"] == 1001
    output_type = raw.fetch_one("output-types", remote["output_type_id"], client=kitsu)
    assert output_type["name"] == "Maya Scene"


def test_reads_need_no_kitsu_and_writes_fail_clearly(store_settings, store, shot, roots):
    record = _publish(store, shot, roots, "anim")
    offline = dict(store_settings, url="http://127.0.0.1:9")  # nothing listens there
    cut_off = open_store_from_settings(offline, roots=roots, project=store.project)
    try:
        assert cut_off.find_one("Shot", [["code", "is", "SH010"]])["id"] == shot["id"]
        latest = cut_off.latest_versions([("anim", "Maya Scene", shot, None)])
        assert list(latest.values())[0]["id"] == record["id"]
        before = cut_off.count("Shot")
        with pytest.raises(StoreError) as info:
            cut_off.create("Shot", {"code": "SH020"})
        assert "127.0.0.1:9" in str(info.value)
        assert cut_off.count("Shot") == before  # nothing cached that Kitsu did not take
    finally:
        cut_off.close()


def test_sync_fills_a_new_cache_with_the_same_answers(store_settings, store, shot, roots,
                                                      tmpdir):
    task = store.create("Task", {"content": "anim", "entity": shot})
    upstream = _publish(store, shot, roots, "rig")
    record = _publish(store, shot, roots, "anim", task=task, upstream=[upstream])
    store.path_cache_add(roots["primary"] + "/seq/SH010", shot)
    fresh_settings = dict(store_settings, cache=str(tmpdir.join("other", "cache.sqlite")))
    from toolkit.store import ensure_project
    fresh = open_store_from_settings(fresh_settings, roots=roots)
    try:
        fresh.project = ensure_project(fresh, store.project["name"])  # adopts Kitsu's project
        counts = fresh.sync()
        assert counts["Shot"] == 1 and counts["PublishedFile"] == 2
        found = fresh.find_one("PublishedFile", [["path", "is", record["path"]]])
        assert found["version_number"] == 1 and found["task"]["content"] == "anim"
        assert [u["code"] for u in found["upstream"]] == [upstream["code"]]
        assert fresh.path_cache_lookup(roots["primary"] + "/seq/SH010/x")["code"] == "SH010"
        assert fresh.sync()["PublishedFile"] == 2  # again: nothing doubles
        assert fresh.count("PublishedFile") == 2
    finally:
        fresh.close()


def test_twenty_concurrent_publisher_processes_get_distinct_versions(store_settings, store,
                                                                      shot, roots):
    env = dict(os.environ, PYTHONPATH=REPO)
    procs = [subprocess.Popen(
        [sys.executable, os.path.join(HERE, "publisher.py"), json.dumps(store_settings),
         json.dumps(store.project), json.dumps({"type": "Shot", "id": shot["id"]}),
         roots["primary"], str(index)], env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE) for index in range(20)]
    versions = []
    for proc in procs:
        out, err = proc.communicate()
        assert proc.returncode == 0, err.decode("utf-8", "replace")[-2000:]
        versions.append(int(out.decode("ascii").split()[-1]))
    assert sorted(versions) == list(range(1, 21))
    assert store.count("PublishedFile", [["name", "is", "comp"]]) == 20


def test_the_password_never_shows(store_settings, monkeypatch, tmpdir, roots):
    monkeypatch.setenv(store_settings["password_env"], "wrong-s3cret")
    settings = dict(store_settings, cache=str(tmpdir.join("c2", "cache.sqlite")))
    store = open_store_from_settings(settings, roots=roots)
    try:
        with pytest.raises(StoreError) as info:
            store.create("Step", {"code": "comp", "entity_type": "Shot"})
        assert "wrong-s3cret" not in str(info.value)
        assert "cannot log in" in str(info.value)
    finally:
        store.close()


def test_a_thumbnail_becomes_a_preview_on_the_publishs_task(store, shot, roots, tmpdir):
    from gazu import client as raw
    png = tmpdir.join("thumb.png")
    png.write_binary(_PNG)
    task = store.create("Task", {"content": "anim", "entity": shot})
    record = _publish(store, shot, roots, "anim", task=task, thumbnail_path=str(png))
    kitsu = store._kitsu()
    remote = raw.fetch_one("output-files", store.remote_id("PublishedFile", record["id"]),
                           client=kitsu)
    preview = raw.fetch_one("preview-files", remote["data"]["reelkit"]["preview"], client=kitsu)
    assert preview["task_id"] == store.remote_id("Task", task["id"])
    assert preview["extension"] == "png"


# a 1x1 PNG
_PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff"
        b"\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


def test_saved_work_files_are_kitsu_working_files(store, shot, roots):
    from gazu import client as raw
    ada = store.create("User", {"login": "ada", "name": "Ada Lovelace"})
    task = store.create("Task", {"content": "anim", "entity": shot})
    first = roots["primary"] + "/work/SH010_anim_main_v001.ma"
    made = store.record_work_file(first, shot, task, "main", 1, ada)
    again = store.record_work_file(first.replace(".ma", ".mb"), shot, task, "main", 1, ada)
    assert again == made  # one record per name, task and version: the path follows
    store.record_work_file(roots["primary"] + "/work/SH010_anim_main_v002.ma", shot, task,
                           "main", 2, ada)
    assert store.record_work_file(first, shot, None, "main", 3) is None  # no task: none
    kitsu = store._kitsu()
    files = sorted(raw.fetch_all("working-files", {"task_id": store.remote_id("Task", task["id"])},
                                 client=kitsu), key=lambda f: f["revision"])
    assert [(f["name"], f["revision"], os.path.basename(f["path"])) for f in files] == [
        ("main", 1, "SH010_anim_main_v001.mb"), ("main", 2, "SH010_anim_main_v002.ma")]
    assert files[0]["person_id"] == store.remote_id("User", ada["id"])
