"""Core hook: which environment (env/<name>.yml) a context runs in.

Override it from project.yml without copying it::

    core_hooks:
      pick_environment: "{config}/pick_environment.py:{config}/my_override.py"

The override's class derives from ``HookBaseClass`` (this class) and calls
``super()`` for the cases it does not change; see
``pick_environment_sequence.py`` for an example.
"""

from toolkit.platform import Hook


class PickEnvironment(Hook):
    """Entity type (and step) -> environment name."""

    #: entity type -> environment, when the context has an entity
    BY_ENTITY = {"Shot": "shot_step", "Asset": "asset_step"}

    def execute(self, context):
        entity = context.entity
        if entity is None:
            return "project"
        return self.BY_ENTITY.get(entity.get("type"), "project")
