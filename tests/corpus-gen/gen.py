#!/usr/bin/env python3
"""Camera-like pictures of DMED prescription QR codes, with ground truth, for the scanner benchmark.

Writes, deterministically for a seed, into OUT (default target/corpus-gen/):
  dmed-qr/NAME.jpg + NAME.txt     QR payloads `DMEDRX:1:<number>:<code>` on paper or on a phone
                                  screen (moire), with perspective, rotation, blur, noise, low light,
                                  glare, small codes and partial damage; NAME.txt is the exact payload
  frame720-code/NAME.jpg + .txt   1280x720 webcam frames holding one code (the frame-time budget)
  frame720-empty/NAME.jpg         1280x720 webcam frames holding no code
  pack-dm/NAME.jpg + NAME.txt     GS1 Data Matrix pack marking codes (Asl belgisi: (01) GTIN,
                                  (21) serial, (91) key, (92) crypto tail) on a pack, same camera
                                  effects; NAME.txt is the element string with GS (0x1D) after
                                  each variable field but the last, as a scanner transmits it

Needs Pillow, numpy, qrcode and zxing-cpp: run it with the project's Python, which
scripts/setup.sh makes with them (.tools/py/bin/python, from scripts/python-tools.txt).
Usage: .tools/py/bin/python tests/corpus-gen/gen.py [--out DIR] [--count N] [--frames N] [--packs N] [--seed S]
"""

import argparse
import io
import math
import os
import random

import numpy as np
import qrcode
from PIL import Image, ImageDraw, ImageFilter

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+"


def check_char(body: str) -> str:
    """ISO/IEC 7064 MOD 37-2 check character, as crates/dmed-api/src/ids/rx_number.rs computes it."""
    p = 0
    for ch in body:
        p = ((p + ALPHABET.index(ch)) * 2) % 37
    return ALPHABET[(38 - p) % 37]


def payload(rng: random.Random) -> str:
    body = "".join(rng.choice(ALPHABET[:36]) for _ in range(11))
    code = "".join(rng.choice("0123456789") for _ in range(4))
    return f"DMEDRX:1:{body}{check_char(body)}:{code}"


def gtin(rng: random.Random) -> str:
    """A GTIN-14 with its GS1 check digit (weights 3,1,3,... from the left)."""
    body = "0" + "".join(rng.choice("0123456789") for _ in range(12))
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def pack_code(rng: random.Random):
    """An Asl belgisi element string: (HRI form for the encoder, transmitted form with GS)."""
    printable = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    g = gtin(rng)
    serial = "".join(rng.choice(printable) for _ in range(13))
    key = "".join(rng.choice(printable) for _ in range(4))
    crypto = "".join(rng.choice(printable + "+/=") for _ in range(44))
    hri = f"(01){g}(21){serial}(91){key}(92){crypto}"
    sent = f"01{g}21{serial}\x1d91{key}\x1d92{crypto}"
    return hri, sent


def dm_modules(hri: str) -> np.ndarray:
    """A GS1 Data Matrix as a float array, 1.0 = light, with its quiet zone."""
    import zxingcpp  # only the pack set needs it

    code = zxingcpp.create_barcode(hri, zxingcpp.BarcodeFormat.DataMatrix, gs1=True)
    return (np.asarray(code.to_image(scale=1), dtype=np.float32) / 255.0).round()


def qr_modules(text: str, ec) -> np.ndarray:
    """The code as a float array, 1.0 = light, 0.0 = dark, with a 4-module quiet zone."""
    q = qrcode.QRCode(error_correction=ec, border=4, box_size=1)
    q.add_data(text)
    q.make(fit=True)
    m = np.array(q.get_matrix(), dtype=np.float32)
    return 1.0 - m


