#!/usr/bin/env python3
# Run with the project's Python (.tools/py/bin/python, made by scripts/setup.sh): tests/bench/scan-bench.sh does.
"""Runs dorixona-scan, zbarimg and zxing-cpp (Python) on the same pictures and prints, per folder
and decoder: the codes decoded (exact text match against NAME.txt, or each text of
NAME.codes.json for pictures of several codes) out of the codes the pictures hold, the pictures
with at least one code decoded out of the pictures holding one, and the median decode time;
then the scanner's targets against zxing-cpp, PASS or MISS.

Every picture is first downscaled so its longest side is at most --max-dim (default 1280) pixels;
dorixona-scan does it itself (--max-dim), the others get the same downscaled picture. Times:
- dorixona-scan: its own `ms` (decode only, after loading and downscaling), --threads 1;
- zxing-cpp: wall time of zxingcpp.read_barcodes() on the loaded, downscaled picture (default
  options but plain text mode, so GS1 codes come as transmitted, FNC1 as GS, like ours);
- zbarimg: wall time of one zbarimg process on the downscaled PNG, minus the median time of
  zbarimg on a 1x1 picture (process start and library set-up), so roughly decode + PNG load.

With --repeat N, dorixona-scan decodes each picture N times and reports the median (steadier
on a shared machine); the other decoders run once.

Usage: scan-bench.py --bin PATH [--max-dim N] [--repeat N] [--pipeline P ...] FOLDER...
"""

import argparse
import glob
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

import zxingcpp
from PIL import Image

EXTS = (".png", ".jpg", ".jpeg", ".gif", ".bmp")


def images(folder):
    return sorted(p for p in glob.glob(os.path.join(folder, "*")) if p.lower().endswith(EXTS))


def expected(path):
    """The exact texts the picture holds: NAME.codes.json (a JSON array, for pictures of several
    codes) or NAME.txt (one code); [] when the picture holds none (no ground truth)."""
    stem = os.path.splitext(path)[0]
    if os.path.exists(stem + ".codes.json"):
        with open(stem + ".codes.json", encoding="utf-8") as f:
            return list(json.load(f))
    if os.path.exists(stem + ".txt"):
        with open(stem + ".txt", "rb") as f:
            return [f.read().decode("utf-8", errors="replace")]
    return []


def downscaled(path, max_dim):
    img = Image.open(path)
    img.load()
    img = img.convert("L")
    w, h = img.size
    if max_dim and max(w, h) > max_dim:
        f = max_dim / max(w, h)
        img = img.resize((max(1, round(w * f)), max(1, round(h * f))), Image.BILINEAR)
    return img


def run_ours(binary, files, max_dim, pipeline, repeat):
    out = {}
    cmd = [binary, "decode", "--threads", "1", "--max-dim", str(max_dim), "--repeat", str(repeat)]
    # A pipeline may carry formats: "full+datamatrix" runs --pipeline full --formats datamatrix.
    name, _, formats = pipeline.partition("+")
    cmd += ["--pipeline", name] + (["--formats", formats] if formats else [])
    # In chunks, so a huge folder does not hit the argument-length limit.
    for i in range(0, len(files), 200):
        chunk = files[i : i + 200]
        r = subprocess.run(cmd + chunk, capture_output=True, text=True)
        for line in r.stdout.splitlines():
            rec = json.loads(line)
            out[rec["file"]] = ([c["text"] for c in rec["codes"]], rec["ms"])
    return out


def run_zxing(files, max_dim):
    out = {}
    for f in files:
        img = downscaled(f, max_dim)
        t = time.perf_counter()
        res = zxingcpp.read_barcodes(img, text_mode=zxingcpp.TextMode.Plain)
        ms = (time.perf_counter() - t) * 1000
        out[f] = ([r.text for r in res], ms)
    return out


ZBARIMG = "/usr/bin/zbarimg"  # Debian's zbar-tools (scripts/setup.sh); --zbarimg to change


def zbar_once(png):
    t = time.perf_counter()
    r = subprocess.run([ZBARIMG, "-q", "--xml", png], capture_output=True)
    ms = (time.perf_counter() - t) * 1000
    texts = []
    try:
        root = ET.fromstring(r.stdout.decode("utf-8", errors="replace"))
        for el in root.iter():
            if el.tag.endswith("data") and el.text is not None:
                texts.append(el.text)
    except ET.ParseError:
        pass
    return texts, ms


def run_zbar(files, max_dim, tmp):
    blank = os.path.join(tmp, "blank.png")
    Image.new("L", (1, 1), 255).save(blank)
    overhead = statistics.median(zbar_once(blank)[1] for _ in range(7))
    out = {}
    for i, f in enumerate(files):
        png = os.path.join(tmp, f"{i}.png")
        downscaled(f, max_dim).save(png, compress_level=1)
        texts, ms = zbar_once(png)
        out[f] = (texts, max(0.0, ms - overhead))
    return out


