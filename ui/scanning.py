"""The document camera in the UI: live preview, page outline, auto-capture, verdicts.

`devices.scanner` owns the camera (its own thread) and does detection, quality and
straightening. Here one more thread (the "scanner" owner in `TaskManager`) feeds the
frames to `AutoCapture` and turns each into a small preview QImage; everything reaches
the GUI thread through `TaskManager.post` (a queued signal). QML shows the preview
through the `image://camera/<n>` provider. Live detection runs at the configured
preview size (camera.preview_width/height) and captures keep the full-resolution
still (`devices.scanner.camera.LiveFrames`); auto-capture waits camera.stable_frames
and straightens and judges DPI for the material's paper format (camera.paper when the
catalogue names none).
"""

from __future__ import annotations

import logging
import queue
import threading

from ui.qt import QImage, QQuickImageProvider, QSize

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 640


class CameraImageProvider(QQuickImageProvider):
    """Hands QML the latest preview frame (set on the GUI thread)."""

    def __init__(self):
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._image = QImage(16, 12, QImage.Format.Format_RGB888)
        self._image.fill(0)

    def set_image(self, image: QImage) -> None:
        self._image = image

    def requestImage(self, _id, size, _requested):  # noqa: N802 (Qt name)
        if size is not None:
            size.setWidth(self._image.width())
            size.setHeight(self._image.height())
        return self._image


class PhotoImageProvider(QQuickImageProvider):
    """The identity document's photo for the clerk to compare faces (memory only;
    `clear()` at the session wipe)."""

    def __init__(self):
        super().__init__(QQuickImageProvider.ImageType.Image)
        self._image = QImage()

    def set_photo(self, data: bytes | None) -> bool:
        self._image = QImage.fromData(data) if data else QImage()
        return not self._image.isNull()

    def clear(self, _session=None) -> None:
        self._image = QImage()

    @property
    def has_photo(self) -> bool:
        return not self._image.isNull()

    def requestImage(self, _id, size, _requested):  # noqa: N802 (Qt name)
        img = self._image if not self._image.isNull() else QImage(1, 1, QImage.Format.Format_RGB888)
        if size is not None:
            size.setWidth(img.width())
            size.setHeight(img.height())
        return img


def preview_of(image, step: int) -> QImage:
    """A small copy of a BGR frame for the screen (every `step`-th pixel)."""
    small = image[::step, ::step]
    h, w = small.shape[:2]
    data = small.copy(order="C")
    return QImage(data.data, w, h, data.strides[0], QImage.Format.Format_BGR888).copy()


def camera_source_of(config) -> str:
    """The camera the config names; with the simulated devices, a real camera index or
    device is replaced by the live document-camera simulator (a video file stays)."""
    from devices.scanner.camera import source_kind
    from devices.scanner.simulator import SIM_SOURCE, is_simulator
    source = str(config["camera.source"])
    if is_simulator(source):
        return source
    if config["kiosk.simulated_devices"] and source_kind(source) in ("index", "device"):
        return SIM_SOURCE
    return source


def make_camera(config, on_status, *, preview: bool = False, paper: str | None = None):
    """A CameraSource for the configured camera (or the simulator), not started.
    `preview`: a USB camera streams the configured preview size and switches to the
    capture size for each still (`LiveFrames`). Readers that take their text from every
    frame (slip QR, MRZ) keep the capture size: the preview is too coarse for them.
    `paper`: the material's format; the plain simulator then shows that kind of page (a
    card for an ID card), so a demo straightens what it shows."""
    from devices.scanner.camera import CameraSource, camera_settings
    from devices.scanner.simulator import SIM_KIND_OF_PAPER, SIM_SOURCE, is_simulator, open_simulator
    source = camera_source_of(config)
    if source == SIM_SOURCE and paper in SIM_KIND_OF_PAPER:
        source = f"{SIM_SOURCE}:{SIM_KIND_OF_PAPER[paper]}"
    opener = (lambda: open_simulator(source)) if is_simulator(source) else None
    return CameraSource(source, loop=True, realtime=True, opener=opener, on_status=on_status,
                        **camera_settings(config, preview=preview))


