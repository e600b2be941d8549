"""toolkit.publish.resolve: many paths -> their publishes, statuses, one store request."""

import os

import pytest

from toolkit.publish import resolve
from toolkit.publish.resolve import (LATEST, MISSING, NOT_A_PUBLISH, OUT_OF_DATE, in_spelling_of,
                                     resolve_path, resolve_paths, version_history)


def count_requests(store):
    """Wrap the store's transactions: every request to the database opens one."""
    calls = []
    original = store._transaction

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)
    store._transaction = counted
    return calls


@pytest.fixture
def comp(publisher):
    """Three versions of SH010's Nuke script."""
    return [publisher.publish("SH010", "nuke_shot_publish", "Nuke Script") for _ in range(3)]


def test_statuses_of_a_whole_scene_come_from_one_store_request(store, project, publisher, comp):
    model = publisher.publish("prop1", "maya_asset_publish", "Maya Scene")
    work = project.templates["nuke_shot_work"].apply_fields(
        {"Sequence": "SQ01", "Shot": "SH010", "Step": "comp", "name": "main", "version": 4})
    outside = os.path.join(os.path.dirname(project.roots["primary"]), "elsewhere.nk")
    for path in (work, outside):
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        with open(path, "w") as handle:
            handle.write("x")
    paths = [comp[0]["path"], comp[2]["path"], model["path"], work, outside]
    requests = count_requests(store)
    found = resolve_paths(store, paths, project.templates)
    assert len(requests) == 1
    assert [r.status for r in found] == [OUT_OF_DATE, LATEST, LATEST, NOT_A_PUBLISH,
                                         NOT_A_PUBLISH]
    assert [r.path for r in found] == paths
    old = found[0]
    assert (old.version, old.latest_version, old.behind) == (1, 3, 2)
    assert old.publish["id"] == comp[0]["id"] and old.latest["id"] == comp[2]["id"]
    assert old.key == ("main", "Nuke Script", ("Shot", comp[0]["entity"]["id"]), None)
    assert found[3].template.name == "nuke_shot_work" and found[4].template is None
    assert "inside template nuke_shot_work" in found[3].describe()
    assert "outside every template" in found[4].describe()
    assert "2 behind v003" in old.describe()


def test_an_empty_scene_asks_the_store_nothing(store, project):
    requests = count_requests(store)
    assert resolve_paths(store, [], project.templates) == []
    assert requests == []


def test_a_single_path_string_is_refused(store):
    with pytest.raises(TypeError) as error:
        resolve_paths(store, "/show/a.ma")
    assert "/show/a.ma" in str(error.value)


def test_missing_file_wins_over_what_the_store_says(store, project, comp):
    os.chmod(comp[0]["path"], 0o644)
    os.remove(comp[0]["path"])
    found = resolve_path(store, comp[0]["path"], project.templates)
    assert found.status == MISSING and found.exists is False
    assert found.is_publish and found.behind == 2  # still updatable
    assert resolve_path(store, comp[0]["path"], project.templates, check_files=False).status \
        == OUT_OF_DATE


def test_relative_and_unnormalised_spellings(store, project, comp):
    path = comp[1]["path"]
    folder = os.path.dirname(path)
    relative = os.path.join("..", os.path.basename(folder), os.path.basename(path))
    found = resolve_paths(store, [relative, folder + "//./" + os.path.basename(path)],
                          project.templates,
                          relative_to=os.path.join(os.path.dirname(folder), "other"))
    assert [r.publish["id"] for r in found] == [comp[1]["id"]] * 2
    assert found[0].lookup_path == path and found[0].exists


def test_a_root_reached_through_a_symlink(store, project, comp, tmpdir):
    link = str(tmpdir.join("linked_show"))
    os.symlink(project.roots["primary"], link)
    spelled = comp[0]["path"].replace(project.roots["primary"], link)
    found = resolve_path(store, spelled, project.templates)
    assert found.publish["id"] == comp[0]["id"] and found.status == OUT_OF_DATE
    assert found.path == spelled and found.lookup_path == comp[0]["path"]


def test_sequences_in_every_host_spelling(store, project, publisher):
    renders = [publisher.publish("SH010", "nuke_shot_render", "Rendered Image",
                                 frames=[1001, 1002]) for _ in range(2)]
    recorded = renders[0]["path"]
    assert "%04d" in recorded
    spellings = [recorded.replace("%04d", token) for token in ("####", "$F4", "@@@@", "1002")]
    found = resolve_paths(store, spellings, project.templates)
    assert [r.publish["id"] for r in found] == [renders[0]["id"]] * 4
    assert all(r.status == OUT_OF_DATE and r.exists for r in found)
    folder = os.path.dirname(recorded)
    os.chmod(folder, 0o755)
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    assert resolve_path(store, spellings[0], project.templates).status == MISSING


def test_without_templates_only_exact_paths_resolve(store, publisher):
    render = publisher.publish("SH010", "nuke_shot_render", "Rendered Image", frames=[1, 2])
    exact, hashes = resolve_paths(store, [render["path"], render["path"].replace("%04d", "####")])
    assert exact.is_publish and not hashes.is_publish


def test_duplicates_resolve_once_in_order(store, project, comp):
    paths = [comp[2]["path"], comp[0]["path"], comp[2]["path"]]
    found = resolve_paths(store, paths, project.templates)
    assert [r.version for r in found] == [3, 1, 3]
    assert found[0] is found[2]


def test_as_dict_is_json_ready(store, project, comp):
    import json
    data = resolve_path(store, comp[0]["path"], project.templates).as_dict()
    assert json.loads(json.dumps(data))["status"] == "out_of_date"
    assert data["latest_path"] == comp[2]["path"] and data["version"] == 1


def test_version_history_newest_first(store, comp, publisher):
    publisher.publish("SH010", "nuke_shot_publish", "Nuke Script", name="other")
    assert [p["version_number"] for p in version_history(store, comp[0])] == [3, 2, 1]


@pytest.mark.parametrize("like, expected", [
    ("/a/x_v001.####.exr", "/b/x_v002.####.exr"),
    ("/a/x_v001.$F4.exr", "/b/x_v002.$F4.exr"),
    ("/a/x_v001.@@@@.exr", "/b/x_v002.@@@@.exr"),
    ("/a/x_v001.%04d.exr", "/b/x_v002.%04d.exr"),
    ("/a/x_v001.exr", "/b/x_v002.%04d.exr"),
    ("/a/x_v001.1017.exr", "/b/x_v002.1017.exr"),
    ("/a/x_v001.17.exr", "/b/x_v002.0017.exr"),
])
def test_updates_keep_the_hosts_frame_spelling(like, expected):
    assert in_spelling_of("/b/x_v002.%04d.exr", like) == expected


def test_frame_spelling_padding_follows_the_new_publish():
    assert in_spelling_of("/b/x.%05d.exr", "/a/x.####.exr") == "/b/x.#####.exr"
    assert in_spelling_of("/b/x.ma", "/a/x.####.exr") == "/b/x.ma"


def test_statuses_are_listed_once():
    assert len(set(resolve.STATUSES)) == len(resolve.STATUSES) == 5
