"""Fake ``maya.api.OpenMaya``: scene messages (``MSceneMessage``) and their removal.

Maya calls a scene-message callback with the client data given at registration
(``addCallback(message, function, clientData=None)`` returns an id that
``MMessage.removeCallback(id)`` takes back; Maya Help, *OpenMaya.MSceneMessage*
and *OpenMaya.MMessage*, Python API 2.0). The fake ``maya.cmds`` sends the
messages from its ``file`` command.
"""

import itertools

_ids = itertools.count(1)


def _state():
    from maya import cmds
    return cmds._state


class MMessage(object):
    """Base of the message classes: removes callbacks by id."""

    @staticmethod
    def removeCallback(*args, **kwargs):
        """Remove the callback registered under the id ``args[0]`` (unknown ids raise)."""
        if _state().callbacks.pop(args[0], None) is None:
            raise RuntimeError("(kInvalidParameter): no callback with id %r" % (args[0],))

    @staticmethod
    def removeCallbacks(*args, **kwargs):
        """Remove every callback whose id is in ``args[0]``."""
        for callback_id in args[0]:
            MMessage.removeCallback(callback_id)


class MSceneMessage(MMessage):
    """Scene messages: after a new scene, an open, a save, a reference change..."""

    kAfterNew = 2
    kAfterImport = 4
    kAfterOpen = 6
    kAfterSave = 13
    kAfterRemoveReference = 17
    kAfterLoadReference = 37
    kAfterCreateReference = 45

    @staticmethod
    def addCallback(*args, **kwargs):
        """Register ``function(clientData)`` for ``message``; returns the callback id."""
        from maya import cmds
        cmds._main_thread_only("MSceneMessage.addCallback")
        message, function = args[0], args[1]
        client_data = args[2] if len(args) > 2 else kwargs.get("clientData")
        callback_id = next(_ids)
        _state().callbacks[callback_id] = (message, function, client_data)
        return callback_id
