#!/usr/bin/env python3
"""Draws the Dorixona application icons into icons/.

The mark is a white pharmacy cross on a green rounded square. It is drawn from signed distance
functions (one evaluation per pixel, edges anti-aliased by coverage), and written with the standard
library only: PNG via zlib, ICO and ICNS as containers of PNG images. Run it again after changing the
mark; the output is deterministic.

    python3 scripts/make-icons.py [OUT_DIR]
"""

import math
import os
import struct
import sys
import zlib

GREEN_TOP = (0x2F, 0xA8, 0x62)
GREEN_BOTTOM = (0x17, 0x7A, 0x42)
WHITE = (0xFF, 0xFF, 0xFF)


def rounded_box(px, py, cx, cy, half_w, half_h, radius):
    """Signed distance from (px, py) to a rounded rectangle centred on (cx, cy)."""
    qx = abs(px - cx) - (half_w - radius)
    qy = abs(py - cy) - (half_h - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    inside = min(max(qx, qy), 0.0)
    return outside + inside - radius


def coverage(distance):
    """Share of a pixel covered by a shape, given the distance of its centre to the edge."""
    return min(max(0.5 - distance, 0.0), 1.0)


def render(size):
    """RGBA rows of the icon at `size` × `size` pixels."""
    s = float(size)
    margin = s * 0.06
    half = s / 2 - margin
    corner = s * 0.2
    arm_long = s * 0.30
    arm_short = s * 0.105
    arm_round = s * 0.035
    rows = []
    for y in range(size):
        row = bytearray()
        py = y + 0.5
        t = y / max(size - 1, 1)
        bg = tuple(round(GREEN_TOP[i] + (GREEN_BOTTOM[i] - GREEN_TOP[i]) * t) for i in range(3))
        for x in range(size):
            px = x + 0.5
            tile = coverage(rounded_box(px, py, s / 2, s / 2, half, half, corner))
            if tile <= 0.0:
                row += b"\x00\x00\x00\x00"
                continue
            cross = max(
                coverage(rounded_box(px, py, s / 2, s / 2, arm_long, arm_short, arm_round)),
                coverage(rounded_box(px, py, s / 2, s / 2, arm_short, arm_long, arm_round)),
            )
            rgb = [round(bg[i] + (WHITE[i] - bg[i]) * cross) for i in range(3)]
            row += bytes(rgb) + bytes([round(255 * tile)])
        rows.append(bytes(row))
    return rows


def png(size):
    """A PNG file (8-bit RGBA) of the icon at `size` pixels."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + row for row in render(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def ico(images):
    """A Windows .ico holding the given {size: png bytes} images."""
    sizes = sorted(images)
    out = struct.pack("<HHH", 0, 1, len(sizes))
    offset = 6 + 16 * len(sizes)
    body = b""
    for size in sizes:
        data = images[size]
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        body += data
    return out + body


def icns(images):
    """A macOS .icns holding the given {type code: png bytes} images."""
    body = b""
    for code, data in images:
        body += code + struct.pack(">I", len(data) + 8) + data
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "icons")
    os.makedirs(out_dir, exist_ok=True)
    cache = {}

    def get(size):
        if size not in cache:
            cache[size] = png(size)
        return cache[size]

    files = {
        "32x32.png": get(32),
        "128x128.png": get(128),
        "128x128@2x.png": get(256),
        "icon.png": get(512),
        "icon.ico": ico({16: get(16), 24: get(24), 32: get(32), 48: get(48), 64: get(64), 256: get(256)}),
        "icon.icns": icns([(b"ic07", get(128)), (b"ic08", get(256)), (b"ic09", get(512))]),
    }
    for name, data in files.items():
        path = os.path.join(out_dir, name)
        with open(path, "wb") as fh:
            fh.write(data)
        print(f"wrote {os.path.normpath(path)} ({len(data)} bytes)")


if __name__ == "__main__":
    main()
