"""MRZ reading time: the whole-frame reader (`read_mrz`, as `kiosk scan mrz` and the UI
called it) against the page reader (`read_mrz_in_page`: the detected page's corners, the
band located on a downscaled page, one OCR of the band at text size).

    .venv/bin/python tests/bench/bench_mrz.py [--repeat 3] [--scenes 24] [--old OLD_MRZ.py]

Cases: a flat scan of a TD3 passport page and of a TD1 card back, and photos of them on a
desk (perspective, uneven light, noise, JPEG) at 1280x960, 1920x1080 and 2592x1944.
Prints, per case and path, the median time and whether the checked MRZ came out; then
the read rate on passports and card backs in independent generated photos, by resolution.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "scanner"))

import cv2  # noqa: E402
import numpy as np  # noqa: E402


def cases():
    from mrzsynth import TD1, TD3, passport_page, photo_of
    td3 = passport_page(TD3, 1250, seed=3)
    td1 = passport_page(TD1, 1000, seed=4)
    out = [("scan TD3 1250 px", td3, None, TD3), ("scan TD1 1000 px", td1, None, TD1)]
    for size in ((1280, 960), (1920, 1080), (2592, 1944)):
        big = passport_page(TD3, max(1250, int(size[0] * 0.8)), seed=5)
        img, quad = photo_of(big, size, 0.8, seed=size[0])
        out.append((f"photo TD3 {size[0]}x{size[1]}", img, quad, TD3))
    card = passport_page(TD1, 1600, seed=6)
    img, quad = photo_of(card, (1920, 1080), 0.6, seed=7)
    out.append(("photo TD1 1920x1080", img, quad, TD1))
    return out


UI_WIDTH = 2400    # ui/scanning.py reads frames at most this wide


def _timed(fn, repeat):
    ts, res = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        res = fn()
        ts.append((time.perf_counter() - t0) * 1000)
    return statistics.median(ts), res


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scenes", type=int, default=24, help="independent photos with an MRZ to read (0: none)")
    ap.add_argument("--old", metavar="MRZ_PY", help="time this mrz.py's read_mrz in the whole-frame column "
                    "(e.g. `git show 383af2f:devices/scanner/mrz.py > /tmp/mrz_old.py`: the reader before "
                    "read_mrz_in_page)")
    args = ap.parse_args(argv)
    from devices.scanner import mrz
    whole = mrz
    if args.old:
        import importlib.util
        spec = importlib.util.spec_from_file_location("mrz_old", args.old)
        whole = importlib.util.module_from_spec(spec)
        sys.modules["mrz_old"] = whole          # dataclasses look their module up there
        spec.loader.exec_module(whole)
        print(f"whole-frame column: read_mrz from {args.old}")
    from devices.scanner.detect import detect_page
    detect_page(np.full((48, 64, 3), 128, np.uint8))
    has_page_reader = hasattr(mrz, "read_mrz_in_page")
    print(f"{'case':<22} {'whole frame (read_mrz)':>26}   {'page (detect + read_mrz_in_page)':>34}")
    tot_old, tot_new = [], []
    for name, img, quad, lines in cases():
        h, w = img.shape[:2]
        small = img if w <= UI_WIDTH else cv2.resize(img, (UI_WIDTH, round(h * UI_WIDTH / w)), interpolation=cv2.INTER_AREA)
        ms_old, m_old = _timed(lambda: whole.read_mrz(small), args.repeat)
        ok_old = m_old is not None and m_old.lines == list(lines)
        tot_old.append(ms_old)
        new = "n/a"
        if has_page_reader:
            def page_path():
                if quad is None:
                    return mrz.read_mrz_in_page(img)
                d = detect_page(img)
                return mrz.read_mrz_in_page(img, None if d is None else d.quad)
            ms_new, m_new = _timed(page_path, args.repeat)
            ok_new = m_new is not None and m_new.lines == list(lines)
            tot_new.append(ms_new)
            new = f"{ms_new:8.0f} ms  {'read' if ok_new else 'MISSED'}"
        print(f"{name:<22} {ms_old:14.0f} ms  {'read' if ok_old else 'MISSED':<6}   {new:>20}")
    print(f"median over cases: whole frame {statistics.median(tot_old):.0f} ms"
          + (f", page {statistics.median(tot_new):.0f} ms" if tot_new else ""))
    if has_page_reader and args.scenes:
        independent_photos(args.scenes, mrz, detect_page)


def _key(sc):
    """(document number, birth date, expiry) of a generated scene's MRZ."""
    if sc.paper == "passport":
        l2 = sc.mrz[1]
        return l2[0:9].replace("<", ""), l2[13:19], l2[21:27]
    return sc.mrz[0][5:14].replace("<", ""), sc.mrz[1][0:6], sc.mrz[1][8:14]


