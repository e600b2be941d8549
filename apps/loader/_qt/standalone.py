"""The Loader as its own window, outside any host (``reelkit loader``)."""

from .._qt import QtWidgets


def _application():
    try:
        from toolkit.qt import ensure_application
    except ImportError:  # TEMPORARY until toolkit/qt lands
        return QtWidgets.QApplication.instance() or QtWidgets.QApplication(["reelkit"])
    return ensure_application()


def show_standalone(project, context=None, exec_=True, host=None):
    """Open the Loader on ``project`` (a folder or a loaded project config).

    ``context`` selects its entity first; ``host`` (a HostAdapter) runs the load
    actions -- without one the window only browses. With ``exec_`` the Qt event
    loop runs until the window closes and its exit code is returned; otherwise
    the shown panel is returned (tests, screenshots).
    """
    from toolkit.config import load_project
    from toolkit.store import open_store
    from .._qt.panel import LoaderPanel
    from ..session import LoaderSession, _project_entity

    if not hasattr(project, "store_settings"):
        project = load_project(project)
    application = _application()
    store = open_store(project)
    session = LoaderSession(store, host=host, project=_project_entity(store, project),
                            context=context)
    panel = LoaderPanel(session)
    panel.setWindowTitle("Reelkit Loader - %s" % (project.name,))
    panel.show()
    if not exec_:
        return panel
    return application.exec_()
