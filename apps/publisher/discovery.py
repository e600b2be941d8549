"""Which pyblish plugins a publish runs: folders from settings, then pyblish's discovery.

``plugin_paths`` entries are written like hook paths - ``{self}/publish``,
``{config}/publish/common``, ``{engine}/publish`` - and resolve against the
same folders (the app's ``hooks/``, the project config's ``hooks/``, the
engine's ``hooks/``), with the same refusals: no absolute path, no ``..``.
Plugins are then found by :func:`pyblish.plugin.discover` itself, so a studio's
plugin file behaves exactly as under any other pyblish front end (``hosts``,
``families``, ``targets``, ``active``, ``optional``, the ``_`` prefix).
"""

import os
import re

import six

from toolkit.platform.errors import HookError
from toolkit.platform.hooks import TOKENS

_TOKEN = re.compile(r"^\{(\w+)\}(.*)$")


def resolve_plugin_folders(specs, folders):
    """Absolute folders of ``specs`` (a list of token paths); HookError naming a bad one."""
    if isinstance(specs, six.string_types) or not isinstance(specs, (list, tuple)):
        raise HookError("plugin_paths must be a list of folders, got %r" % (specs,))
    resolved = []
    for spec in specs:
        match = _TOKEN.match(spec.strip()) if isinstance(spec, six.string_types) else None
        if not match or match.group(1) not in TOKENS:
            raise HookError("plugin path %r must start with {self}, {config} or {engine}"
                            % (spec,))
        token, rest = match.group(1), match.group(2).replace("\\", "/")
        base = folders.get(token)
        if not base:
            raise HookError("plugin path %r: there is no {%s} folder here" % (spec, token))
        parts = [p for p in rest.split("/") if p not in ("", ".")]
        if ".." in parts or (rest and not rest.startswith("/")):
            raise HookError("plugin path %r must be {%s}/relative/folder without '..'"
                            % (spec, token))
        folder = os.path.join(os.path.abspath(base), *parts)
        if not os.path.isdir(folder):
            raise HookError("plugin folder %s does not exist (from %r)" % (folder, spec))
        if folder not in resolved:
            resolved.append(folder)
    return resolved


def discover_plugins(folders, host_name):
    """The pyblish plugin classes in ``folders`` for host ``host_name``, sorted by order.

    The host is registered with pyblish (``pyblish.api.register_host``) so that
    plugins declaring ``hosts = ["maya"]`` load in Maya only, as they would
    under any pyblish front end. Plugins registered in code
    (``pyblish.api.register_plugin``) are included too, as pyblish does.
    """
    import pyblish.api
    import pyblish.plugin
    from pyblish import logic
    if host_name and host_name not in pyblish.api.registered_hosts():
        pyblish.api.register_host(host_name)
    plugins = pyblish.plugin.discover(paths=[_native(folder) for folder in folders])
    # pyblish keeps the plugins of *any* host registered in the process (a test
    # run, or a tool that registered "python" too): keep this session's host's.
    return logic.plugins_by_host(plugins, host_name) if host_name else plugins


def _native(path):
    """``path`` as the native ``str``: pyblish 1.8 names modules after file names, and
    Python 2's ``types.ModuleType`` refuses a unicode name (a path read from JSON)."""
    if six.PY2 and isinstance(path, six.text_type):
        import sys
        return path.encode(sys.getfilesystemencoding() or "utf-8")
    return path


def plugin_name(plugin):
    """The name a plan and the panel use for ``plugin`` (its class name)."""
    return plugin.__name__


def plugin_label(plugin):
    """What the artist reads: the plugin's ``label``, else its class name."""
    return getattr(plugin, "label", None) or plugin.__name__