def independent_photos(n, mrz, detect_page):
    """Passports and card backs in tests/scanner/scenes_independent.py photos (desk clutter,
    tilt, curl, shadows, glare, blur, noise, JPEG; MRZ in OCR-B, as on real documents):
    how often the checked MRZ comes out, with the true corners and with detected ones."""
    from scenes_independent import PAPERS, make_scene
    rows = []
    seed = 810000
    while len(rows) < n and seed < 810000 + 20 * n:
        sc = make_scene(seed, paper="passport" if seed % 2 else "ID-1")
        seed += 1
        if sc.mrz is None:
            continue
        w_mm = PAPERS[sc.paper][0]
        c = sc.corners
        px_per_mm = (np.linalg.norm(c[1] - c[0]) + np.linalg.norm(c[2] - c[3])) / 2 / w_mm
        t0 = time.perf_counter()
        m_gt = mrz.read_mrz_in_page(sc.image, sc.corners)
        ms_gt = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        d = detect_page(sc.image)
        m_det = mrz.read_mrz_in_page(sc.image, d.quad) if d is not None else None
        ms_det = (time.perf_counter() - t0) * 1000
        # the same with tesseract alone (the reader before the cell reader), for comparison
        by_pitch, mrz._read_by_pitch = mrz._read_by_pitch, lambda page, band: None
        try:
            t_gt = mrz.read_mrz_in_page(sc.image, sc.corners)
            t_det = mrz.read_mrz_in_page(sc.image, d.quad) if d is not None else None
        finally:
            mrz._read_by_pitch = by_pitch
        rows.append(dict(paper=sc.paper, ppm=px_per_mm, gt=m_gt is not None and m_gt.lines == sc.mrz,
                         det=m_det is not None and m_det.lines == sc.mrz,
                         # accepted but different: in the BAC key (doc number, birth, expiry: the
                         # check digits should make this impossible) or only in unchecked fields
                         key_wrong=any(m is not None and m.lines != sc.mrz and m.bac_key_fields != _key(sc)
                                       for m in (m_gt, m_det)),
                         name_wrong=any(m is not None and m.lines != sc.mrz and m.bac_key_fields == _key(sc)
                                        for m in (m_gt, m_det)),
                         ms_gt=ms_gt, ms_det=ms_det,
                         key_gt=m_gt is not None and m_gt.bac_key_fields == _key(sc),
                         key_det=m_det is not None and m_det.bac_key_fields == _key(sc),
                         tess_gt=t_gt is not None and t_gt.bac_key_fields == _key(sc),
                         tess_det=t_det is not None and t_det.bac_key_fields == _key(sc)))
    print(f"\nindependent photos ({len(rows)} with an MRZ in OCR-B, seeds 810000+): the whole zone read, with true "
          f"corners / with detected corners; the BAC key (what the chip needs) read, and by tesseract alone")
    pct = lambda sub, k: 100 * sum(r[k] for r in sub) / len(sub)      # noqa: E731
    for lo, hi, label in ((0, 6, "< 6 px/mm (chars < ~14 px)"), (6, 9, "6-9 px/mm"), (9, 99, ">= 9 px/mm (chars >= ~22 px)")):
        sub = [r for r in rows if lo <= r["ppm"] < hi]
        if sub:
            print(f"  {label:<30} n={len(sub):>3}  zone {pct(sub, 'gt'):5.1f}% / {pct(sub, 'det'):5.1f}%   "
                  f"key {pct(sub, 'key_gt'):5.1f}% / {pct(sub, 'key_det'):5.1f}%   "
                  f"tesseract alone key {pct(sub, 'tess_gt'):5.1f}% / {pct(sub, 'tess_det'):5.1f}%")
    if rows:
        print(f"  BAC key, all: true corners {pct(rows, 'key_gt'):.1f}%, detected {pct(rows, 'key_det'):.1f}% "
              f"(tesseract alone {pct(rows, 'tess_gt'):.1f}%, {pct(rows, 'tess_det'):.1f}%)")
    if rows:
        print(f"  all: true corners {100 * sum(r['gt'] for r in rows) / len(rows):.1f}%, detected "
              f"{100 * sum(r['det'] for r in rows) / len(rows):.1f}%; accepted with a wrong BAC key: "
              f"{sum(r['key_wrong'] for r in rows)}, with a name/nationality misread (no check digit there): "
              f"{sum(r['name_wrong'] for r in rows)}; "
              f"median time {statistics.median(r['ms_gt'] for r in rows):.0f} ms (read only), "
              f"{statistics.median(r['ms_det'] for r in rows):.0f} ms (detect + read)")


if __name__ == "__main__":
    main()