class ScanRun:
    """One material being scanned: camera on, auto-capture on, until `stop()`."""

    def __init__(self, config, *, on_preview, on_capture, on_status, post, on_quality=None,
                 on_frozen=None, on_corners=None, paper: str | None = None):
        self.config = config
        self.paper = paper or config["camera.paper"]   # the material's format, else the station's
        self.on_preview, self.on_capture, self.on_status, self.post = on_preview, on_capture, on_status, post
        self.on_quality = on_quality      # technician: the live blur/glare/DPI figures of each page seen
        # manual corners: on_frozen(width, height, quad) when a frame is held (frame pixels,
        # quad [x0,y0..x3,y3] or None); on_corners(jpeg, verdict) after use_corners
        self.on_frozen, self.on_corners = on_frozen, on_corners
        self._stop = threading.Event()
        self._manual = threading.Event()
        self._freeze = threading.Event()
        self._requests: queue.SimpleQueue = queue.SimpleQueue()   # ("corners", quad) | ("live",)
        self._frozen = None               # the held full-resolution Frame (scanner thread only)
        self._frozen_scale = (1.0, 1.0)   # held frame pixels per detection frame pixel (x, y)
        self.camera = None

    def capture_now(self) -> None:
        self._manual.set()

    def freeze(self) -> None:
        """Hold the next frame for the corners to be set by hand (its preview is the last
        one posted; `on_frozen` follows). Live frames are let go meanwhile."""
        self._freeze.set()

    def use_corners(self, quad) -> None:
        """Straighten the held frame with these corners (frame pixels, 8 numbers in any
        corner order), gate it, and hand the page to `on_corners`. A page the gate
        refuses keeps the frame held so the corners can be moved again."""
        self._requests.put(("corners", [float(v) for v in quad]))

    def go_live(self) -> None:
        """Let the held frame go: back to the live preview."""
        self._freeze.clear()
        self._requests.put(("live",))

    def _serve_held(self, auto, dpi) -> None:
        """While a frame is held: answer the GUI's corner requests (scanner thread)."""
        import numpy as np

        from devices.scanner.camera import Capture
        from devices.scanner.output import encode_jpeg
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            if request[0] == "live":
                self._frozen = None
                return
            if self._frozen is None:
                continue
            quad = np.asarray(request[1], np.float64).reshape(4, 2)
            cap = Capture(self._frozen.image, None, None, True, auto.paper).with_corners(quad, auto.thresholds)
            jpeg = encode_jpeg(cap.page(dpi=dpi), dpi=dpi) if cap.quality.ok else b""
            verdict = cap.quality.as_dict()
            if cap.quality.ok:
                # as after a capture: this page is not taken again by itself until it leaves
                self._frozen = None
                auto.mark_taken(cap.quad / np.asarray(self._frozen_scale))
            if self.on_corners is not None:
                self.post(lambda j=jpeg, v=verdict: self.on_corners(j, v))

    def _hold(self, live, auto, frame, quad, step) -> None:
        """Hold the full-resolution picture of `frame` for corners by hand (`quad`: the page
        in `frame`'s pixels, flat, or None). Only its size and corners go to the GUI thread,
        the pixels stay here (scanner thread)."""
        import numpy as np
        held = live.still() or frame
        h, w = held.image.shape[:2]
        sx, sy = w / frame.image.shape[1], h / frame.image.shape[0]
        if held is not live.full:          # a new still (the camera switched): show that one
            hstep = max(1, int(step * sx))
            self.post(lambda i=preview_of(held.image, hstep): self.on_preview(i, None, 0.0, None))
        if quad is None:                   # none reported (a page already taken waits to leave): look
            d = auto.detector(held.image)
            found = None if d is None else d.quad
        else:
            found = np.asarray(quad, np.float64).reshape(4, 2) * [sx, sy]
            if held.image is not frame.image:   # found on the small frame: refined on the held one
                d = auto.detector(held.image, prior=found)
                found = found if d is None else d.quad
        self._frozen, self._frozen_scale = held, (sx, sy)
        full_quad = None if found is None else [float(v) for v in np.asarray(found).reshape(-1)]
        if self.on_frozen is not None:
            self.post(lambda w=w, h=h, q=full_quad: self.on_frozen(w, h, q))

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        """The scanner thread's loop (returns when stopped)."""
        import numpy as np

        from devices.scanner.camera import LiveFrames, preview_size_of
        from devices.scanner.output import encode_jpeg

        cfg = self.config
        camera = make_camera(cfg, on_status=lambda st: self.post(lambda: self.on_status(st)), preview=True,
                             paper=self.paper)
        self.camera = camera.start()
        live = LiveFrames(camera, *preview_size_of(cfg))
        auto = live.auto_capture(cfg, paper=self.paper)     # (and camera.stable_frames)
        sub = camera.subscribe()
        dpi = cfg["camera.target_dpi"]
        try:
            while not self._stop.is_set():
                frame = sub.get(timeout=0.2)
                if self._frozen is not None:         # corners by hand: live frames are let go
                    self._serve_held(auto, dpi)
                    continue
                while not self._requests.empty():     # a late "live"/"corners" with nothing held
                    self._requests.get_nowait()
                if frame is None:
                    continue
                frame = live.detection_frame(frame)   # the preview size; stills are full size
                if self._manual.is_set():
                    self._manual.clear()
                    auto.capture_now()
                events = auto.feed(frame)
                fh, fw = frame.image.shape[:2]
                step = max(1, fw // PREVIEW_WIDTH)
                img = preview_of(frame.image, step)
                quad, progress, problems, frame_quad = None, 0.0, None, None
                for ev in events:
                    if ev.quality is not None and ev.kind == "page":
                        problems = list(ev.quality.problems) if not ev.quality.ok else []
                        if self.on_quality is not None:
                            self.post(lambda q=ev.quality.as_dict(): self.on_quality(q))
                    elif ev.kind == "page" and ev.problems:      # at rest but not taken ("unconfirmed")
                        problems = list(ev.problems)
                    if ev.quad is not None:
                        q = np.asarray(ev.quad, np.float64).reshape(4, 2)
                        if ev.kind == "captured" and ev.capture is not None:   # the still's pixels
                            h, w = ev.capture.image.shape[:2]
                            q = q * [fw / w, fh / h]
                        frame_quad = [float(v) for v in q.reshape(-1)]
                        quad = [v / step for v in frame_quad]
                    progress = max(progress, ev.progress)
                    if ev.kind == "captured" and ev.capture is not None:
                        cap = ev.capture
                        jpeg = encode_jpeg(cap.page(dpi=dpi), dpi=dpi) if cap.quality.ok else b""
                        verdict = cap.quality.as_dict()
                        self.post(lambda j=jpeg, v=verdict: self.on_capture(j, v))
                self.post(lambda i=img, q=quad, p=progress, pr=problems: self.on_preview(i, q, p, pr))
                if self._freeze.is_set():
                    self._freeze.clear()
                    self._hold(live, auto, frame, frame_quad, step)
        finally:
            sub.close()
            camera.stop()
            self.camera = None
            self._frozen = None


def case_number_from_code(text: str) -> str | None:
    """The case number in a slip's QR: `SDTRACK:CASE:TOKEN` or `<platform>/track?c=CASE&t=...`."""
    from urllib.parse import parse_qs, urlparse
    text = (text or "").strip()
    if text.startswith("SDTRACK:"):
        parts = text.split(":")
        return parts[1] if len(parts) >= 3 and parts[1] else None
    try:
        url = urlparse(text)
    except ValueError:
        return None
    if url.path.endswith("/track"):
        c = parse_qs(url.query).get("c")
        return c[0] if c else None
    return None


class QrRun:
    """The camera looking for a slip's QR code, until one is found or `stop()`."""

    def __init__(self, config, *, on_preview, on_code, on_status, post, every: int = 3):
        self.config = config
        self.on_preview, self.on_code, self.on_status, self.post = on_preview, on_code, on_status, post
        self.every = every
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def capture_now(self) -> None:   # same surface as ScanRun
        pass

    def run(self) -> None:
        from devices.scanner.codes import read_codes

        cfg = self.config
        camera = make_camera(cfg, on_status=lambda st: self.post(lambda: self.on_status(st)))
        camera.start()
        sub = camera.subscribe()
        n = 0
        try:
            while not self._stop.is_set():
                frame = sub.get(timeout=0.2)
                if frame is None:
                    continue
                step = max(1, frame.image.shape[1] // PREVIEW_WIDTH)
                img = preview_of(frame.image, step)
                self.post(lambda i=img: self.on_preview(i, None, 0.0, None))
                n += 1
                if n % self.every:
                    continue
                for code in read_codes(frame.image):
                    number = case_number_from_code(code.text)
                    if number:
                        self.post(lambda c=number: self.on_code(c))
                        return
        finally:
            sub.close()
            camera.stop()


class CalibrationRun:
    """Technician: the camera's blur threshold from pages it auto-captures (laid one after
    another under it): devices.scanner.quality.calibrate_blur over `samples` captures."""

    def __init__(self, config, *, on_progress, on_done, post, samples: int = 3):
        self.config = config
        self.on_progress, self.on_done, self.post = on_progress, on_done, post
        self.samples = samples
        self._stop = threading.Event()

    def stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        from devices.scanner.camera import LiveFrames, preview_size_of
        from devices.scanner.quality import calibrate_blur

        # the same frames and stills as ScanRun: the threshold is measured on the stills it will judge
        camera = make_camera(self.config, on_status=lambda st: None, preview=True)
        camera.start()
        sub = camera.subscribe()
        live = LiveFrames(camera, *preview_size_of(self.config))
        auto = live.auto_capture(self.config)
        taken: list = []
        try:
            while not self._stop.is_set() and len(taken) < self.samples:
                frame = sub.get(timeout=0.2)
                if frame is None:
                    continue
                for ev in auto.feed(live.detection_frame(frame)):
                    if ev.kind == "captured" and ev.capture is not None and ev.capture.quad is not None:
                        taken.append((ev.capture.image, ev.capture.quad))
                        self.post(lambda n=len(taken): self.on_progress(n))
            if len(taken) >= self.samples:
                value = round(calibrate_blur(taken), 3)
                self.post(lambda: self.on_done(value))
        finally:
            sub.close()
            camera.stop()


def record_empty_desk(config, timeout: float = 5.0) -> dict:
    """Technician: one frame of the cleared desk, at the size auto-capture looks at,
    recorded as this station's empty desk (devices/scanner/desk.py). Blocks: run it on the
    scanner thread. desk.record's summary, or {"page": True} (nothing written)
    when a page seems to lie on the desk; DeviceError without a frame."""
    from devices.scanner.desk import page_in_view, record, record_path
    from kiosk.errors import DeviceError

    camera = make_camera(config, on_status=lambda st: None, preview=True)
    camera.start()
    try:
        frame = camera.snapshot(timeout=timeout)
    finally:
        camera.stop()
    if frame is None:
        raise DeviceError(f"camera: no frame within {timeout:g} s; the empty desk was not recorded")
    if page_in_view(frame.image):
        return {"page": True}
    return record(frame.image, record_path(config))


MRZ_WIDTH = 2400     # frames are read at most this wide: faster, and tesseract reads the MRZ well there
MRZ_STILL = 0.015    # a page whose corners moved more than this share of the diagonal is still moving
MRZ_FALLBACK = 10    # after this many frames with no page found (2 s at 5 fps), one whole frame is read anyway
MRZ_HINT_MISSES = 3  # frames without a page before the citizen is told none is seen


def mrz_scale(image):
    """`image` at most MRZ_WIDTH wide, and the factor applied."""
    import cv2
    h, w = image.shape[:2]
    if w <= MRZ_WIDTH:
        return image, 1.0
    return cv2.resize(image, (MRZ_WIDTH, round(h * MRZ_WIDTH / w)), interpolation=cv2.INTER_AREA), MRZ_WIDTH / w


def page_crop(image, quad, margin: float = 0.02):
    """The part of `image` holding the page `quad` (axis-aligned, a small margin round
    it), at the frame's scale: the MRZ finder sees the page's bands only, with its tuned
    kernels at the scale they were tuned for, and tesseract reads smaller images.
    (Straightening the page first was measured: worse reads on the camera simulator.)"""
    import numpy as np
    q = np.asarray(quad, np.float64).reshape(4, 2)
    h, w = image.shape[:2]
    (x0, y0), (x1, y1) = q.min(0), q.max(0)
    pad = margin * max(x1 - x0, y1 - y0)
    x0, y0 = max(0, int(x0 - pad)), max(0, int(y0 - pad))
    x1, y1 = min(w, int(np.ceil(x1 + pad))), min(h, int(np.ceil(y1 + pad)))
    return image[y0:y1, x0:x1]


class MrzRun:
    """The camera looking for a document's machine-readable lines (BAC key for the chip),
    until two frames agree on the BAC key or `stop()`. `on_mrz(fields)` gets the document
    number, birth and expiry dates only (what BAC needs; nothing else leaves this thread).

    OCR (a tesseract run, 0.3-1.5 s) is the cost, so it is spent only on frames worth it
    (`crop="page"`): the page is found first (devices.scanner.detect, ~50 ms when tracked);
    no page, or a page still moving: no OCR; a page at rest: read_mrz on the page's part
    of the frame only (read_mrz first tries its page reader on it as a whole page). Handing
    read_mrz_in_page the tracked quad instead was measured too: on the camera simulator it
    needs its third text size (max_ocr=3, ~0.8 s a frame), slower than the crop. With no page found for MRZ_FALLBACK frames in a row (a
    document the detector misses) one whole frame is read. `crop="frame"` reads every
    whole frame (the earlier way, kept for tests/bench/bench_ui_mrz.py).

    `on_hint(code)` hears what to tell the citizen whenever that changes (the rule is
    devices.scanner.mrz.reading_hint): no document seen, hold still, the first thing the
    quality gate finds wrong with a document at rest, reading, or the lines do not read."""

    def __init__(self, config, *, on_preview, on_mrz, on_status, post, need: int = 2, crop: str = "page",
                 on_hint=None):
        self.config = config
        self.on_preview, self.on_mrz, self.on_status, self.post = on_preview, on_mrz, on_status, post
        self.on_hint = on_hint      # what to tell the citizen now (devices.scanner.mrz.reading_hint)
        self.need = need
        self.crop = crop
        self._stop = threading.Event()
        self.stats = {"frames": 0, "ocr": 0, "ocr_s": 0.0, "no_page": 0, "moving": 0}
        self.hints: list[str] = []  # each hint as it was said, in order

    def _say(self, hint: str) -> None:
        if self.hints and self.hints[-1] == hint:
            return
        self.hints.append(hint)
        if self.on_hint is not None:
            self.post(lambda h=hint: self.on_hint(h))

    def stop(self) -> None:
        self._stop.set()

    def capture_now(self) -> None:   # same surface as ScanRun
        pass

    def _to_read(self, image, state: dict):
        """The image to OCR for this frame, or None to skip it (see the class docstring)."""
        small, scale = mrz_scale(image)
        if self.crop == "frame":
            return small
        from devices.scanner.detect import detect_page
        from devices.scanner.geometry import max_corner_shift
        from devices.scanner.mrz import mrz_paper, reading_hint
        from devices.scanner.quality import assess
        det = detect_page(image, prior=state.get("quad"))
        if det is None:
            state["quad"] = None
            state["misses"] = state.get("misses", 0) + 1
            state["failed"] = 0
            self.stats["no_page"] += 1
            if state["misses"] >= MRZ_HINT_MISSES:      # (not for a frame the detector lost)
                self._say(reading_hint(found=False))
            if state["misses"] < MRZ_FALLBACK:
                return None
            state["misses"] = 0
            return small
        state["misses"] = 0
        before, state["quad"] = state.get("quad"), det.quad
        h, w = image.shape[:2]
        if before is None or max_corner_shift(det.quad, before) > MRZ_STILL * (h * h + w * w) ** 0.5:
            self.stats["moving"] += 1          # just arrived or moving: wait for it to rest
            state["failed"] = 0
            self._say(reading_hint(found=True, still=False))
            return None
        # at rest: what the quality gate sees tells the citizen what to mend (a few ms on
        # the page at <= 800 px, against the OCR's 0.3-1.5 s)
        quality = assess(image, det.quad, paper=mrz_paper(det.quad))
        self._say(reading_hint(found=True, still=True, problems=quality.problems,
                               failed_reads=state.get("failed", 0)))
        return page_crop(small, det.quad * scale)

    def run(self) -> None:
        import time
        from collections import Counter

        from devices.scanner.mrz import read_mrz

        camera = make_camera(self.config, on_status=lambda st: self.post(lambda: self.on_status(st)))
        camera.start()
        sub = camera.subscribe()
        votes: Counter = Counter()
        state: dict = {}
        self._say("looking")
        try:
            while not self._stop.is_set():
                frame = sub.get(timeout=0.2)
                if frame is None:
                    continue
                self.stats["frames"] += 1
                step = max(1, frame.image.shape[1] // PREVIEW_WIDTH)
                img = preview_of(frame.image, step)
                self.post(lambda i=img: self.on_preview(i, None, 0.0, None))
                target = self._to_read(frame.image, state)
                if target is None:
                    continue
                t0 = time.perf_counter()
                m = read_mrz(target)                     # seconds: the newest frame waits meanwhile
                self.stats["ocr"] += 1
                self.stats["ocr_s"] += time.perf_counter() - t0
                if m is None:
                    state["failed"] = state.get("failed", 0) + 1
                    continue
                # Vote on what BAC needs (check-digit verified), not on the whole lines: the
                # name line's filler often reads differently from frame to frame.
                votes[m.bac_key_fields] += 1
                if votes[m.bac_key_fields] >= self.need and not self._stop.is_set():
                    doc, birth, expiry = m.bac_key_fields
                    fields = {"document_number": doc, "birth_date": birth, "expiry_date": expiry}
                    self.post(lambda f=fields: self.on_mrz(f))
                    return
        finally:
            sub.close()
            camera.stop()


__all__ = ["CalibrationRun", "record_empty_desk", "MrzRun", "mrz_scale", "page_crop", "CameraImageProvider", "ScanRun", "QrRun", "case_number_from_code", "camera_source_of", "make_camera", "QSize"]
