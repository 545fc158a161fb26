"""`kiosk scan ...`: detect, rectify, pdf, camera, calibrate, desk, mrz, code.

Kept light: OpenCV, NumPy, img2pdf, pikepdf and zxing-cpp are imported inside handlers.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kiosk.cli import add_json_flag
from kiosk.config import PAPER_FORMATS as PAPERS
from kiosk.errors import DeviceError, InputError, UsageError


def register(subparsers):
    p = subparsers.add_parser("scan", help="document camera: find, straighten, check and store pages; MRZ, QR codes")
    sub = p.add_subparsers(dest="scan_command", required=True, metavar="ACTION")

    d = sub.add_parser("detect", help="find the page in photos; print corners, quality and time "
                                      "(problem 'unconfirmed': the page network does not see a page there)")
    d.add_argument("images", nargs="+", metavar="IMAGE")
    d.add_argument("--paper", choices=PAPERS, default=None, help="paper format for the DPI check (default camera.paper)")
    d.add_argument("--desk", metavar="EMPTY.png", default=None,
                   help="the empty desk these photos were taken over (a pattern of the desk is not a page); "
                        "'recorded': this station's (kiosk scan desk)")
    add_json_flag(d)
    d.set_defaults(func=_detect)

    r = sub.add_parser("rectify", help="straighten the page of a photo and save it as JPEG")
    r.add_argument("image", metavar="IMAGE")
    r.add_argument("-o", "--output", required=True, metavar="OUT.jpg")
    r.add_argument("--mode", choices=("colour", "grey", "bw", "flat"), default="colour")
    r.add_argument("--corners", metavar="x,y,x,y,x,y,x,y", help="use these corners (original pixels) instead of detecting")
    r.add_argument("--paper", choices=PAPERS, default=None, help="paper format (default camera.paper)")
    r.add_argument("--dpi", type=int, default=None, help="output DPI (default: camera.target_dpi)")
    r.add_argument("--quality", type=int, default=None, help="JPEG quality (default camera.jpeg_quality)")
    add_json_flag(r)
    r.set_defaults(func=_rectify)

    pd = sub.add_parser("pdf", help="combine page images into one PDF/A-1b")
    pd.add_argument("images", nargs="+", metavar="IMAGE")
    pd.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    pd.add_argument("--rectify", action="store_true", help="detect and straighten each photo first")
    pd.add_argument("--paper", choices=PAPERS, default=None, help="paper format (default camera.paper)")
    pd.add_argument("--quality", type=int, default=None, help="JPEG quality for re-encoded pages (default camera.jpeg_quality)")
    pd.add_argument("--title", default="Scanned materials")
    add_json_flag(pd)
    pd.set_defaults(func=_pdf)

    c = sub.add_parser("camera", help="open a camera (index, device, URL, video file, image folder) and save a frame")
    c.add_argument("--source", default=None, help="camera source (default: camera.source)")
    c.add_argument("--snapshot", required=True, metavar="OUT.jpg", help="write the frame here")
    c.add_argument("--auto", action="store_true", help="wait for an auto-capture and save the straightened page")
    c.add_argument("--paper", choices=PAPERS, default=None, help="paper format for --auto's quality gate (default camera.paper)")
    c.add_argument("--timeout", type=float, default=10.0, help="give up after this many seconds (default 10)")
    add_json_flag(c)
    c.set_defaults(func=_camera)

    cb = sub.add_parser("calibrate", help="blur threshold for this camera from photos of good, sharp pages")
    cb.add_argument("images", nargs="+", metavar="IMAGE")
    add_json_flag(cb)
    cb.set_defaults(func=_calibrate)

    dk = sub.add_parser("desk", help="record the empty desk under the camera (a pattern on it is then not taken for a page)")
    dk.add_argument("image", nargs="?", metavar="IMAGE", help="a photo of the empty desk (default: a frame from the camera)")
    dk.add_argument("--source", default=None, help="camera source (default: camera.source)")
    dk.add_argument("--timeout", type=float, default=10.0, help="give up on the camera after this many seconds (default 10)")
    dk.add_argument("--force", action="store_true", help="record even if a page seems to lie on the desk")
    add_json_flag(dk)
    dk.set_defaults(func=_desk)

    m = sub.add_parser("mrz", help="read and check the machine-readable zone of a passport/ID photo")
    m.add_argument("image", metavar="IMAGE")
    add_json_flag(m)
    m.set_defaults(func=_mrz)

    q = sub.add_parser("code", help="read QR codes and barcodes in a photo")
    q.add_argument("image", metavar="IMAGE")
    add_json_flag(q)
    q.set_defaults(func=_code)


def _thresholds(ctx):
    from devices.scanner.quality import Thresholds
    return Thresholds.from_config(ctx.config)


def detect_one(path: str, paper: str = "A4", thresholds=None, desk=None) -> dict:
    """The `kiosk scan detect` record for one file (raises InputError if unreadable).
    `desk`: the EmptyDesk the photo was taken over, if known."""
    from devices.scanner.camera import page_confirmed
    from devices.scanner.detect import detect_page
    from devices.scanner.imageio import load_image
    from devices.scanner.quality import assess

    li = load_image(path)
    det = detect_page(li.image, desk=desk)
    if det is None:
        from devices.scanner.quality import no_page
        return {"path": path, "quad": None, "quality": no_page().as_dict(), "ms": None}
    q = assess(li.image, det.quad, paper=paper, thresholds=thresholds, scale=1 / li.scale)
    if not page_confirmed(li.image, det.quad):
        # the edges found a page the page network does not see (a box, a keyboard, a
        # patch of an empty desk -- or, rarely, a real page): a warning, as on the
        # Capture screen, where auto-capture waits and a tap still takes it
        q.problems.append("unconfirmed")
    quad = [[round(float(x) / li.scale, 1), round(float(y) / li.scale, 1)] for x, y in det.quad]
    return {"path": path, "quad": quad, "quality": q.as_dict(), "ms": round(det.ms, 2)}


def warm_up() -> None:
    """Run the detector once on a tiny frame: OpenCV builds its colour tables on first
    use (~100 ms), which must not be counted as the first photo's detection time."""
    import numpy as np

    from devices.scanner.detect import detect_page
    detect_page(np.full((48, 64, 3), 128, np.uint8))


