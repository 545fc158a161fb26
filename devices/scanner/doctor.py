"""Health checks for `kiosk doctor`: the camera answers with frames, the resolution
is enough for the usual paper (effective DPI), the blur threshold is calibrated, the
PDF/A colour profile and the page network's model are present, the OCR-B glyphs and
tesseract (MRZ) are installed, the empty desk is recorded and still looks like the desk."""

from __future__ import annotations

import shutil


def checks(ctx):
    from kiosk.health import FAIL, OK, WARN, Check
    cfg = ctx.config
    out = []
    f = None
    # camera: open it and wait briefly for one frame
    try:
        from devices.scanner.camera import CameraSource, camera_settings
        src = cfg["camera.source"]
        cam = CameraSource(src, reopen_delay=0.2, **camera_settings(cfg))
        cam.start()
        try:
            f = cam.snapshot(timeout=3.0)
        finally:
            cam.stop()
        if f is None:
            out.append(Check("scanner.camera", FAIL, f"camera {src!r}: no frame in 3 s ({cam.status.detail or cam.status.state})"))
        else:
            h, w = f.image.shape[:2]
            sim = " (simulated: a file)" if cam.is_file else ""
            out.append(Check("scanner.camera", WARN if cam.is_file and not cfg["kiosk.simulated_devices"] else OK,
                             f"camera {src!r}: {w}x{h}{sim}"))
            # a page filling the frame's short side: what DPI does that give?
            from devices.scanner.rectify import PAPERS_MM
            paper = cfg["camera.paper"]
            if paper in PAPERS_MM:
                dpi = min(w, h) / (PAPERS_MM[paper][1] / 25.4)
                status = OK if dpi >= 200 else WARN
                out.append(Check("scanner.dpi", status,
                                 f"{paper} filling the frame: about {dpi:.0f} dpi (blocked under 150, warned under 200)"))
    except Exception as e:  # never crash the doctor
        out.append(Check("scanner.camera", FAIL, f"camera check failed: {type(e).__name__}"))
    out.append(_desk_check(cfg, f))
    if cfg["camera.blur_threshold"] > 0:
        out.append(Check("scanner.blur", OK, f"blur threshold calibrated: {cfg['camera.blur_threshold']:g}"))
    else:
        out.append(Check("scanner.blur", WARN, "blur threshold not calibrated for this camera (default 0.35 in use)"))
    from devices.scanner.output import ICC_PATH
    if ICC_PATH.is_file():
        out.append(Check("scanner.icc", OK, f"sRGB profile for PDF/A: {ICC_PATH.name}"))
    else:
        out.append(Check("scanner.icc", FAIL, f"{ICC_PATH} missing: PDF/A output impossible"))
    from devices.scanner import pagenet
    if pagenet.available():
        out.append(Check("scanner.pagenet", OK, f"page network for page detection: {pagenet.MODEL_PATH.name}"))
    else:
        out.append(Check("scanner.pagenet", WARN, f"{pagenet.MODEL_PATH} missing or unreadable: "
                                                  "pages are detected from edges alone (less accurate on busy desks), "
                                                  "and auto-capture cannot ask it to confirm a page"))
    from pathlib import Path

    from devices.scanner.mrz_cells import OCR_B
    if Path(OCR_B).is_file():
        out.append(Check("scanner.mrz_font", OK, f"OCR-B glyphs for reading MRZs: {OCR_B}"))
    else:
        out.append(Check("scanner.mrz_font", WARN, "OCR-B font missing: MRZs are read by tesseract alone, which "
                                                   "misreads most ID cards (apt-get install fonts-ocr-b)"))
    exe = shutil.which("tesseract")
    out.append(Check("scanner.ocr", OK if exe else WARN,
                     f"tesseract at {exe} (MRZ from the camera)" if exe
                     else "tesseract missing: MRZ cannot be read from the camera (apt-get install tesseract-ocr)"))
    return out


def _desk_check(cfg, frame):
    """The empty desk's record: there, and (with a frame) still like the desk."""
    from devices.scanner.desk import BARE_SIMILARITY, EmptyDesk, record_path
    from kiosk.errors import InputError
    from kiosk.health import OK, WARN, Check
    path = record_path(cfg)
    if not path.exists():
        return Check("scanner.desk", WARN, "no empty desk recorded: a pattern on the desk (a grid, a checked "
                                           "cloth) may be taken for a page (kiosk scan desk, with the desk cleared)")
    try:
        desk = EmptyDesk.load(path)
    except InputError as e:
        return Check("scanner.desk", WARN, f"empty desk not used: {e}")
    text = f"empty desk recorded: {path.name} (pattern {desk.pattern_strength():.2f})"
    if frame is not None:
        h, w = frame.image.shape[:2]
        s = desk.similarity(frame.image, [[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]])
        if s is not None and s < BARE_SIMILARITY:
            return Check("scanner.desk", WARN, text + f"; the camera now sees something else (similarity {s:.2f}): "
                                                      "if the desk is empty, the camera or the desk moved -- record it again")
        if not desk.fits(frame.image.shape):
            return Check("scanner.desk", WARN, text + f"; recorded at another frame shape than the camera's {w}x{h}: "
                                                      "record it again")
    return Check("scanner.desk", OK, text)
