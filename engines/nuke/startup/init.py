"""Nuke runs ``init.py`` from every ``NUKE_PATH`` folder, with or without a UI.

``nuke -t`` (terminal, render farm) runs ``init.py`` but never ``menu.py``: the
engine starts here when there is no UI; with a UI, ``menu.py`` starts it once
the menus exist. A failure is logged, never raised: Nuke must open anyway.
"""


def _start_without_ui():
    import nuke
    if nuke.GUI:
        return  # menu.py starts it, once Nuke's menus exist
    from reelkit_nuke_start import start_reelkit
    start_reelkit()


_start_without_ui()