def _detect(args, ctx):
    import time
    warm_up()
    out, bad = [], []
    th = _thresholds(ctx)
    paper = args.paper or ctx.config["camera.paper"]
    desk = _desk_option(args.desk, ctx.config)
    for path in args.images:
        t0 = time.perf_counter()
        try:
            rec = detect_one(path, paper, th, desk)
            if rec["ms"] is None:
                rec["ms"] = round((time.perf_counter() - t0) * 1000, 2)
        except InputError as e:
            bad.append(str(e))
            rec = {"path": path, "quad": None,
                   "quality": {"ok": False, "problems": ["unreadable"], "blur": None, "glare": None, "dpi": None},
                   "ms": None}
        out.append(rec)

    def text():
        lines = []
        for r in out:
            if r["quad"] is None:
                lines.append(f"{r['path']}: no page ({', '.join(r['quality']['problems'])})")
            else:
                qq = r["quality"]
                status = "ok" if qq["ok"] else "not ok"
                probs = f" [{', '.join(qq['problems'])}]" if qq["problems"] else ""
                lines.append(f"{r['path']}: page {r['quad']} {status}{probs} "
                             f"blur={qq['blur']} glare={qq['glare']} dpi={qq['dpi']} {r['ms']} ms")
        return "\n".join(lines)
    ctx.emit(out, text)
    for b in bad:
        print(f"kiosk: {b}", file=sys.stderr)
    return 2 if bad else 0


def _check_timeout(timeout: float) -> None:
    if not timeout > 0:
        raise UsageError(f"--timeout {timeout:g}: must be more than 0 seconds")


def _snapshot(cam, src: str, timeout: float):
    """One frame of the started camera `cam`, or a DeviceError naming the source and its status."""
    f = cam.snapshot(timeout=timeout)
    if f is None:
        st = cam.status
        raise DeviceError(f"camera {src!r}: no frame within {timeout:g} s ({st.state}: {st.detail})")
    return f


def _desk_option(value, config):
    """--desk: a picture of the empty desk, or 'recorded' (this station's); None: none."""
    from devices.scanner.desk import EmptyDesk, record_path
    if value is None:
        return None
    path = record_path(config) if value == "recorded" else Path(value)
    if value == "recorded" and not path.exists():
        raise UsageError(f"--desk recorded: no empty desk recorded at {path} (record it: kiosk scan desk)")
    return EmptyDesk.load(path)


def _desk(args, ctx):
    """Record the empty desk: from a photo, or a frame of the camera; refused when a
    page seems to lie on it."""
    from devices.scanner.desk import page_in_view, record, record_path

    if args.image is not None:
        from devices.scanner.imageio import load_image
        image = load_image(args.image).image
    else:
        _check_timeout(args.timeout)
        from devices.scanner.camera import CameraSource, camera_settings
        src = args.source if args.source is not None else ctx.config["camera.source"]
        # the preview size: the frames auto-capture looks for pages in
        cam = CameraSource(src, **camera_settings(ctx.config, preview=True))
        cam.start()
        try:
            image = _snapshot(cam, src, args.timeout).image
        finally:
            cam.stop()
    if not args.force and page_in_view(image):
        # recorded over a page, the desk would hide every page later laid on that spot
        raise InputError(f"{args.image or 'camera'}: a page seems to lie on the desk; clear the desk and record "
                         "again (--force if it is empty)")
    out = record(image, record_path(ctx.config))
    ctx.emit(out, f"empty desk recorded: {out['path']} (pattern {out['pattern']}"
                  + ("; a plain desk: nothing on it is taken for a page anyway)" if out["plain"] else ")"))


