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
  multi-rotated/NAME.jpg          2 to 6 codes per picture (DMED QR codes and pack Data Matrix
                                  codes), each at any in-plane rotation
  shadow/NAME.jpg                 1 to 3 codes with a hard-edged shadow across them
  dim/NAME.jpg                    1 to 3 codes, too little light and too little gain, noisy
  overexposed/NAME.jpg            1 to 3 codes, highlights clipped and dark modules washed out
  damaged/NAME.jpg                1 to 3 codes with scratches, stains, torn corners and creases
                                  (the hard-case folders list each picture's exact texts, as a
                                  JSON array, in NAME.codes.json; their pictures are up to
                                  2048x1536)

Needs Pillow, numpy, qrcode and zxing-cpp: run it with the project's Python, which
scripts/setup.sh makes with them (.tools/py/bin/python, from scripts/python-tools.txt).
Usage: .tools/py/bin/python tests/corpus-gen/gen.py [--out DIR] [--count N] [--frames N] [--packs N] [--scenes N] [--seed S]
"""

import argparse
import io
import json
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


def place(rng, frame, code, size, max_skew, centre=None):
    """Warps code into frame: centre (random when None), size (px), rotation and perspective skew."""
    w, h = frame.size
    cw, ch = code.size
    if centre is None:
        cx = rng.uniform(size * 0.6, max(size * 0.6 + 1, w - size * 0.6))
        cy = rng.uniform(size * 0.6, max(size * 0.6 + 1, h - size * 0.6))
    else:
        cx, cy = centre
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


# ---- the hard cases: several codes per picture, hard shadows, dim and over-exposed pictures,
# damaged codes. Each picture's codes are listed in NAME.codes.json (a JSON array of the exact
# texts), as a picture may hold more than one.

SCENES = ("multi-rotated", "shadow", "dim", "overexposed", "damaged")


def layout(rng, w, h, n):
    """n cell centres and the largest code size that fits a cell at any rotation."""
    cols = math.ceil(math.sqrt(n * w / h))
    rows = math.ceil(n / cols)
    cw, ch = w / cols, h / rows
    cells = rng.sample(range(cols * rows), n)
    size = min(cw, ch) * rng.uniform(0.5, 0.66)
    centres = []
    for c in cells:
        col, row = c % cols, c // cols
        slack_x, slack_y = max(0.0, (cw - size * 1.42) / 2), max(0.0, (ch - size * 1.42) / 2)
        centres.append(
            ((col + 0.5) * cw + rng.uniform(-slack_x, slack_x), (row + 0.5) * ch + rng.uniform(-slack_y, slack_y))
        )
    return centres, size


def damage_code(rng, img):
    """Scratches, stains, a torn corner and a crease over a rendered code ('L' picture)."""
    a = np.asarray(img, dtype=np.float32) / 255.0
    h, w = a.shape
    yy, xx = np.mgrid[:h, :w].astype(np.float32)
    light, dark = float(np.percentile(a, 95)), float(np.percentile(a, 5))
    for _ in range(rng.randint(1, 3)):  # scratches: thick strokes of paper colour or ink
        x0, y0, x1, y1 = (rng.uniform(0.15, 0.85) * w for _ in range(4))
        width = rng.uniform(0.006, 0.02) * w
        dx, dy = x1 - x0, y1 - y0
        t = np.clip(((xx - x0) * dx + (yy - y0) * dy) / max(1e-6, dx * dx + dy * dy), 0, 1)
        dist = np.hypot(xx - (x0 + t * dx), yy - (y0 + t * dy))
        a[dist < width] = light if rng.random() < 0.7 else dark
    if rng.random() < 0.6:  # a stain: a soft grey blot that darkens what it covers
        cx, cy, r = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h, rng.uniform(0.06, 0.12) * w
        blot = np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * r * r))
        a = a * (1.0 - rng.uniform(0.3, 0.55) * blot)
    if rng.random() < 0.4:  # a torn corner away from the finder patterns (bottom right)
        cut = rng.uniform(0.1, 0.18) * w
        a[(xx - (w - 1)) + (yy - (h - 1)) > -cut] = light
    if rng.random() < 0.5:  # a crease: a thin light line across the code
        y = rng.uniform(0.3, 0.7) * h
        a[np.abs(yy - y - (xx - w / 2) * rng.uniform(-0.3, 0.3)) < 1.5] = light
    return Image.fromarray(np.clip(a * 255, 0, 255).astype(np.uint8), "L")


def hard_shadow(rng, img, centres, size):
    """A sharp-edged shadow (a hand, a phone, the scanner's own head) whose edge crosses codes."""
    w, h = img.size
    mask = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(mask)
    for _ in range(rng.randint(1, 2)):
        cx, cy = rng.choice(centres)
        ang = rng.uniform(0, 2 * math.pi)
        off = rng.uniform(-0.25, 0.25) * size  # the edge passes through or near the code
        ex, ey = cx + off * math.cos(ang), cy + off * math.sin(ang)
        nx, ny = math.cos(ang), math.sin(ang)  # the shadow lies on this side of the edge
        far = 3 * max(w, h)
        d.polygon(
            [
                (ex - ny * far, ey + nx * far),
                (ex + ny * far, ey - nx * far),
                (ex + ny * far + nx * far, ey - nx * far + ny * far),
                (ex - ny * far + nx * far, ey + nx * far + ny * far),
            ],
            fill=255,
        )
    mask = mask.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 2.0)))
    m = np.asarray(mask, dtype=np.float32) / 255.0
    a = np.asarray(img, dtype=np.float32) * (1.0 - rng.uniform(0.45, 0.7) * m)
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8), "L")


