"""Default loader actions hook: the built-in actions, run through the host API.

A project adds or changes actions by naming its own file after this one::

    hook_actions: "{self}/actions.py:{config}/loader_actions.py"

and deriving from ``HookBaseClass`` (this class)::

    class StudioLoaderActions(HookBaseClass):
        def generate_actions(self, publish, host):
            actions = super(StudioLoaderActions, self).generate_actions(publish, host)
            if publish["published_file_type"] == "Maya Scene" and host.name == "maya":
                actions.append(("reference_locked", "Reference (locked)"))
            return actions

        def execute_action(self, name, publish, host):
            if name == "reference_locked":
                node = host.reference_file(publish["path"])
                ...
                return node
            return super(StudioLoaderActions, self).execute_action(name, publish, host)

Hook files are loaded by path and never import the loader's package (installed,
it is ``reelkit_apps.loader``, in a checkout ``apps.loader``): the built-in
actions are reached through the hook's parent, the app or the session.
"""


class LoaderActions(HookBaseClass):  # noqa: F821 -- given by the hook loader
    """Actions beyond the ``actions`` setting, and how every action runs."""

    def generate_actions(self, publish, host):
        """Extra actions for ``publish`` in ``host``.

        Return a list of ``(name, label)`` pairs (or dicts with ``name`` and
        ``label``); they are offered after the ones the ``actions`` setting gives.
        The default adds none.
        """
        return []

    def execute_action(self, name, publish, host):
        """Run action ``name`` on ``publish`` and return what the host returned.

        Raise to report a failure: the loader collects it and goes on with the
        other publishes.
        """
        return self.parent.run_builtin_action(name, publish, host)