def render_code(rng, text, px, medium, ec, damage, mods=None):
    """The code as an 'L' picture about px pixels wide, on paper or on a phone screen."""
    if mods is None:
        mods = qr_modules(text, ec)
    n = mods.shape[0]
    scale = max(2, int(round(px / n)))
    img = np.kron(mods, np.ones((scale, scale), dtype=np.float32))
    if damage:
        h = img.shape[0]
        for _ in range(rng.randint(1, 3)):
            r = rng.uniform(0.04, 0.09) * h
            cx, cy = rng.uniform(0.25, 0.75) * h, rng.uniform(0.25, 0.75) * h
            yy, xx = np.ogrid[:h, :h]
            blob = (xx - cx) ** 2 + (yy - cy) ** 2 < r * r
            img[blob] = rng.choice([0.0, 1.0, 0.6])
    if medium == "paper":
        ink, paper = rng.uniform(0.05, 0.25), rng.uniform(0.8, 1.0)
        img = ink + (paper - ink) * img
        pad = int(img.shape[0] * rng.uniform(0.05, 0.2))
        img = np.pad(img, pad, constant_values=paper)
    else:
        dark_mode = rng.random() < 0.15
        lo, hi = rng.uniform(0.0, 0.1), rng.uniform(0.85, 1.0)
        img = lo + (hi - lo) * (1.0 - img if dark_mode else img)
        bg = lo if dark_mode else hi
        h = img.shape[0]
        side = int(h * rng.uniform(0.08, 0.2))
        img = np.pad(img, ((side * 2, side * 3), (side, side)), constant_values=bg)
        bezel = max(4, int(h * 0.05))
        img = np.pad(img, bezel, constant_values=rng.uniform(0.02, 0.12))
        # The screen's sub-pixel grid: a fine periodic pattern that aliases into moire once the
        # picture is warped and resampled.
        period = rng.uniform(1.6, 3.2)
        ys, xs = np.mgrid[: img.shape[0], : img.shape[1]]
        grid = 0.5 + 0.5 * np.sin(2 * math.pi * xs / period) * np.sin(2 * math.pi * ys / period)
        img = img * (1.0 - rng.uniform(0.1, 0.3) * grid)
    return Image.fromarray(np.clip(img * 255, 0, 255).astype(np.uint8), "L")


def perspective_coeffs(dst, src):
    """PIL PERSPECTIVE coefficients mapping output points dst to input points src."""
    a = []
    b = []
    for (x, y), (u, v) in zip(dst, src):
        a.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        a.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        b += [u, v]
    return np.linalg.solve(np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)).tolist()


