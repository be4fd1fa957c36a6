#!/usr/bin/env python3
# Run with the project's Python (.tools/py/bin/python, made by scripts/setup.sh): tests/bench/scan-bench.sh does.
"""Runs dorixona-scan, zbarimg and zxing-cpp (Python) on the same pictures and prints, per folder,
how many codes each decoded (exact text match against NAME.txt) and each one's median decode time.

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
    txt = os.path.splitext(path)[0] + ".txt"
    if not os.path.exists(txt):
        return None
    with open(txt, "rb") as f:
        return f.read().decode("utf-8", errors="replace")


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--max-dim", type=int, default=1280)
    ap.add_argument("--pipeline", action="append", help="dorixona-scan pipelines to run (default: full)")
    ap.add_argument("--repeat", type=int, default=1, help="dorixona-scan: median of N decodes per picture")
    ap.add_argument("--zbarimg", default=ZBARIMG, help="path of zbarimg (default %(default)s)")
    ap.add_argument("--no-others", action="store_true", help="skip zbarimg and zxing-cpp")
    ap.add_argument("folders", nargs="+")
    args = ap.parse_args()
    global ZBARIMG
    ZBARIMG = args.zbarimg
    pipelines = args.pipeline or ["full"]
    decoders = [f"ours:{p}" if len(pipelines) > 1 else "ours" for p in pipelines]
    if not args.no_others:
        decoders += ["zxing-cpp", "zbar"]
    totals = {d: [0, 0] for d in decoders}
    all_ms = {d: [] for d in decoders}
    head = f"{'folder':<16}{'n':>4}" + "".join(f"{d:>22}" for d in decoders)
    print(f"max-dim {args.max_dim}; per decoder: decoded/expected  median ms")
    print(head)
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
            n = sum(1 for f in files if expected(f) is not None)
            row = f"{os.path.basename(os.path.normpath(folder)):<16}{len(files):>4}"
            for d in decoders:
                ok = 0
                ms = []
                for f in files:
                    texts, t = runs[d].get(f, ([], float("nan")))
                    ms.append(t)
                    exp = expected(f)
                    if exp is not None and exp in texts:
                        ok += 1
                totals[d][0] += ok
                totals[d][1] += n
                all_ms[d] += ms
                med = statistics.median(ms) if ms else float("nan")
                row += f"{f'{ok}/{n}':>14}{med:>8.1f}"
            print(row, flush=True)
    row = f"{'total':<16}{'':>4}"
    for d in decoders:
        ok, n = totals[d]
        row += f"{f'{ok}/{n}':>14}{statistics.median(all_ms[d]) if all_ms[d] else float('nan'):>8.1f}"
    print(row)


if __name__ == "__main__":
    sys.exit(main())
