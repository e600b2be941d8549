"""The small project the Loader tests browse (written through the real store API).

demo
  Sequences: SQ01 (SH010, SH020), SQ02 (SH030)
  Assets: Character (hero, villain), Prop (sword)
Steps anim, comp, model, rig; users alice, bob. Publishes (name: versions):
  SH010 anim "SH010_anim" Maya Scene v1-v3; SH010 comp "SH010_comp" Nuke Script v1-v2;
  SH010 comp "SH010_render" Rendered Image v1 (frames 1001-1010); SH020 anim "SH020_anim"
  Maya Scene v1; SH020 "SH020_cache" Alembic Cache v1 (path contains BROKEN: a recording
  host fails on it); SH030 "SH030_anim" Maya Scene v1; hero "hero_rig" Maya Scene v1-v2;
  sword "sword_model" Alembic Cache v1; villain "villain_tex" Texture v1 (no action).
"""

import datetime
import os

START = datetime.datetime(2026, 3, 1, 9, 0, 0)

# (entity code, step, author, name, published file type, extension, versions)
PUBLISHES = [
    ("SH010", "anim", "alice", "SH010_anim", "Maya Scene", "ma", 3),
    ("SH010", "comp", "bob", "SH010_comp", "Nuke Script", "nk", 2),
    ("SH010", "comp", "bob", "SH010_render", "Rendered Image", "%04d.exr", 1),
    ("SH020", "anim", "alice", "SH020_anim", "Maya Scene", "ma", 1),
    ("SH020", "anim", "bob", "SH020_cache", "Alembic Cache", "BROKEN.abc", 1),
    ("SH030", "anim", "alice", "SH030_anim", "Maya Scene", "ma", 1),
    ("hero", "rig", "bob", "hero_rig", "Maya Scene", "ma", 2),
    ("sword", "model", "alice", "sword_model", "Alembic Cache", "abc", 1),
    ("villain", "model", "bob", "villain_tex", "Texture", "png", 1),
]


def seed_store(store, folder, thumbnail=None):
    """Fill ``store`` with the project above; publish paths go under ``folder``.

    ``thumbnail(path)``, when given, writes a thumbnail image at ``path``.
    Returns the Project entity.
    """
    project = store.create("Project", {"code": "demo", "name": "demo"})
    plink = {"type": "Project", "id": project["id"]}
    entities = {}
    for code in ("SQ01", "SQ02"):
        entities[code] = store.create("Sequence", {"code": code, "project": plink})
    for code, sequence in (("SH010", "SQ01"), ("SH020", "SQ01"), ("SH030", "SQ02")):
        entities[code] = store.create("Shot", {"code": code, "project": plink,
                                               "sequence": entities[sequence]})
    for code, kind in (("hero", "Character"), ("villain", "Character"), ("sword", "Prop")):
        entities[code] = store.create("Asset", {"code": code, "sg_asset_type": kind,
                                                "project": plink})
    steps = dict((code, store.create("Step", {"code": code, "entity_type": kind}))
                 for code, kind in (("anim", "Shot"), ("comp", "Shot"),
                                    ("model", "Asset"), ("rig", "Asset")))
    users = dict((login, store.create("User", {"login": login, "name": login.title()}))
                 for login in ("alice", "bob"))

    when = START
    # Interleave versions so creation order differs from listing order per stream.
    for version in (1, 2, 3):
        for code, step, author, name, ptype, ext, count in PUBLISHES:
            if version > count:
                continue
            when += datetime.timedelta(minutes=7)
            path = os.path.join(folder, code, step, "%s.v%03d.%s" % (name, version, ext))
            data = {
                "name": name, "path": path, "published_file_type": ptype,
                "version_number": version, "entity": entities[code], "step": steps[step],
                "created_by": users[author], "created_at": when, "project": plink,
                "description": "%s v%d by %s" % (name, version, author),
            }
            if "%04d" in ext:
                data.update(first_frame=1001, last_frame=1010)
            if thumbnail is not None:
                thumb = os.path.join(folder, "thumbs", "%s.v%03d.png" % (name, version))
                thumbnail(thumb)
                data["thumbnail_path"] = thumb
            store.register_publish(data)
    return project
