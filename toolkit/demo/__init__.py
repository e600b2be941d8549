"""A demo project: the default config, the embedded SQLite store, real sample data.

``create_demo(path)`` is what the README's first command runs. It builds a small
show the way a studio would: entities in the store, folders from the schema,
work files written where the templates put them, and every publish made
through :func:`toolkit.publish.publish_file` (versions allocated by the store,
files copied atomically, a generated thumbnail each). Nothing here is faked:
the Loader browses exactly what a real show would give it.
"""

from __future__ import print_function

import io
import os
import shutil
import tempfile

from toolkit.demo.thumbnails import write_thumbnail

#: The .blend file every demo Blender publish is a copy of.
BLEND_SAMPLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "asset.blend")

SEQUENCES = [
    ("SQ010", ["SH010", "SH020", "SH030", "SH040"]),
    ("SQ020", ["SH010", "SH020", "SH030"]),
    ("SQ030", ["SH010", "SH020", "SH030"]),
]
ASSETS = [
    ("character", "hero"), ("character", "villain"), ("prop", "sword"),
    ("prop", "lantern"), ("environment", "city"),
]
USERS = [("amelie", "Amelie Durand"), ("kenji", "Kenji Sato"),
         ("priya", "Priya Nair"), ("tomas", "Tomas Novak")]
SHOT_STEPS = ["layout", "anim", "fx", "lighting", "comp"]
ASSET_STEPS = ["model", "rig", "surfacing"]

# (step, template, published-file type, name, how many versions, frames or None)
SHOT_PUBLISHES = [
    ("layout", "maya_shot_publish", "Maya Scene", "main", 2, None),
    ("anim", "maya_shot_publish", "Maya Scene", "main", 3, None),
    ("anim", "maya_shot_cache", "Alembic Cache", "hero", 2, None),
    ("fx", "houdini_shot_publish", "Houdini Scene", "main", 2, None),
    ("fx", "houdini_shot_vdb_cache", "VDB Cache", "smoke", 1, (1001, 1004)),
    ("lighting", "maya_shot_render", "Rendered Image", "beauty", 2, (1001, 1004)),
    ("comp", "nuke_shot_publish", "Nuke Script", "main", 3, None),
    ("comp", "nuke_shot_render", "Rendered Image", "comp", 2, (1001, 1004)),
]
ASSET_PUBLISHES = [
    ("model", "maya_asset_publish", "Maya Scene", "main", 3, None),
    ("model", "asset_usd_cache", "USD", "geo", 1, None),
    ("rig", "maya_asset_publish", "Maya Scene", "main", 2, None),
    ("surfacing", "blender_asset_publish", "Blender File", "main", 2, None),
]

_CONTENT = {
    ".ma": u'//Maya ASCII 2024 scene\n//Name: {name}\nrequires maya "2024";\n'
           u'currentUnit -l centimeter -a degree -t film;\n',
    ".nk": u"#! nuke\nversion 15.0 v4\nRoot {{\n name {name}\n}}\n",
    ".hip": u"Houdini scene placeholder for {name}\n",
    ".usd": u'#usda 1.0\n(\n    doc = "{name}"\n)\n\ndef Xform "root"\n{{\n}}\n',
}


def create_demo(directory, out=None):
    """Create the demo project in ``directory``; return ``(project, summary dict)``.

    ``out`` receives progress lines (``print`` from the CLI; None is silent).
    """
    from toolkit.config.create import init_project
    from toolkit.context import Context
    from toolkit.folders import create_folders
    from toolkit.publish import publish_file
    from toolkit.store import open_store

    say = out or (lambda *args: None)
    project = init_project(directory)
    say("project %r created in %s" % (project.name, project.root))
    store = open_store(project)
    try:
        entities = _create_entities(store, project)
        say("store: %d sequences, %d shots, %d assets, %d tasks, %d users (%s)" % (
            len(entities["sequences"]), len(entities["shots"]), len(entities["assets"]),
            len(entities["tasks"]), len(entities["users"]), project.store_settings["backend"]))
        folders = 0
        for entity in entities["shots"] + entities["assets"]:
            folders += len(create_folders(project, store, entity))
        say("folders: %d created from config/schema" % folders)

        staging = tempfile.mkdtemp(prefix="reelkit-demo-")
        count = 0
        plans = [(shot, SHOT_PUBLISHES) for shot in entities["shots"]]
        plans += [(asset, ASSET_PUBLISHES) for asset in entities["assets"]]
        total = sum(sum(p[4] for p in plan) for _, plan in plans)
        next_report = 50
        for entity, plan in plans:
            for step_code, template_name, pf_type, name, versions, frames in plan:
                step = entities["steps"][step_code]
                task = entities["tasks"][(entity["type"], entity["id"], step_code)]
                for version in range(versions):
                    user = entities["users"][(count + version) % len(entities["users"])]
                    context = Context.from_entity(entity, project=project, store=store,
                                                  step=step, task=task, user=user)
                    template = project.templates[template_name]
                    source = _write_source(staging, template, entity, name, count, frames)
                    thumb = write_thumbnail(os.path.join(staging, "thumb_%d.png" % count),
                                            "%s %s %s" % (entity["code"], step_code, name))
                    fields = {"name": name}
                    publish_file(project, context, source, template, fields, pf_type,
                                 comment=_comment(step_code, version), name=name,
                                 thumbnail=thumb, store=store, user=user)
                    count += 1
            if count >= next_report:
                say("publishes: %d / %d" % (count, total))
                next_report += 50
        say("publishes: %d made through publish_file" % count)
        _show_resolution(project, say)
        say("")
        say("Open the Loader on it:  reelkit loader --project %s" % project.root)
        return project, {"publishes": count, "folders": folders,
                         "shots": len(entities["shots"]), "assets": len(entities["assets"])}
    finally:
        store.close()


