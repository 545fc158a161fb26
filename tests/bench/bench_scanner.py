"""Scanner benchmark: page detection accuracy (mean Jaccard, detection rate) of the
kiosk's detector side by side with the classic Canny + largest-4-gon recipe on the same
generated photos, detection time on 1280x960 frames, and rectification, quality gate,
JPEG and PDF/A times and sizes.

    .venv/bin/python tests/bench/bench_scanner.py [--n 200] [--seed0 30000] [--extra 90]

The scenes come from tests/scanner/docsynth.py. Seeds 0-299, 10000-10199,
20000-20199 and 40000-41149 were used to choose the detector's few weights; the
default seeds here (30000+) and the held-out set 91000-91199 (`--seed0 91000`) never
were. `--extra N` adds N scenes on background kinds the weights were never chosen on
(docsynth.EXTRA_BACKGROUNDS: marble, tiles, a larger pad under the page; seeds 96000+).
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


def _pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = (len(xs) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=200, help="number of scenes (default 200)")
    ap.add_argument("--seed0", type=int, default=30000)
    ap.add_argument("--extra", type=int, default=90, help="scenes on unseen background kinds (0: none)")
    ap.add_argument("--no-net", action="store_true", help="the detector on edges alone (without the page network)")
    args = ap.parse_args(argv)

    import cv2
    import numpy as np

    import devices.scanner.detect as detect_module
    from devices.scanner import pagenet
    from devices.scanner.detect import detect_classic, detect_page
    from devices.scanner.geometry import jaccard
    from devices.scanner.output import encode_jpeg, make_pdf
    from devices.scanner.quality import assess
    from devices.scanner.rectify import rectify
    from docsynth import EXTRA_BACKGROUNDS, make_empty_scene, make_scene

    cv2.setNumThreads(cv2.getNumThreads())
    if args.no_net:
        detect_module.USE_NET = False
    print(f"page network: {'off (--no-net)' if args.no_net else pagenet.MODEL_PATH.name if pagenet.available() else 'absent'}")
    detect_page(np.full((48, 64, 3), 128, np.uint8))        # OpenCV's one-time table set-up
    t_gen = time.perf_counter()
    rows = []
    for s in range(args.seed0, args.seed0 + args.n):
        sc = make_scene(s)
        t0 = time.perf_counter()
        d = detect_page(sc.image)
        t_ours = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        c = detect_classic(sc.image)
        t_classic = (time.perf_counter() - t0) * 1000
        nonet = None
        if detect_module.USE_NET and (c is None or jaccard(c.quad, sc.quad) < 0.6):
            # (ablation on the scenes that matter: the same detector on edges alone)
            detect_module.USE_NET = False
            dn = detect_page(sc.image)
            detect_module.USE_NET = True
            nonet = jaccard(dn.quad, sc.quad) if dn else 0.0
        rows.append({
            "seed": s, "hard": sc.params["hard"], "bg": sc.params["background"], "nonet": nonet,
            "ours": jaccard(d.quad, sc.quad) if d else 0.0, "ours_found": d is not None,
            "classic": jaccard(c.quad, sc.quad) if c else 0.0, "classic_found": c is not None,
            "t_ours": t_ours, "t_classic": t_classic, "img": sc.image if s - args.seed0 < 3 else None,
            "quad": sc.quad,
        })
    gen_s = time.perf_counter() - t_gen

    def summary(name, sel):
        if not sel:
            print(f"  {name:<34} (none)")
            return
        o = [r["ours"] for r in sel]
        c = [r["classic"] for r in sel]
        of = sum(r["ours_found"] for r in sel) / len(sel)
        cf = sum(r["classic_found"] for r in sel) / len(sel)
        o95 = sum(v >= 0.95 for v in o) / len(sel)
        c95 = sum(v >= 0.95 for v in c) / len(sel)
        print(f"  {name:<34} n={len(sel):4d}  mean Jaccard ours {statistics.mean(o):.4f}  classic {statistics.mean(c):.4f}"
              f"   detected ours {of:6.1%} classic {cf:6.1%}   J>=0.95 ours {o95:6.1%} classic {c95:6.1%}")

    print(f"Page detection, {args.n} generated 1280x960 photos (seeds {args.seed0}-{args.seed0 + args.n - 1}; "
          f"generation + detection {gen_s:.0f} s)")
    summary("all scenes", rows)
    summary("ordinary scenes", [r for r in rows if not r["hard"]])
    summary("hard scenes", [r for r in rows if r["hard"]])
    summary("scenes where classic < 0.6", [r for r in rows if r["classic"] < 0.6])
    ab = [r["nonet"] for r in rows if r["classic"] < 0.6 and r["nonet"] is not None]
    if ab and not args.no_net:
        print(f"  {'  ... the same, edges alone':<34} n={len(ab):4d}  mean Jaccard {statistics.mean(ab):.4f}"
              f"   J>=0.95 {sum(v >= 0.95 for v in ab) / len(ab):6.1%}   (without the page network)")
    summary("  ... of them ordinary", [r for r in rows if r["classic"] < 0.6 and not r["hard"]])
    print("  by background (hard and ordinary):")
    for bg in sorted({r["bg"] for r in rows}):
        summary(f"  {bg}", [r for r in rows if r["bg"] == bg])
    if args.extra:
        extra = []
        for s in range(96000, 96000 + args.extra):
            sc = make_scene(s, backgrounds=EXTRA_BACKGROUNDS)
            d, c = detect_page(sc.image), detect_classic(sc.image)
            extra.append({"bg": sc.params["background"], "ours": jaccard(d.quad, sc.quad) if d else 0.0,
                          "ours_found": d is not None, "classic": jaccard(c.quad, sc.quad) if c else 0.0,
                          "classic_found": c is not None})
        print(f"  background kinds never used for tuning ({args.extra} scenes, seeds 96000-{96000 + args.extra - 1}):")
        summary("  all of them", extra)
        for bg in sorted({r["bg"] for r in extra}):
            summary(f"  {bg}", [r for r in extra if r["bg"] == bg])
    from devices.scanner.camera import page_confirmed
    empties = [make_empty_scene(s) for s in range(args.seed0, args.seed0 + 40)]
    false_pages = [(e, d) for e in empties for d in [detect_page(e)] if d is not None]
    fp_ours, fp_confirmed = len(false_pages), sum(page_confirmed(e, d.quad) for e, d in false_pages)
    fp_classic = sum(detect_classic(e) is not None for e in empties)
    print(f"  empty frames (no page), 40: false pages ours {fp_ours}, classic {fp_classic}; "
          f"of ours, confirmed by the page network (so auto-captured) {fp_confirmed}")
    # a station's own desk under other light, with the empty desk on record or not
    from devices.scanner.desk import EmptyDesk
    from docsynth import desk_session
    fp_alone = fp_record = n_empty = cap_alone = cap_record = 0
    j_alone, j_record, unconfirmed_pages = [], [], 0
    for s in range(args.seed0, args.seed0 + 40):
        record, empty, page = desk_session(s)
        desk = EmptyDesk.from_image(record)
        for e in empty:
            n_empty += 1
            for kw in ({}, {"desk": desk}):
                d = detect_page(e, **kw)
                if d is not None:
                    taken = page_confirmed(e, d.quad)
                    if kw:
                        fp_record, cap_record = fp_record + 1, cap_record + taken
                    else:
                        fp_alone, cap_alone = fp_alone + 1, cap_alone + taken
        for dst, kw in ((j_alone, {}), (j_record, {"desk": desk})):
            d = detect_page(page.image, **kw)
            dst.append(jaccard(d.quad, page.quad) if d else 0.0)
            if kw and d is not None and not page_confirmed(page.image, d.quad):
                unconfirmed_pages += 1
    print(f"  one station's desk (docsynth.desk_session, 40 desks, {n_empty} relit empty frames): false pages "
          f"{fp_alone} alone, {fp_record} with the empty desk on record; a page laid on it: mean Jaccard "
          f"{statistics.mean(j_alone):.4f} alone, {statistics.mean(j_record):.4f} with the record")
    print(f"    auto-captured (the page network confirms the false page): {cap_alone} alone, {cap_record} with "
          f"the record; pages laid on the desk it would not confirm: {unconfirmed_pages} of 40")

    to = [r["t_ours"] for r in rows]
    tc = [r["t_classic"] for r in rows]
    print("\nDetection time per 1280x960 frame (ms), single process, "
          f"cv2 threads {cv2.getNumThreads()}:")
    print(f"  ours     median {statistics.median(to):6.1f}  p95 {_pct(to, 95):6.1f}  max {max(to):6.1f}")
    print(f"  classic  median {statistics.median(tc):6.1f}  p95 {_pct(tc, 95):6.1f}  max {max(tc):6.1f}")
    img, quad = rows[0]["img"], rows[0]["quad"]
    reps = []
    for _ in range(15):
        t0 = time.perf_counter()
        detect_page(img)
        reps.append((time.perf_counter() - t0) * 1000)
    print(f"  ours, one frame repeated 15x: median {statistics.median(reps):.1f} ms")
    if detect_module.USE_NET and pagenet.available():
        small = cv2.resize(img, (320, 240), interpolation=cv2.INTER_AREA)
        tn = []
        for _ in range(30):
            t0 = time.perf_counter()
            pagenet.page_probability(small)
            tn.append((time.perf_counter() - t0) * 1000)
        print(f"  of which the page network (one 128x96 inference): median {statistics.median(tn):.1f} ms")
    # the machine is shared: the best of 3 runs per frame shows the detector's own cost
    best3 = []
    for r in rows[:80]:
        sc = make_scene(r["seed"])
        ts = []
        for _ in range(3):
            t0 = time.perf_counter()
            detect_page(sc.image)
            ts.append((time.perf_counter() - t0) * 1000)
        best3.append(min(ts))
    print(f"  ours, best of 3 runs per frame, {len(best3)} frames: median {statistics.median(best3):.1f}  "
          f"p95 {_pct(best3, 95):.1f}")
    tracked = []
    for r in rows[:60]:
        sc = make_scene(r["seed"])
        d = detect_page(sc.image)
        if d is None:
            continue
        t0 = time.perf_counter()
        detect_page(sc.image, prior=d.quad)       # live preview: last frame's corners as the prior
        tracked.append((time.perf_counter() - t0) * 1000)
    if tracked:
        print(f"  ours while tracking (prior = last frame's corners), {len(tracked)} frames: "
              f"median {statistics.median(tracked):.1f}  p95 {_pct(tracked, 95):.1f}")

    print("\nStraightening, quality gate, output (one page, A4 @ 200 dpi = 1654x2339):")

    def timed(fn, n=5):
        ts = []
        out = None
        for _ in range(n):
            t0 = time.perf_counter()
            out = fn()
            ts.append((time.perf_counter() - t0) * 1000)
        return out, statistics.median(ts)

    for mode in ("colour", "grey", "bw", "flat"):
        page, ms = timed(lambda: rectify(img, quad, paper="A4", dpi=200, mode=mode))
        jpg, ms_j = timed(lambda: encode_jpeg(page, 80, 200))
        print(f"  rectify {mode:<6} {ms:7.1f} ms   JPEG q80 {ms_j:6.1f} ms  {len(jpg) / 1024:7.1f} KiB")
    _, ms_q = timed(lambda: assess(img, quad, paper="A4"), 10)
    print(f"  quality gate (blur, glare, dpi, edges)  {ms_q:6.1f} ms")
    page = rectify(img, quad, paper="A4", dpi=200)
    pages = [encode_jpeg(page, 80, 200)] * 3
    (data, res), ms_pdf = timed(lambda: make_pdf(pages), 5)
    print(f"  PDF/A-1b of 3 pages (img2pdf + pikepdf metadata) {ms_pdf:6.1f} ms, {res.bytes / 1024:.1f} KiB "
          f"({(res.bytes - sum(res.page_bytes)) / 1024:.1f} KiB over the JPEG data)")
    try:
        import io

        from pikepdf import pdfa
        t0 = time.perf_counter()
        rep = pdfa.validate_written(io.BytesIO(data), "1b")
        print(f"  pikepdf PDF/A-1b validation: {rep.verdict} ({(time.perf_counter() - t0) * 1000:.0f} ms)")
    except ImportError:
        print("  pikepdf PDF/A-1b validation: unavailable (fonttools missing)")


if __name__ == "__main__":
    main()
