"""A publish's thumbnail: kept beside its first file, in a ``.thumbnails`` folder."""

import os
import shutil

from toolkit.publish.errors import PublishError


def thumbnail_path(thumbnail, first_target):
    """Where the thumbnail of a publish whose first file is ``first_target`` goes."""
    return os.path.join(os.path.dirname(first_target), ".thumbnails",
                        os.path.basename(first_target) + os.path.splitext(thumbnail)[1])


def copy_thumbnail(thumbnail, first_target):
    """Copy ``thumbnail`` to :func:`thumbnail_path`; return that path (PublishError if it
    cannot be read or written)."""
    target = thumbnail_path(thumbnail, first_target)
    folder = os.path.dirname(target)
    try:
        if not os.path.isdir(folder):
            os.makedirs(folder)
        shutil.copyfile(thumbnail, target)
    except (EnvironmentError, shutil.Error) as exc:
        # e.g. the thumbnail cannot be read, or ".thumbnails" is a file
        raise PublishError("cannot copy the thumbnail %s to %s: %s" % (
            thumbnail, target, getattr(exc, "strerror", None) or exc))
    return target