def _corners_or_detect(img, corners_text):
    from devices.scanner.detect import detect_page
    from devices.scanner.geometry import parse_corners
    if corners_text:
        try:
            return parse_corners(corners_text)
        except ValueError as e:
            raise UsageError(f"--corners: {e}") from None
    det = detect_page(img)
    if det is None:
        raise InputError("no page found in the photo (no_page); give --corners or photograph the page "
                         "whole, flat, on a contrasting surface")
    return det.quad


def _rectify(args, ctx):
    import time

    import numpy as np

    from devices.scanner.imageio import load_image
    from devices.scanner.output import encode_jpeg
    from devices.scanner.rectify import rectify

    li = load_image(args.image)
    dpi = args.dpi or ctx.config["camera.target_dpi"]
    paper = args.paper or ctx.config["camera.paper"]
    quality = args.quality or ctx.config["camera.jpeg_quality"]
    quad = _corners_or_detect(li.image, args.corners)
    if args.corners:
        quad = np.asarray(quad) * li.scale
    t0 = time.perf_counter()
    page = rectify(li.image, quad, paper=paper, dpi=dpi, mode=args.mode)
    data = encode_jpeg(page, quality, dpi)
    Path(args.output).write_bytes(data)
    ms = (time.perf_counter() - t0) * 1000
    res = {"path": args.output, "width": int(page.shape[1]), "height": int(page.shape[0]), "bytes": len(data),
           "mode": args.mode, "dpi": dpi, "ms": round(ms, 1),
           "quad": [[round(float(x) / li.scale, 1), round(float(y) / li.scale, 1)] for x, y in quad]}
    ctx.emit(res, f"{args.output}: {res['width']}x{res['height']} {args.mode}, {len(data)} bytes")


def _pdf(args, ctx):
    from devices.scanner.imageio import load_image
    from devices.scanner.output import encode_jpeg, make_pdf
    from devices.scanner.rectify import rectify

    pages = []
    dpi = ctx.config["camera.target_dpi"]
    paper = args.paper or ctx.config["camera.paper"]
    quality = args.quality or ctx.config["camera.jpeg_quality"]
    for path in args.images:
        p = Path(path)
        if not args.rectify and p.suffix.lower() in (".jpg", ".jpeg"):
            load_image(p)                      # validates (not empty, not truncated)
            pages.append(p.read_bytes())       # embedded unchanged
            continue
        li = load_image(p)
        img = li.image
        if args.rectify:
            img = rectify(img, _corners_or_detect(img, None), paper=paper, dpi=dpi)
        pages.append(encode_jpeg(img, quality, dpi if args.rectify else None))
    _, res = make_pdf(pages, args.output, title=args.title)
    out = {"path": str(res.path), "bytes": res.bytes, "pages": len(pages), "page_bytes": res.page_bytes,
           "ms": round(res.ms, 1), "pdfa": "1b"}
    ctx.emit(out, f"{res.path}: {len(pages)} page(s), {res.bytes} bytes, PDF/A-1b")


def _check_snapshot_path(path: str) -> None:
    """Refuse an output the frame could not be written to before the camera is opened."""
    import cv2
    out = Path(path)
    if not out.parent.is_dir():
        raise InputError(f"--snapshot {path}: the folder {str(out.parent)!r} does not exist")
    if not cv2.haveImageWriter(str(out)):
        raise InputError(f"--snapshot {path}: not an image type OpenCV writes (use .jpg or .png)")


