"""One concurrent publisher process of test_store.py: reserve a version on Kitsu, register it."""

import json
import sys

from toolkit.store import open_store_from_settings


def main(settings_json, project_json, shot_json, root, index):
    settings, project, shot = (json.loads(settings_json), json.loads(project_json),
                               json.loads(shot_json))
    store = open_store_from_settings(settings, roots={"primary": root}, project=project)
    try:
        version = store.reserve_version("comp", "Nuke Script", shot)
        store.register_publish({"path": "%s/comp_%s.nk" % (root, index), "name": "comp",
                                "published_file_type": "Nuke Script", "entity": shot,
                                "version_number": version})
        print(version)
    finally:
        store.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