PHOTOGRAPHED = ("qrcode-", "datamatrix-")  # the shared corpus's folders
HARD = ("multi-rotated", "shadow", "dim", "overexposed", "damaged")  # the generator's hard cases
TARGET_MS = 10.0


def score(run, files):
    """(codes found, codes expected, pictures with a code found, pictures holding a code, times)."""
    found = want = pics = pics_want = 0
    times = []
    for f in files:
        texts, t = run.get(f, ([], float("nan")))
        times.append(t)
        exp = expected(f)
        hits = sum(1 for e in set(exp) if e in texts)
        found += hits
        want += len(set(exp))
        if exp:
            pics_want += 1
            pics += hits > 0
    return found, want, pics, pics_want, times


def median(xs):
    xs = [x for x in xs if x == x]
    return statistics.median(xs) if xs else float("nan")


def main():
    global ZBARIMG
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--max-dim", type=int, default=1280)
    ap.add_argument("--pipeline", action="append", help="dorixona-scan pipelines to run (default: full)")
    ap.add_argument("--repeat", type=int, default=1, help="dorixona-scan: median of N decodes per picture")
    ap.add_argument("--zbarimg", default=ZBARIMG, help="path of zbarimg (default %(default)s)")
    ap.add_argument("--no-others", action="store_true", help="skip zbarimg and zxing-cpp")
    ap.add_argument("folders", nargs="+")
    args = ap.parse_args()
    ZBARIMG = args.zbarimg
    pipelines = args.pipeline or ["full"]
    decoders = [f"ours:{p}" if len(pipelines) > 1 else "ours" for p in pipelines]
    if not args.no_others:
        decoders += ["zxing-cpp", "zbar"]
    ours = decoders[0]
    per_folder = {}  # folder -> decoder -> score
    print(f"max-dim {args.max_dim}; per decoder: codes found/in the pictures, pictures with a code found/holding one, median ms")
    print(f"{'folder':<16}{'n':>4}" + "".join(f"{d:>28}" for d in decoders))
    with tempfile.TemporaryDirectory() as tmp:
        for folder in args.folders:
            files = images(folder)
            if not files:
                continue
            runs = {}
            for p, d in zip(pipelines, decoders):
                runs[d] = run_ours(args.bin, files, args.max_dim, p, args.repeat)
            if not args.no_others:
                runs["zxing-cpp"] = run_zxing(files, args.max_dim)
                runs["zbar"] = run_zbar(files, args.max_dim, tmp)
            name = os.path.basename(os.path.normpath(folder))
            per_folder[name] = {d: score(runs[d], files) for d in decoders}
            print(row(name, len(files), [per_folder[name][d] for d in decoders]), flush=True)
    groups = [
        ("photographed", [n for n in per_folder if n.startswith(PHOTOGRAPHED)]),
        ("hard cases", [n for n in per_folder if n in HARD]),
        ("total", list(per_folder)),
    ]
    for label, names in groups:
        if names:
            n = sum(len(per_folder[x][ours][4]) for x in names)
            print(row(label, n, [merged(per_folder, names, d) for d in decoders]))
    if not args.no_others and targets(per_folder, ours, groups):
        return 1
    return 0


def merged(per_folder, names, d):
    parts = [per_folder[n][d] for n in names]
    return tuple(sum(p[i] for p in parts) for i in range(4)) + ([t for p in parts for t in p[4]],)


def row(label, n, scores):
    out = f"{label:<16}{n:>4}"
    for found, want, pics, pics_want, times in scores:
        out += f"{f'{found}/{want}':>11}{f'{pics}/{pics_want}':>9}{median(times):>8.1f}"
    return out


def targets(per_folder, ours, groups):
    """The issue's targets, PASS or MISS each: per folder at least zxing-cpp's codes and never
    fewer pictures with a code; median at most 10 ms on the photographed corpus and on each
    hard-case folder."""
    print()
    print(f"targets ({ours} against zxing-cpp; median at most {TARGET_MS:g} ms per picture)")
    misses = 0
    for name, scores in per_folder.items():
        o, z = scores[ours], scores["zxing-cpp"]
        ok = o[0] >= z[0] and o[2] >= z[2]
        misses += not ok
        print(f"  {name:<16} codes {o[0]:>4} vs {z[0]:>4}  pictures {o[2]:>4} vs {z[2]:>4}  {'PASS' if ok else 'MISS'}")
    timed = [("photographed", dict(groups)["photographed"])] + [(n, [n]) for n in dict(groups)["hard cases"]]
    for label, names in timed:
        if not names:
            continue
        med = median(merged(per_folder, names, ours)[4])
        ok = med <= TARGET_MS
        misses += not ok
        print(f"  {label:<16} median {med:6.1f} ms  {'PASS' if ok else 'MISS'}")
    print(f"{misses} target(s) missed" if misses else "every target met")
    return misses


if __name__ == "__main__":
    sys.exit(main())