def _camera(args, ctx):
    """One frame (full resolution), or with --auto the straightened page of the first
    auto-capture: detection on preview-size frames (camera.preview_width/height), the
    page cut from the full-resolution still, as in the UI (camera.LiveFrames)."""
    _check_timeout(args.timeout)
    _check_snapshot_path(args.snapshot)

    import time

    import cv2

    from devices.scanner.camera import CameraSource, LiveFrames, camera_settings

    cfg = ctx.config
    src = args.source if args.source is not None else cfg["camera.source"]
    # --auto streams the preview size (a plain snapshot is a frame at the capture size);
    # a file plays at its own frame rate for --auto (as a camera would deliver it)
    cam = CameraSource(src, realtime=bool(args.auto), **camera_settings(cfg, preview=bool(args.auto)))
    cam.start()
    try:
        if not args.auto:
            f = _snapshot(cam, src, args.timeout)
            img = f.image
            info = {"path": args.snapshot, "width": int(img.shape[1]), "height": int(img.shape[0]),
                    "frame": f.index, "status": cam.status.state}
        else:
            live = LiveFrames(cam, *cam.preview_request)
            ac = live.auto_capture(cfg, paper=args.paper or cfg["camera.paper"])
            sub = cam.subscribe()
            deadline = time.monotonic() + args.timeout
            cap, detect_size, why = None, None, []
            while cap is None and time.monotonic() < deadline:
                f = sub.get(timeout=0.2)
                if f is None:
                    if sub.slot.closed:          # the camera thread is gone (video ended, stopped)
                        break
                    continue
                small = live.detection_frame(f)
                for ev in ac.feed(small):
                    if ev.kind == "captured":
                        cap, detect_size = ev.capture, small.image.shape[:2]
                    elif ev.kind in ("page", "lost"):
                        why = ev.problems           # why the page in view was not taken (yet)
            if cap is None:
                seen = f"; the page in view: {', '.join(why)}" if why else ""
                raise DeviceError(f"camera {src!r}: no page captured within {args.timeout:g} s "
                                  f"({cam.status.state}{seen})")
            img = cap.page(dpi=cfg["camera.target_dpi"])
            info = {"path": args.snapshot, "width": int(img.shape[1]), "height": int(img.shape[0]),
                    "quality": cap.quality.as_dict(),
                    "quad": [[round(float(x), 1), round(float(y), 1)] for x, y in cap.quad],
                    "still": [int(cap.image.shape[1]), int(cap.image.shape[0])],
                    "preview": [int(detect_size[1]), int(detect_size[0])]}
        if not cv2.imwrite(args.snapshot, img):
            raise InputError(f"{args.snapshot}: cannot write the image (check the folder and the extension)")
    finally:
        cam.stop()
    text = f"{args.snapshot}: {info['width']}x{info['height']}"
    if args.auto:
        text += (f" (page from a {info['still'][0]}x{info['still'][1]} still,"
                 f" found on {info['preview'][0]}x{info['preview'][1]} frames)")
    ctx.emit(info, text)


def _mrz(args, ctx):
    from devices.scanner.imageio import load_image
    from devices.scanner.mrz import read_mrz
    from kiosk.privacy import mask_id

    li = load_image(args.image)
    img = li.image
    m = read_mrz(img)
    if m is None:
        # maybe the document is a photo of a page on a desk: straighten and retry
        from devices.scanner.detect import detect_page
        from devices.scanner.rectify import rectify
        det = detect_page(img)
        if det is not None:
            m = read_mrz(rectify(img, det.quad, paper="free"))
    if m is None:
        ctx.emit({"path": args.image, "found": False, "mrz": None},
                 f"{args.image}: no MRZ with valid check digits found")
        return 1
    ctx.emit({"path": args.image, "found": True, "mrz": m.as_dict()},
             f"{args.image}: {m.kind} MRZ, check digits ok, document {mask_id(m.document_number)}")


def _code(args, ctx):
    from devices.scanner.codes import read_codes
    from devices.scanner.imageio import load_image

    li = load_image(args.image)
    codes = read_codes(li.image)
    out = []
    for c in codes:
        d = c.as_dict()
        d["position"] = [[round(x / li.scale), round(y / li.scale)] for x, y in d["position"]]
        out.append(d)
    ctx.emit({"path": args.image, "codes": out},
             "\n".join(f"{c['format']}: {c['text']}" for c in out) or f"{args.image}: no code found")
    return 0 if out else 1


def _calibrate(args, ctx):
    from devices.scanner.detect import detect_page
    from devices.scanner.imageio import load_image
    from devices.scanner.quality import calibrate_blur

    samples, skipped = [], []
    for path in args.images:
        li = load_image(path)
        det = detect_page(li.image)
        if det is None:
            skipped.append(path)
            continue
        samples.append((li.image, det.quad))
    if not samples:
        raise InputError("no page found in any of the photos; photograph a page whole, flat and sharp")
    t = calibrate_blur(samples)
    out = {"blur_threshold": round(t, 3), "pages": len(samples), "skipped": skipped,
           "config": f"[camera]\nblur_threshold = {t:.3f}"}
    ctx.emit(out, f"blur threshold for this camera: {t:.3f} (from {len(samples)} page(s)); put in the config:\n"
                  f"[camera]\nblur_threshold = {t:.3f}")
