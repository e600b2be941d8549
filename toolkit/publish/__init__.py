"""Publishing: files and frame sequences to their published paths, recorded in the store.

``publish_file(project, context, source, template, fields, published_file_type, ...)``
is the one entry point (see :mod:`toolkit.publish.publisher` for the guarantees).
"""

from toolkit.publish.errors import PublishError
from toolkit.publish.publisher import default_name, publish_file

__all__ = ["PublishError", "publish_file", "default_name"]
