"""Small generated PNG thumbnails for the demo project.

Written with zlib and struct only: the demo must run on a bare interpreter
(no Qt, no Pillow) and still give the Loader real images to show.
"""

import struct
import zlib


def _chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xffffffff)


def png_bytes(width, height, rows):
    """Encode an RGB image from ``rows``: ``height`` byte strings of ``3 * width`` bytes."""
    raw = b"".join(b"\x00" + row for row in rows)  # filter type 0 on every scanline
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b""))


def thumbnail(seed, width=160, height=90):
    """A diagonal two-colour gradient whose colours derive from ``seed`` (stable per name)."""
    value = zlib.crc32(seed.encode("utf-8")) & 0xffffffff
    top = ((value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff)
    bottom = tuple(255 - c // 2 for c in top)
    span = float(width + height)
    # The colour depends on x + y only: one pixel per diagonal, rows are slices.
    diagonal = bytearray()
    for step in range(width + height):
        t = step / span
        diagonal.extend(int(a + (b - a) * t) for a, b in zip(top, bottom))
    diagonal = bytes(diagonal)
    rows = [diagonal[3 * y:3 * (y + width)] for y in range(height)]
    return png_bytes(width, height, rows)


def write_thumbnail(path, seed, width=160, height=90):
    """Write a generated thumbnail PNG at ``path``."""
    with open(path, "wb") as handle:
        handle.write(thumbnail(seed, width, height))
    return path