def expose(rng, img, light):
    """A camera with its exposure wrong: 'dim' (too little light, too little gain, noisy) or
    'overexposed' (highlights clipped, dark modules washed out to grey); JPEG-compressed."""
    a = np.asarray(img, dtype=np.float32) / 255.0
    noise = np.random.default_rng(rng.randrange(1 << 30))
    if light == "dim":
        a = a * rng.uniform(0.08, 0.22)
        a = a + noise.normal(0, rng.uniform(0.004, 0.012), a.shape)
        a = a * rng.uniform(1.0, 1.8)  # the gain the camera dared
    else:
        a = a * rng.uniform(1.5, 2.6) + rng.uniform(0.05, 0.3)
        bloom = np.asarray(
            Image.fromarray(np.clip(a * 255, 0, 255).astype(np.uint8), "L").filter(
                ImageFilter.GaussianBlur(rng.uniform(1.0, 3.0))
            ),
            dtype=np.float32,
        )
        a = 0.7 * a + 0.3 * bloom / 255.0  # light bleeding into the dark modules
        a = a + noise.normal(0, 0.01, a.shape)
    out = Image.fromarray(np.clip(a * 255, 0, 255).astype(np.uint8), "L")
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=rng.randint(60, 90))
    return buf.getvalue()


def scene_code(rng, size, damaged):
    """One code for a scene: a DMED QR on paper or a screen, or (one in four) a pack Data Matrix."""
    if rng.random() < 0.25:
        hri, sent = pack_code(rng)
        code = render_code(rng, sent, size * 1.3, "paper", None, False, mods=dm_modules(hri))
        text = sent
    else:
        text = payload(rng)
        medium = "screen" if rng.random() < 0.4 else "paper"
        ec = qrcode.constants.ERROR_CORRECT_Q if damaged else qrcode.constants.ERROR_CORRECT_M
        code = render_code(rng, text, size * 1.5, medium, ec, False)
    if damaged:
        code = damage_code(rng, code)
    return code, text


def scene(rng, i, kind):
    """One picture of a hard-case folder: its name, JPEG bytes and the texts of its codes."""
    w, h = rng.choice([(1280, 720), (1280, 960), (1600, 1200), (1920, 1080), (2048, 1536)])
    n = rng.randint(2, 6) if kind == "multi-rotated" else rng.randint(1, 3)
    centres, size = layout(rng, w, h, n)
    frame = background(rng, w, h)
    texts = []
    for centre in centres:
        code, text = scene_code(rng, size * rng.uniform(0.8, 1.0), kind == "damaged")
        place(rng, frame, code, size, rng.choice([0.0, 0.05, 0.1]), centre=centre)
        texts.append(text)
    if kind == "shadow":
        frame = hard_shadow(rng, frame, centres, size)
    if kind in ("dim", "overexposed"):
        data = expose(rng, frame, kind)
    else:
        data = camera(
            rng,
            frame,
            blur=rng.choice([0, 0, 0.6, 1.0]),
            noise=rng.choice([0.005, 0.015, 0.03]),
            low_light=False,
            glare=kind == "multi-rotated" and rng.random() < 0.2,
            shadow=False,
        )
    return f"{i:03d}-{n}", data, texts


def write_codes(folder, name, data, texts):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name + ".jpg"), "wb") as f:
        f.write(data)
    with open(os.path.join(folder, name + ".codes.json"), "w", encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False)


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
    ap.add_argument("--scenes", type=int, default=40, help="pictures in each hard-case folder")
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
    for k, kind in enumerate(SCENES):
        # Each folder has its own generator, so the folders above stay as they were.
        srng = random.Random(args.seed * 31 + k + 1)
        for i in range(args.scenes):
            name, data, texts = scene(srng, i, kind)
            write_codes(os.path.join(args.out, kind), name, data, texts)
    print(
        f"wrote {args.count} varied pictures, {args.frames}+{args.frames} 1280x720 frames, "
        f"{args.packs} pack codes and {args.scenes} pictures in each of {', '.join(SCENES)} to {args.out}"
    )


if __name__ == "__main__":
    main()
