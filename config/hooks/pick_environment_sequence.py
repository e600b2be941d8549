"""Example override of the core hook ``pick_environment.py``.

Not active by default. To use it, chain it after the default hook in
project.yml::

    core_hooks:
      pick_environment: "{config}/pick_environment.py:{config}/pick_environment_sequence.py"

Reelkit loads pick_environment.py first, then this file with the class loaded
before it available as ``HookBaseClass``: the class below inherits from the
default one and only changes what it must -- here a Sequence context runs in
the shot environment (sequence-level lighting and layout), everything else is
left to the default hook through ``super()``.
"""


class PickEnvironmentSequence(HookBaseClass):  # noqa: F821 - injected by the hook loader
    """Sequences work like shots in this project."""

    def execute(self, context):
        entity = context.entity
        if entity is not None and entity.get("type") == "Sequence":
            return "shot_step"
        return super(PickEnvironmentSequence, self).execute(context)