def background(rng, w, h):
    base = rng.uniform(0.25, 0.75)
    ys, xs = np.mgrid[:h, :w].astype(np.float32)
    ang = rng.uniform(0, 2 * math.pi)
    grad = (xs * math.cos(ang) + ys * math.sin(ang)) / max(w, h)
    bg = base + rng.uniform(-0.25, 0.25) * grad
    img = Image.fromarray(np.clip(bg * 255, 0, 255).astype(np.uint8), "L")
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(3, 12)):  # clutter: boxes, lines, text-like strokes
        x0, y0 = rng.randrange(w), rng.randrange(h)
        x1, y1 = x0 + rng.randint(10, w // 3), y0 + rng.randint(5, h // 3)
        shade = rng.randint(0, 255)
        if rng.random() < 0.5:
            d.rectangle([x0, y0, x1, y1], fill=shade)
        else:
            d.line([x0, y0, x1, y1], fill=shade, width=rng.randint(1, 6))
    for _ in range(rng.randint(0, 30)):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        d.rectangle([x0, y0, x0 + rng.randint(3, 12), y0 + rng.randint(6, 14)], fill=rng.randint(0, 80))
    return img


def place(rng, frame, code, size, max_skew):
    """Warps code into frame: centre, size (px), rotation and perspective skew."""
    w, h = frame.size
    cw, ch = code.size
    cx = rng.uniform(size * 0.6, max(size * 0.6 + 1, w - size * 0.6))
    cy = rng.uniform(size * 0.6, max(size * 0.6 + 1, h - size * 0.6))
    theta = rng.uniform(0, 2 * math.pi)
    aspect = ch / cw
    half = [(-0.5, -0.5 * aspect), (0.5, -0.5 * aspect), (0.5, 0.5 * aspect), (-0.5, 0.5 * aspect)]
    dst = []
    for hx, hy in half:
        jx = hx * size * (1 + rng.uniform(-max_skew, max_skew))
        jy = hy * size * (1 + rng.uniform(-max_skew, max_skew))
        dst.append((cx + jx * math.cos(theta) - jy * math.sin(theta), cy + jx * math.sin(theta) + jy * math.cos(theta)))
    src = [(0, 0), (cw, 0), (cw, ch), (0, ch)]
    coeffs = perspective_coeffs(dst, src)
    warped = code.transform((w, h), Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    mask = Image.new("L", code.size, 255).transform((w, h), Image.PERSPECTIVE, coeffs, Image.BILINEAR)
    frame.paste(warped, (0, 0), mask)


def camera(rng, img, blur, noise, low_light, glare, shadow):
    """Lens blur, lighting, glare, sensor noise and JPEG compression."""
    if blur > 0:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    a = np.asarray(img, dtype=np.float32) / 255.0
    h, w = a.shape
    ys, xs = np.mgrid[:h, :w].astype(np.float32)
    if shadow:
        ang = rng.uniform(0, 2 * math.pi)
        t = (xs * math.cos(ang) + ys * math.sin(ang)) / max(w, h)
        a = a * (1.0 - rng.uniform(0.3, 0.6) * np.clip(t - rng.uniform(-0.2, 0.4), 0, 1))
    if low_light:
        a = a * rng.uniform(0.15, 0.35)
    if glare:
        gx, gy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(0.05, 0.2) * max(w, h)
        a = a + rng.uniform(0.5, 1.2) * np.exp(-((xs - gx) ** 2 + (ys - gy) ** 2) / (2 * r * r))
    a = a + np.random.default_rng(rng.randrange(1 << 30)).normal(0, noise, a.shape)
    if low_light:  # auto gain brings the picture back up, noise and all
        a = a / max(1e-3, float(np.percentile(a, 99)))
    out = Image.fromarray(np.clip(a * 255, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=rng.randint(55, 90))
    return buf.getvalue()


def varied(rng, i):
    """One picture of the varied set and its payload."""
    text = payload(rng)
    w, h = rng.choice([(1280, 720), (1280, 960), (1600, 1200), (1920, 1080), (1024, 768)])
    medium = "screen" if rng.random() < 0.45 else "paper"
    damage = rng.random() < 0.15
    ec = qrcode.constants.ERROR_CORRECT_Q if damage else qrcode.constants.ERROR_CORRECT_M
    small = rng.random() < 0.3
    size = min(w, h) * (rng.uniform(0.12, 0.22) if small else rng.uniform(0.25, 0.6))
    frame = background(rng, w, h)
    code = render_code(rng, text, size * 1.5, medium, ec, damage)
    place(rng, frame, code, size, rng.choice([0.0, 0.05, 0.12, 0.2]))
    data = camera(
        rng,
        frame,
        blur=rng.choice([0, 0, 0.6, 1.0, 1.6, 2.4]) * (size / 300 if not small else 0.7),
        noise=rng.choice([0.005, 0.015, 0.03, 0.05]),
        low_light=rng.random() < 0.2,
        glare=rng.random() < 0.25,
        shadow=rng.random() < 0.3,
    )
    kind = f"{medium}{'-small' if small else ''}{'-damaged' if damage else ''}"
    return f"{i:03d}-{kind}", data, text


def frame720(rng, with_code):
    frame = background(rng, 1280, 720)
    text = None
    if with_code:
        text = payload(rng)
        medium = "screen" if rng.random() < 0.5 else "paper"
        size = rng.uniform(180, 380)
        code = render_code(rng, text, size * 1.5, medium, qrcode.constants.ERROR_CORRECT_M, False)
        place(rng, frame, code, size, 0.08)
    data = camera(rng, frame, blur=rng.choice([0, 0.6, 1.0]), noise=0.015, low_light=False, glare=False, shadow=rng.random() < 0.3)
    return data, text


def pack(rng, i):
    """One picture of a pack's Data Matrix and its transmitted text."""
    hri, sent = pack_code(rng)
    w, h = rng.choice([(1280, 720), (1280, 960), (1600, 1200)])
    small = rng.random() < 0.3
    size = min(w, h) * (rng.uniform(0.1, 0.16) if small else rng.uniform(0.18, 0.4))
    frame = background(rng, w, h)
    code = render_code(rng, sent, size * 1.3, "paper", None, False, mods=dm_modules(hri))
    place(rng, frame, code, size, rng.choice([0.0, 0.05, 0.12]))
    data = camera(
        rng,
        frame,
        blur=rng.choice([0, 0, 0.6, 1.0]),
        noise=rng.choice([0.005, 0.015, 0.03]),
        low_light=rng.random() < 0.15,
        glare=rng.random() < 0.3,
        shadow=rng.random() < 0.3,
    )
    return f"{i:03d}-pack{'-small' if small else ''}", data, sent


def write(folder, name, data, text):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name + ".jpg"), "wb") as f:
        f.write(data)
    if text is not None:
        with open(os.path.join(folder, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="target/corpus-gen")
    ap.add_argument("--count", type=int, default=120)
    ap.add_argument("--frames", type=int, default=30)
    ap.add_argument("--packs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=20240501)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    for i in range(args.count):
        name, data, text = varied(rng, i)
        write(os.path.join(args.out, "dmed-qr"), name, data, text)
    for i in range(args.frames):
        data, text = frame720(rng, True)
        write(os.path.join(args.out, "frame720-code"), f"{i:03d}", data, text)
        data, _ = frame720(rng, False)
        write(os.path.join(args.out, "frame720-empty"), f"{i:03d}", data, None)
    for i in range(args.packs):
        name, data, text = pack(rng, i)
        write(os.path.join(args.out, "pack-dm"), name, data, text)
    print(
        f"wrote {args.count} varied pictures, {args.frames}+{args.frames} 1280x720 frames "
        f"and {args.packs} pack codes to {args.out}"
    )


if __name__ == "__main__":
    main()