def _create_entities(store, project):
    link = store.project  # open_store made the project's own entity
    users = [store.create("User", {"login": login, "name": name}) for login, name in USERS]
    steps = {}
    for code in SHOT_STEPS:
        steps[code] = store.create("Step", {"code": code, "entity_type": "Shot"})
    for code in ASSET_STEPS:
        steps[code] = store.create("Step", {"code": code, "entity_type": "Asset"})
    sequences, shots, assets, tasks = [], [], [], {}
    for seq_code, shot_codes in SEQUENCES:
        seq = store.create("Sequence", {"code": seq_code, "project": link})
        sequences.append(seq)
        for index, shot_code in enumerate(shot_codes):
            shots.append(store.create("Shot", {
                "code": shot_code, "project": link,
                "sequence": {"type": "Sequence", "id": seq["id"], "code": seq_code},
                "sg_cut_in": 1001, "sg_cut_out": 1048 + 24 * (index % 3)}))
    for asset_type, code in ASSETS:
        assets.append(store.create("Asset", {"code": code, "sg_asset_type": asset_type,
                                             "project": link}))
    work = [(s, SHOT_STEPS) for s in shots] + [(a, ASSET_STEPS) for a in assets]
    for number, (entity, step_codes) in enumerate(work):
        for step_code in step_codes:
            step = steps[step_code]
            artist = users[(number + len(step_code)) % len(users)]  # each artist gets some
            tasks[(entity["type"], entity["id"], step_code)] = store.create("Task", {
                "content": step_code, "project": link,
                "entity": {"type": entity["type"], "id": entity["id"], "code": entity["code"]},
                "step": {"type": "Step", "id": step["id"], "code": step_code},
                "task_assignees": [{"type": "User", "id": artist["id"]}]})
    return {"project": link, "users": users, "steps": steps, "sequences": sequences,
            "shots": shots, "assets": assets, "tasks": tasks}


def _write_source(staging, template, entity, name, index, frames):
    """Write the artist's file (or frames) to publish; return its path or sequence pattern."""
    extension = os.path.splitext(template.definition)[1]
    if extension.startswith(".{"):  # an extension key: write the host's default
        extension = ".hip" if "houdini" in template.name else ".ma"
    base = os.path.join(staging, "%s_%s_%d" % (entity["code"], name, index))
    if frames:
        first, last = frames
        for frame in range(first, last + 1):
            with open("%s.%04d%s" % (base, frame, extension), "wb") as handle:
                handle.write(b"\x76\x2f\x31\x01" + os.urandom(64))  # EXR/VDB-like bytes
        return "%s.%%04d%s" % (base, extension)
    path = base + extension
    text = _CONTENT.get(extension, u"{name}\n").format(name=os.path.basename(path))
    if extension == ".blend":
        # A real Blender file (saved by Blender 3.4, read by 3.4 to 5.x: a
        # collection "asset" holding a cube), so Link/Append/Open work in Blender.
        shutil.copyfile(BLEND_SAMPLE, path)
    elif extension == ".abc":
        with open(path, "wb") as handle:
            handle.write(text.encode("utf-8") + os.urandom(256))
    else:
        with io.open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    return path


def _comment(step, version):
    notes = ["first pass", "notes from dailies addressed", "final for review",
             "director's notes", "client approved"]
    return "%s: %s" % (step, notes[version % len(notes)])


def _show_resolution(project, say):
    """Print a template resolved both ways, so a new user sees what the config does."""
    template = project.templates["maya_shot_work"]
    fields = {"Sequence": "SQ010", "Shot": "SH010", "Step": "anim", "name": "main",
              "version": 7, "extension": "ma"}
    path = template.apply_fields(fields)
    say("")
    say("template maya_shot_work: %s" % template.definition)
    say("  fields -> path: %s" % path)
    matched = project.templates.template_from_path(path)
    say("  path -> %s %s" % (matched.name, _format_fields(matched.get_fields(path))))


def _format_fields(fields):
    return "{%s}" % ", ".join("%s: %r" % (k, fields[k]) for k in sorted(fields))
