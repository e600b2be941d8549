"""How the command line shows log messages: ``LEVEL name: message`` on stderr,
debug messages too with ``-v``.

Importing :mod:`logging` costs a few milliseconds (it brings ``traceback``,
``string``, ``weakref``...), a tenth of a quick ``reelkit parse``, and the
quick commands never log. So logging is configured at once only when it is
already imported (or ``-v`` asks for debug messages); otherwise the moment
anything imports it, by a finder placed first on ``sys.meta_path`` that
lets the normal import run and configures logging right after. Either way,
every message logged is shown in the same format.
"""

import sys

FORMAT = "%(levelname)s %(name)s: %(message)s"


def configure(verbose):
    """Show log messages as the CLI does: now, or once ``logging`` is imported."""
    if verbose or "logging" in sys.modules:
        _basic_config(verbose)
        return
    for finder in sys.meta_path:
        if isinstance(finder, _WhenImported):  # main() called again in one process
            finder.verbose = verbose
            return
    sys.meta_path.insert(0, _WhenImported(verbose))


def _basic_config(verbose):
    import logging
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format=FORMAT)


class _WhenImported(object):
    """Configures logging right after its module is first executed."""

    name = "logging"

    def __init__(self, verbose):
        self.verbose = verbose

    def _done(self):
        if self in sys.meta_path:
            sys.meta_path.remove(self)

    # Python 3.4+: find the real spec with the other finders, and wrap its loader.
    def find_spec(self, name, path=None, target=None):
        if name != self.name:
            return None
        self._done()
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(name, path, target) if find else None
            if spec is not None:
                if getattr(spec.loader, "exec_module", None) is not None:
                    spec.loader = _ConfiguringLoader(spec.loader, self)
                return spec
        return None

    # Python 2: the old finder protocol.
    def find_module(self, name, path=None):
        return self if name == self.name else None

    def load_module(self, name):
        self._done()
        __import__(name)
        _basic_config(self.verbose)
        return sys.modules[name]


class _ConfiguringLoader(object):
    """A module loader that, after running the module, configures logging."""

    def __init__(self, loader, finder):
        self._loader = loader
        self._finder = finder

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        _basic_config(self._finder.verbose)

    def __getattr__(self, name):  # get_source, is_package... : the real loader's
        return getattr(self._loader, name)
