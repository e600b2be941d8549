"""Sub-commands that bundles add to ``reelkit`` (``cli: "module:function"`` in a manifest).

An app keeps its command-line front end beside its headless logic
(``apps/publisher/cli.py`` -> ``reelkit publish-scene``), so the core never
imports an app: it only reads manifests and calls the named function with the
argparse sub-parsers. The function adds parsers exactly as the core's own
``*_commands`` modules do (``set_defaults(func=...)``).

Only Reelkit's own bundles and installed ones (entry points) are read here:
the project is not known before the arguments are parsed.
"""

import importlib

from toolkit.errors import ConfigError


def register_bundle_commands(subparsers):
    """Let every visible bundle with a ``cli`` entry add its sub-commands."""
    from toolkit.platform.discovery import BundleIndex
    for name, info in sorted(BundleIndex().all().items()):
        spec = info.manifest.cli
        if not spec:
            continue
        module_name, function_name = spec.split(":")
        info.import_package()
        try:
            module = importlib.import_module("%s.%s" % (info.package, module_name))
        except ImportError as exc:
            raise ConfigError("cannot import the command line of bundle %s (%s.%s): %s"
                              % (name, info.package, module_name, exc),
                              info.manifest.path, None, "cli")
        register = getattr(module, function_name, None)
        if register is None:
            raise ConfigError("bundle %s: %s has no function %s" % (name, module.__name__,
                                                                    function_name),
                              info.manifest.path, None, "cli")
        register(subparsers)
