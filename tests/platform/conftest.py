"""Fixtures: a project config in a temporary folder, with bundles of our own.

``make_project(envs=..., bundles=...)`` writes ``config/`` (project.yml, the
repo's templates.yml, env files, the default pick_environment hook) and a
``bundles/`` folder listed in ``bundle_paths``; each bundle is a dict of
relative file name -> text.
"""

import io
import os
import shutil
import textwrap

import pytest
import six

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

RECORDER_ENGINE = {
    "manifest.yml": """
        name: recorder
        version: 1.0.0
        description: An engine whose host records every call.
        requires_core: ">=0.1"
        entry: "engine:RecorderEngine"
        settings:
          menu_name: {type: str, default: Studio}
          hook_scene: {type: hook, default: "{self}/scene.py"}
        """,
    "__init__.py": "",
    "engine.py": """
        from toolkit.platform import Engine
        from .host import RecorderHost

        class RecorderEngine(Engine):
            host_class = RecorderHost
            started = []

            def init_engine(self):
                self.register_command("Engine info", lambda: "engine", {"short_name": "info"})
        """,
    "host.py": """
        import logging
        from toolkit.platform import HostAdapter

        class ListHandler(logging.Handler):
            def __init__(self):
                logging.Handler.__init__(self)
                self.records = []
            def emit(self, record):
                self.records.append(record)

        class RecorderHost(HostAdapter):
            name = "recorder"
            def __init__(self, engine=None):
                super(RecorderHost, self).__init__(engine)
                self.calls = []
                self.handler = ListHandler()
            def build_menu(self, menu_name, commands):
                self.calls.append(("build_menu", menu_name, [c.name for c in commands]))
                self.commands = list(commands)
            def clear_menu(self, menu_name):
                self.calls.append(("clear_menu", menu_name))
            def log_handler(self):
                return self.handler
        """,
    "hooks/scene.py": """
        class SceneHook(HookBaseClass):
            def execute(self):
                return "engine default"
        """,
}

APP_TEMPLATE = {
    "manifest.yml": """
        name: {name}
        version: 0.2.0
        description: A test app.
        requires_core: ">=0.1"
        supported_engines: {engines}
        entry: "app:TheApp"
        settings:
          label: {{type: str, default: hello, description: shown text}}
          count: {{type: int, default: 1}}
          enabled: {{type: bool, default: true}}
          items: {{type: list, default: []}}
          mapping: {{type: dict, default: {{}}}}
          work_template: {{type: template, allow_empty: true}}
          hook_scan: {{type: hook, default: "{{self}}/scan.py"}}
          notes: {{type: config_path, allow_empty: true}}
        """,
    "__init__.py": "",
    "app.py": """
        from toolkit.platform import Application
        from .logic import answer

        class TheApp(Application):
            def init_app(self):
                if self.get_setting("label") == "explode":
                    raise RuntimeError("init failed on purpose")
                self.started_in = self.context
                self.engine.register_command(self.get_setting("label"), self.run,
                                             {{"short_name": "{name}"}})
                self.engine.register_command("Broken {name}", self.broken)
            def run(self):
                return answer()
            def broken(self):
                raise ValueError("command failed on purpose")
        """,
    "logic.py": """
        def answer():
            return 42
        """,
    "hooks/scan.py": """
        from toolkit.platform import Hook

        class Scan(Hook):
            def execute(self):
                return ["default"]
        """,
}


def app_bundle(name, engines="[]"):
    return dict((k, v.format(name=name, engines=engines)) for k, v in APP_TEMPLATE.items())


def write_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, *rel.split("/"))
        if not os.path.isdir(os.path.dirname(path)):
            os.makedirs(os.path.dirname(path))
        with io.open(path, "w", encoding="utf-8") as handle:
            handle.write(six.text_type(textwrap.dedent(text).lstrip("\n")))


def shot_env(apps="{demo: {location: demo}}", engine_extra=""):
    return """
        engines:
          recorder:
            location: recorder
            %s
            apps: %s
          shell:
            apps: %s
        """ % (engine_extra, apps, apps)


@pytest.fixture
def make_project(tmpdir):
    """Build a project; returns ``load_project`` of it (fresh each call)."""
    root = str(tmpdir.mkdir("project"))

    def make(envs=None, bundles=None, project_extra="", hooks=None):
        config = os.path.join(root, "config")
        files = {
            "project.yml": """
                name: testproject
                roots: {primary: ..}
                bundle_paths: [../bundles]
                %s
                """ % project_extra,
            "hooks/pick_environment.py": io.open(
                os.path.join(REPO, "config", "hooks", "pick_environment.py"),
                encoding="utf-8").read(),
            "notes.txt": "notes",
        }
        envs = envs if envs is not None else {"project": shot_env(), "shot_step": shot_env(),
                                              "asset_step": shot_env()}
        for name, text in envs.items():
            files["env/%s.yml" % name] = text
        for name, text in (hooks or {}).items():
            files["hooks/" + name] = text
        write_tree(config, files)
        shutil.copy(os.path.join(REPO, "config", "templates.yml"), config)
        all_bundles = {"recorder": RECORDER_ENGINE, "demo": app_bundle("demo")}
        all_bundles.update(bundles or {})
        for name, tree in all_bundles.items():
            write_tree(os.path.join(root, "bundles", name), tree)
        from toolkit.config import load_project
        return load_project(root)

    return make


@pytest.fixture
def shot(make_project):
    """(project, context) for shot SH010 comp in a default test project."""
    from toolkit.context import Context
    project = make_project()
    return project, Context.from_string("Shot SH010 comp", project=project)

