"""Exceptions shared by the whole toolkit.

Every error the toolkit raises on bad input derives from :class:`ReelkitError`, so
a host integration can catch one type and show the message to an artist.
"""


class ReelkitError(Exception):
    """Base class of every error Reelkit raises on purpose."""


class ConfigError(ReelkitError):
    """A problem in a project configuration file.

    The message always starts with ``file:line`` and the offending entry, so a TD
    can jump straight to it: ``config/templates.yml:12: paths.shot_work: ...``.
    """

    def __init__(self, message, path=None, line=None, key=None):
        self.message = message
        self.path = path
        self.line = line
        self.key = key
        super(ConfigError, self).__init__(self._format())

    def _format(self):
        where = []
        if self.path:
            where.append(str(self.path) if self.line is None
                         else "%s:%d" % (self.path, self.line))
        if self.key:
            where.append(str(self.key))
        if where:
            return "%s: %s" % (": ".join(where), self.message)
        return self.message


class ConfigErrors(ConfigError):
    """Several configuration problems reported at once (``validate-config``)."""

    def __init__(self, errors):
        self.errors = list(errors)
        ReelkitError.__init__(self, "\n".join(str(e) for e in self.errors))
        self.message = str(self)
        self.path = self.line = self.key = None


class TemplateError(ReelkitError):
    """A template cannot be built, applied or matched."""


class FieldError(TemplateError, ValueError):
    """A field value is refused (wrong type, path separator, ``..``, bad character)."""


class TemplateMatchError(TemplateError, ValueError):
    """A path does not match the template it was given to."""


class ContextError(ReelkitError):
    """A context cannot be built or deserialised."""


class QtUnavailableError(ReelkitError, ImportError):
    """No Qt binding can be imported, so no panel can be shown."""


class ArgumentTypeError(ReelkitError, TypeError):
    """A public API function was given an argument of the wrong type; the
    message names the function and the argument."""
