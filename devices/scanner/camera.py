"""The camera: one thread owns the cv2.VideoCapture; frames go to subscribers with the
newest frame winning (a slow subscriber skips frames, it never builds a backlog); a
camera that fails or disappears becomes a status and is reopened; a video file that
ends says so. `AutoCapture` turns a stream of frames into capture events.

Sources (`open_source`): a camera index ("0"), a device path ("/dev/video2"), a URL
(rtsp://, http://), a video file, or an image sequence (a directory of images, a glob
"scans/*.jpg", or a printf pattern "f%04d.png").

Resolution (reference scan-print.md §A2: "use the camera's still mode at full resolution
for the final shot"; an A4 page at 1280x960 is ~82 dpi, under the 150 dpi gate):
- width/height 0 (the default) ask a USB camera for its largest mode (`probe_max_resolution`:
  an oversize request the driver snaps to its largest, then the usual still sizes, largest
  first), in MJPG so large frames still come at a usable rate. The detector downscales
  each frame itself, so live detection costs about the same at any size.
- Full-resolution stills: with a preview size (`preview_width`/`preview_height`, same
  aspect as the capture size), a USB camera streams the preview size and `CameraSource.still()` switches to the capture size
  for one frame (discarding a couple while exposure settles) and back. Without one, the
  stream already is full resolution and `still()` is simply the next frame. Video files
  and image sequences deliver their frames as they are; `still()` gives the next one.
  `AutoCapture(still=cam.still, still_scale=cam.still_scale)` takes the still instead of
  the preview frame and judges DPI at the still's size. `LiveFrames` does that for a
  whole stream: frames of any source brought to the preview size for detection, the
  still taken at full resolution (the UI and `kiosk scan camera --auto` share it).
"""

from __future__ import annotations

import functools
import glob
import logging
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import cv2
import numpy as np

from devices.scanner.detect import Detection, detect_page
from devices.scanner.geometry import diagonal, jaccard, max_corner_shift, order_quad
from devices.scanner.quality import Quality, Thresholds, assess

log = logging.getLogger(__name__)

IMAGE_EXT = (".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp")
VIDEO_EXT = (".avi", ".mp4", ".mkv", ".mov", ".webm", ".mjpg", ".mjpeg")

# status states (ARCHITECTURE: device trouble is a status value, never a crash)
CONNECTING, CONNECTED, ERROR, DISCONNECTED, ENDED, STOPPED = (
    "connecting", "connected", "error", "disconnected", "ended", "stopped")


@dataclass(frozen=True)
class CameraStatus:
    state: str
    citizen: str          # one line a citizen may read
    detail: str = ""      # for the technician (never personal data)


@dataclass
class Frame:
    image: np.ndarray     # BGR as the camera streams it (full resolution unless a preview size is set)
    index: int
    t: float              # clock time it arrived
    still: bool = False   # a full-resolution still taken on request (`CameraSource.still`)


class _StillRequest:
    def __init__(self):
        self.done = threading.Event()
        self.frame: Frame | None = None


class _ImageSequence:
    """VideoCapture look-alike over a sorted list of image files."""

    def __init__(self, files: list[str]):
        self.files = files
        self.i = 0

    def isOpened(self):
        return bool(self.files)

    def read(self):
        while self.i < len(self.files):
            img = cv2.imread(self.files[self.i], cv2.IMREAD_COLOR)
            self.i += 1
            if img is not None:
                return True, img
        return False, None

    def get(self, prop):
        return 0.0

    def set(self, prop, value):
        return False

    def release(self):
        self.files = []


def source_kind(source: str) -> str:
    """'index', 'device', 'url', 'video', 'images'."""
    s = str(source)
    if s.isdigit():
        return "index"
    if "://" in s:
        return "url"
    if s.startswith("/dev/"):
        return "device"
    if os.path.isdir(s) or any(c in s for c in "*?[") or "%" in s:
        return "images"
    if s.lower().endswith(IMAGE_EXT):
        return "images"
    return "video"


# usual UVC still sizes, largest first: probed when the driver refuses an oversize request
COMMON_SIZES = ((4208, 3120), (4000, 3000), (3840, 2160), (3264, 2448), (2592, 1944), (2560, 1440),
                (2048, 1536), (1920, 1080), (1600, 1200), (1280, 960), (1280, 720), (1024, 768),
                (800, 600), (640, 480))
_OVERSIZE = 10000


def frame_size(cap) -> tuple[int, int]:
    """The size the capture says it delivers (0, 0 when it does not say)."""
    try:
        return int(cap.get(cv2.CAP_PROP_FRAME_WIDTH) or 0), int(cap.get(cv2.CAP_PROP_FRAME_HEIGHT) or 0)
    except Exception:
        return 0, 0


def request_size(cap, width: int, height: int) -> tuple[int, int]:
    """Ask for width x height; returns what the camera now delivers."""
    cap.set(cv2.CAP_PROP_FRAME_WIDTH, int(width))
    cap.set(cv2.CAP_PROP_FRAME_HEIGHT, int(height))
    return frame_size(cap)


def probe_max_resolution(cap, sizes=COMMON_SIZES) -> tuple[int, int]:
    """Switch a USB camera to its largest mode and return it. V4L2 drivers snap an
    oversize request to the nearest (largest) mode; drivers that refuse it instead are
    tried on the usual sizes, largest first. Falls back to whatever the camera gives."""
    start = frame_size(cap)
    best = (0, 0)
    got = request_size(cap, _OVERSIZE, _OVERSIZE)
    if 0 < got[0] < _OVERSIZE and 0 < got[1] < _OVERSIZE:
        best = got
    for w, h in sizes:
        if w * h <= best[0] * best[1]:
            break
        got = request_size(cap, w, h)
        if got == (w, h):
            best = got
            break
    if best == (0, 0):
        best = start
    if best[0] and frame_size(cap) != best:
        request_size(cap, *best)
    return frame_size(cap) if frame_size(cap)[0] else best


def open_source(source: str, width: int | None = None, height: int | None = None,
                autofocus: bool | None = None, *, capture_factory: Callable | None = None):
    """A VideoCapture (or look-alike) for `source`; check .isOpened(). For a USB camera,
    width/height 0 or None = its largest mode (`probe_max_resolution`).
    `capture_factory` replaces cv2.VideoCapture (tests)."""
    kind = source_kind(source)
    if kind == "images":
        s = str(source)
        if os.path.isdir(s):
            files = sorted(f for f in glob.glob(os.path.join(s, "*")) if f.lower().endswith(IMAGE_EXT))
        elif "%" in s:
            files = []
            for i in range(100000):
                f = s % i
                if os.path.exists(f):
                    files.append(f)
                elif files or i > 10:
                    break
        else:
            files = sorted(glob.glob(s))
        return _ImageSequence(files)
    factory = capture_factory or cv2.VideoCapture
    cap = factory(int(source) if kind == "index" else str(source))
    if cap.isOpened() and kind in ("index", "device"):
        # MJPG: uncompressed YUYV at 5 MP comes at 2-5 fps over USB 2; MJPG at 15-30
        cap.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter_fourcc(*"MJPG"))
        if width and height:
            request_size(cap, width, height)
        else:
            probe_max_resolution(cap)
        if autofocus is not None:
            cap.set(cv2.CAP_PROP_AUTOFOCUS, 1 if autofocus else 0)
        cap.set(cv2.CAP_PROP_BUFFERSIZE, 1)      # keep the driver from queueing old frames
    return cap


class LatestSlot:
    """A one-item mailbox: put() replaces, get() waits for something newer."""

    def __init__(self):
        self._cond = threading.Condition()
        self._item = None
        self._seq = 0
        self._taken = 0
        self.dropped = 0
        self.closed = False

    def put(self, item) -> None:
        with self._cond:
            if self._seq > self._taken:
                self.dropped += 1
            self._item = item
            self._seq += 1
            self._cond.notify_all()

    def get(self, timeout: float | None = None):
        """The newest item not yet taken; None on timeout or when closed and drained."""
        with self._cond:
            self._cond.wait_for(lambda: self._seq > self._taken or self.closed, timeout)
            if self._seq > self._taken:
                self._taken = self._seq
                return self._item
            return None

    def close(self) -> None:
        with self._cond:
            self.closed = True
            self._cond.notify_all()


class Subscription:
    """Frames for one consumer. Pull with get(), or pass a callback to subscribe() and
    it runs on this subscription's own thread (so a slow consumer never stalls the
    camera thread and only ever sees the newest frame)."""

    def __init__(self, source: "CameraSource", callback: Callable[[Frame], None] | None):
        self._source = source
        self.slot = LatestSlot()
        self._thread = None
        if callback is not None:
            self._thread = threading.Thread(target=self._run, args=(callback,), daemon=True,
                                            name="camera-subscriber")
            self._thread.start()

    def _run(self, callback):
        while True:
            f = self.slot.get(timeout=0.2)
            if f is None:
                if self.slot.closed:
                    break
                continue
            try:
                callback(f)
            except Exception:  # a consumer's bug must not kill delivery
                log.exception("camera subscriber failed")

    def get(self, timeout: float | None = None) -> Frame | None:
        return self.slot.get(timeout)

    @property
    def dropped(self) -> int:
        return self.slot.dropped

    def close(self) -> None:
        self._source._unsubscribe(self)
        self.slot.close()
        if self._thread and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)


class CameraSource:
    """Owns the camera on one thread. Status changes go to `on_status` (called on the
    camera thread; the UI turns them into queued Qt signals)."""

    def __init__(self, source: str, *, width: int | None = None, height: int | None = None,
                 autofocus: bool | None = None, opener: Callable | None = None,
                 on_status: Callable[[CameraStatus], None] | None = None,
                 realtime: bool | None = None, loop: bool = False, reopen_delay: float = 1.0,
                 max_failed_reads: int = 10, clock: Callable[[], float] = time.monotonic,
                 preview_width: int | None = None, preview_height: int | None = None,
                 settle_frames: int = 2):
        self.source = str(source)
        self.kind = source_kind(self.source)
        self._opener = opener or (lambda: open_source(self.source, width, height, autofocus))
        # preview size: stream this, switch to the capture size for stills (USB cameras only)
        self.preview_request = (int(preview_width or 0), int(preview_height or 0))
        self.settle_frames = settle_frames
        self.still_size: tuple[int, int] | None = None     # what a still measures (known once open)
        self.preview_size: tuple[int, int] | None = None   # what the stream measures
        self._switching = False
        self._still_requests: list[_StillRequest] = []
        self._on_status = on_status
        self.is_file = self.kind in ("video", "images")
        self.realtime = (not self.is_file) if realtime is None else realtime
        self.loop = loop
        self.reopen_delay = reopen_delay
        self.max_failed_reads = max_failed_reads
        self.clock = clock
        self._subs: list[Subscription] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._status = CameraStatus(STOPPED, "Camera off.")
        self._latest: Frame | None = None
        self.frames = 0
        self.fps = 0.0

    # -- public API
    @property
    def status(self) -> CameraStatus:
        return self._status

    def start(self) -> "CameraSource":
        if self._thread and self._thread.is_alive():
            return self
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True, name="camera")
        self._thread.start()
        return self

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout)
        for s in list(self._subs):
            s.slot.close()

    def join(self, timeout: float | None = None) -> None:
        if self._thread:
            self._thread.join(timeout)

    def subscribe(self, callback: Callable[[Frame], None] | None = None) -> Subscription:
        sub = Subscription(self, callback)
        with self._lock:
            self._subs.append(sub)
        return sub

    def latest(self) -> Frame | None:
        return self._latest

    def snapshot(self, timeout: float = 5.0) -> Frame | None:
        """The next frame from the camera (full resolution), or None on timeout/end."""
        sub = self.subscribe()
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                f = sub.get(timeout=0.1)
                if f is not None:
                    return f
                if self._status.state in (ENDED, STOPPED) and not (self._thread and self._thread.is_alive()):
                    return self._latest
            return None
        finally:
            sub.close()

    def still(self, timeout: float = 5.0) -> Frame | None:
        """A full-resolution frame: with a preview size set on a USB camera, the camera
        switches to the capture size for one frame and back; otherwise the next frame of
        the stream. None when the camera gives nothing within `timeout`."""
        if not (self._thread and self._thread.is_alive()):
            return self._latest
        req = _StillRequest()
        with self._lock:
            self._still_requests.append(req)
        if not req.done.wait(timeout):
            with self._lock:
                if req in self._still_requests:
                    self._still_requests.remove(req)
            return None
        return req.frame

    def still_scale(self) -> float:
        """Still width / preview width: how much larger a still is than a streamed frame
        (1.0 when the stream is the capture size, or before the camera opened)."""
        if self._switching and self.still_size and self.preview_size and self.preview_size[0]:
            return self.still_size[0] / self.preview_size[0]
        return 1.0

    # -- internals
    def _configure_preview(self, cap) -> None:
        """After opening a USB camera at its capture size: remember that size as the still
        size and, when a preview size is asked for, stream that instead."""
        self._switching = False
        if self.kind not in ("index", "device"):
            return
        self.still_size = frame_size(cap)
        pw, ph = self.preview_request
        if pw and ph and self.still_size[0] and (pw, ph) != self.still_size:
            got = request_size(cap, pw, ph)
            same_view = got[1] and abs(got[0] / got[1] - self.still_size[0] / self.still_size[1]) < 0.02
            if got[0] and got != self.still_size and same_view:
                self.preview_size = got
                self._switching = True
                return
            # the camera kept one size, or the preview has another shape (UVC cameras crop
            # the sensor for 16:9, so preview corners would not map onto the still): stream
            # at the capture size instead
            if got[0] and not same_view:
                log.warning("camera: preview %dx%d has another aspect than the still %dx%d; no switching",
                            got[0], got[1], *self.still_size)
            request_size(cap, *self.still_size)
        self.preview_size = self.still_size

    def _take_still(self, cap) -> Frame | None:
        """On the camera thread: switch to the capture size, let exposure settle, read one
        frame, switch back. None if the camera gave nothing."""
        img = None
        try:
            request_size(cap, *self.still_size)
            for _ in range(max(0, self.settle_frames) + 1):
                ok, im = cap.read()
                if ok and im is not None:
                    img = im
        except Exception as e:
            log.warning("camera still failed: %s", type(e).__name__)
        finally:
            try:
                request_size(cap, *self.preview_size)
            except Exception as e:
                log.warning("camera: back to preview size failed: %s", type(e).__name__)
        return None if img is None else Frame(img, self.frames, self.clock(), True)

    def _answer_stills(self, frame: Frame | None) -> None:
        with self._lock:
            reqs, self._still_requests = self._still_requests, []
        for r in reqs:
            r.frame = frame
            r.done.set()

    def _unsubscribe(self, sub):
        with self._lock:
            if sub in self._subs:
                self._subs.remove(sub)

    def _set_status(self, state, citizen, detail=""):
        st = CameraStatus(state, citizen, detail)
        if st == self._status:
            return
        self._status = st
        log.info("camera %s: %s", state, detail or citizen)
        if self._on_status:
            try:
                self._on_status(st)
            except Exception:
                log.exception("camera status callback failed")

    def _open(self, rewind: bool = False):
        if not rewind:      # (a looping file starting over is no news: it stays "ready")
            self._set_status(CONNECTING, "Starting the camera...", f"opening {self.kind} source")
        try:
            cap = self._opener()
        except Exception as e:
            cap = None
            detail = f"open failed: {type(e).__name__}: {e}"
        else:
            detail = "source did not open"
        if cap is None or not cap.isOpened():
            if cap is not None:
                cap.release()
            self._set_status(ERROR, "The camera is not available. Please ask staff for help.",
                             f"{self.kind} source: {detail}")
            return None
        return cap

    def _run(self):
        cap = None
        failed = 0
        t_start = None
        fps_file = 0.0
        window: deque[float] = deque(maxlen=30)
        rewind = False
        try:
            while not self._stop.is_set():
                if cap is None:
                    cap, rewind = self._open(rewind), False
                    if cap is None:
                        if self.is_file and not os.path.exists(self.source) and self.kind == "video":
                            self._set_status(ERROR, "The camera is not available. Please ask staff for help.",
                                             "video file not found")
                        self._stop.wait(self.reopen_delay)
                        continue
                    failed = 0
                    fps_file = float(cap.get(cv2.CAP_PROP_FPS) or 0.0) if self.is_file else 0.0
                    t_start = self.clock()
                    n_file = 0
                    self._configure_preview(cap)
                if self._switching and self._still_requests:
                    self._answer_stills(self._take_still(cap))
                    continue
                ok, img = cap.read()
                if not ok or img is None:
                    if self.is_file:
                        if self.loop:
                            cap.release()
                            cap, rewind = None, True
                            continue
                        self._set_status(ENDED, "Camera off.", "end of video/image sequence")
                        break
                    failed += 1
                    if failed >= self.max_failed_reads:
                        self._set_status(DISCONNECTED, "The camera stopped sending pictures. Reconnecting...",
                                         f"{failed} reads without a frame; reopening")
                        cap.release()
                        cap = None
                        self._stop.wait(self.reopen_delay)
                    else:
                        self._stop.wait(0.01)
                    continue
                if failed or self._status.state != CONNECTED:
                    self._set_status(CONNECTED, "Camera ready.", f"{self.kind} source {img.shape[1]}x{img.shape[0]}")
                failed = 0
                now = self.clock()
                frame = Frame(img, self.frames, now)
                self.frames += 1
                window.append(now)
                if len(window) > 1 and window[-1] > window[0]:
                    self.fps = (len(window) - 1) / (window[-1] - window[0])
                self._latest = frame
                if self._still_requests and not self._switching:   # the stream is full resolution
                    self._answer_stills(Frame(img, frame.index, now, True))
                with self._lock:
                    subs = list(self._subs)
                for s in subs:
                    s.slot.put(frame)
                if self.is_file and self.realtime and fps_file > 0:
                    n_file += 1
                    delay = t_start + n_file / fps_file - self.clock()
                    if delay > 0:
                        self._stop.wait(delay)
        except Exception as e:  # never let the camera thread die silently
            log.exception("camera thread crashed")
            self._set_status(ERROR, "The camera is not available. Please ask staff for help.",
                             f"camera thread: {type(e).__name__}")
        finally:
            if cap is not None:
                cap.release()
            if self._stop.is_set():
                self._set_status(STOPPED, "Camera off.", "stopped")
            self._answer_stills(None)
            for s in list(self._subs):
                s.slot.close()


# ------------------------------------------------------------------ auto-capture

@dataclass
class Capture:
    """A captured still with its page corners (full-resolution pixels)."""
    image: np.ndarray
    quad: np.ndarray | None
    quality: Quality
    manual: bool = False
    paper: str = "A4"

    def with_corners(self, quad, thresholds: Thresholds | None = None) -> "Capture":
        """The same still with corners the user adjusted (any order; re-checked)."""
        q = order_quad(quad)
        return Capture(self.image, q, assess(self.image, q, paper=self.paper, thresholds=thresholds),
                       True, self.paper)

    def page(self, mode: str = "colour", dpi: int = 200) -> np.ndarray:
        from devices.scanner.rectify import rectify
        if self.quad is None:
            return self.image
        return rectify(self.image, self.quad, paper=self.paper, dpi=dpi, mode=mode)


@dataclass
class CaptureEvent:
    kind: str                          # "page", "lost", "captured", "rearmed"
    frame_index: int
    quad: np.ndarray | None = None     # corners: the still's pixels for "captured", else the frame's
    progress: float = 0.0              # stability 0..1 (for a countdown ring)
    quality: Quality | None = None
    capture: Capture | None = None
    problems: list[str] = field(default_factory=list)


SEARCHING, TRACKING, WAIT_REMOVAL = "searching", "tracking", "wait_removal"


# Auto-capture takes a page only when the page network sees a page there too (IoU of the
# quad with its region). Measured (/work/ana/s6/netgate.py): every false page the detector
# finds on an empty desk has IoU <= 0.03 (24 of 24 on 200 generated empty frames), and 38
# of 42 on relit empty desks of one station (no desk on record) are under 0.2; no page it
# finds (J >= 0.9) is under 0.3: 0 of 288 generated, 0 of 232 from the independent
# generator the network never trained on. A page it cannot confirm is still outlined, and
# "Take the page now" takes it: a tap instead of an empty desk filed as a material.
CONFIRM_IOU = 0.2
CONFIRM_RETRY = 15          # frames before an unconfirmed page at rest is looked at again


def page_confirmed(image: np.ndarray, quad) -> bool:
    """Whether the page network agrees a page lies at `quad` (True without a model: the
    edges alone decide, as in detection)."""
    from devices.scanner.pagenet import region_iou
    iou = region_iou(image, quad)
    return iou is None or iou >= CONFIRM_IOU


class AutoCapture:
    """Feed frames in order; returns events. Capture fires when the page has been seen
    in `stable_frames` consecutive frames with every corner within `motion` x frame
    diagonal of where it is now, the page network confirms it (`confirm`; otherwise the
    event's problem is "unconfirmed" and only a manual capture takes it), and the quality
    gate passes on the full-resolution still. After a capture it re-arms only when the
    page has left (no page for `leave_frames` frames, or a page that overlaps the captured
    one by < 50 %)."""

    def __init__(self, *, stable_frames: int = 10, motion: float = 0.01, paper: str = "A4",
                 thresholds: Thresholds | None = None, leave_frames: int = 3,
                 detector: Callable[..., Detection | None] = detect_page,
                 still: Callable[[], Frame | None] | None = None,
                 still_scale: float | Callable[[], float] = 1.0,
                 confirm: Callable[[np.ndarray, np.ndarray], bool] | None = page_confirmed):
        self.confirm = confirm
        self._confirmed: bool | None = None     # for the page at rest now (None: not asked yet)
        self._unconfirmed_for = 0
        self.stable_frames = stable_frames
        self.motion = motion
        self.paper = paper
        self.thresholds = thresholds or Thresholds()
        self.leave_frames = leave_frames
        self.detector = detector
        self.still = still
        # a still larger than the preview (CameraSource.still_scale): the gate judges DPI
        # at the still's size, or a low-resolution preview would block every page
        self.still_scale = still_scale
        self.state = SEARCHING
        self._quads: deque = deque(maxlen=stable_frames)
        self._last_quad = None
        self._captured_quad = None
        self._absent = 0
        self._manual = False
        self.captures: list[Capture] = []

    def capture_now(self) -> None:
        """Manual capture: the next frame is taken as it is (page or not)."""
        self._manual = True

    def reset(self) -> None:
        self._confirmed = None
        self.state = SEARCHING
        self._quads.clear()
        self._last_quad = None
        self._captured_quad = None
        self._absent = 0

    def mark_taken(self, quad) -> None:
        """The page at `quad` (pixels of the frames given to `feed`; None: no page) is
        taken: it is not captured again by itself until it leaves, as after a capture.
        For a page taken outside `feed`, e.g. straightened with corners set by hand."""
        self.state = WAIT_REMOVAL
        self._quads.clear()
        self._captured_quad = None if quad is None else np.asarray(quad, np.float64).reshape(4, 2)
        self._absent = 0

    def _is_confirmed(self, frame: Frame, quad) -> bool:
        """The network's word on the page at rest: asked once, and again every
        CONFIRM_RETRY frames while it says no (the light may change, a sheet may be
        laid on what was the desk)."""
        if self._confirmed is None or (not self._confirmed and self._unconfirmed_for >= CONFIRM_RETRY):
            try:
                self._confirmed = bool(self.confirm(frame.image, quad))
            except Exception:   # the network is a second opinion: its failure lets the edges decide
                log.exception("page confirmation failed")
                self._confirmed = True
            self._unconfirmed_for = 0
        if not self._confirmed:
            self._unconfirmed_for += 1
        return self._confirmed

    def _capture(self, frame: Frame, quad, manual: bool) -> Capture:
        still = self.still() if self.still else None
        if still is None:
            still = frame
        img = still.image
        q = quad
        if q is not None and img.shape[:2] != frame.image.shape[:2]:
            sx = img.shape[1] / frame.image.shape[1]
            sy = img.shape[0] / frame.image.shape[0]
            q = np.asarray(quad) * [sx, sy]
        if q is not None and img is not frame.image:
            d = self.detector(img, prior=q)
            q = d.quad if d is not None else q
        qual = assess(img, q, paper=self.paper, thresholds=self.thresholds) if q is not None else \
            Quality(True, [], None, None, None)
        cap = Capture(img, q, qual, manual, self.paper)
        self.captures.append(cap)
        return cap

    def feed(self, frame: Frame) -> list[CaptureEvent]:
        events: list[CaptureEvent] = []
        try:
            det = self.detector(frame.image, prior=self._last_quad)
        except Exception:      # a detector bug must not stop the capture loop
            log.exception("page detection failed")
            det = None
        quad = None if det is None else det.quad
        if self._manual:
            self._manual = False
            cap = self._capture(frame, quad, True)
            self.mark_taken(quad)
            events.append(CaptureEvent("captured", frame.index, cap.quad, 1.0, cap.quality, cap))
            return events
        if self.state == WAIT_REMOVAL:
            gone = quad is None or (self._captured_quad is not None and jaccard(quad, self._captured_quad) < 0.5)
            self._absent = self._absent + 1 if gone else 0
            if self._absent >= self.leave_frames or (quad is not None and gone):
                self.reset()
                events.append(CaptureEvent("rearmed", frame.index, quad))
                if quad is None:
                    return events
            else:
                if quad is not None:
                    self._last_quad = quad
                return events
        if quad is None:
            if self._quads:
                events.append(CaptureEvent("lost", frame.index, None, 0.0, problems=["no_page"]))
            self._quads.clear()
            self._last_quad = None
            self.state = SEARCHING
            return events
        self.state = TRACKING
        self._quads.append(quad)
        self._last_quad = quad
        limit = self.motion * diagonal(frame.image.shape)
        # count back from the newest: every one of the last frames must be close
        run = 0
        for q in reversed(self._quads):
            if max_corner_shift(q, quad) >= limit:
                break
            run += 1
        progress = min(1.0, run / self.stable_frames)
        if run < self.stable_frames:
            self._confirmed = None              # (a page that moved is asked about afresh)
        else:
            if self.confirm is not None and not self._is_confirmed(frame, quad):
                events.append(CaptureEvent("page", frame.index, quad, progress, problems=["unconfirmed"]))
                return events
            scale = self.still_scale() if callable(self.still_scale) else float(self.still_scale)
            qual = assess(frame.image, quad, paper=self.paper, thresholds=self.thresholds, scale=scale)
            if qual.ok:
                cap = self._capture(frame, quad, False)
                if cap.quality.ok:
                    self.mark_taken(quad)
                    events.append(CaptureEvent("captured", frame.index, cap.quad, 1.0, cap.quality, cap))
                    return events
                self.captures.pop()
                qual = cap.quality
            events.append(CaptureEvent("page", frame.index, quad, progress, qual, problems=list(qual.problems)))
            return events
        events.append(CaptureEvent("page", frame.index, quad, progress))
        return events


# ------------------------------------------------------------------ live frames

def preview_size_of(config) -> tuple[int, int]:
    """The configured live-preview size (camera.preview_width/height), (0, 0) for none
    (detection at the capture size)."""
    return int(config["camera.preview_width"] or 0), int(config["camera.preview_height"] or 0)


def camera_settings(config, *, preview: bool = False) -> dict:
    """CameraSource keyword arguments from the [camera] config: the capture size,
    autofocus and, with `preview`, the live-preview size to stream."""
    pw, ph = preview_size_of(config) if preview else (0, 0)
    return {"width": config["camera.width"], "height": config["camera.height"],
            "autofocus": config["camera.autofocus"], "preview_width": pw, "preview_height": ph}


def fit_factor(width: int, height: int, max_width: int, max_height: int) -> float:
    """The factor that brings width x height inside max_width x max_height, shape kept
    (a 0 bound does not limit; 1.0 when it already fits)."""
    f = 1.0
    if max_width > 0:
        f = min(f, max_width / width)
    if max_height > 0:
        f = min(f, max_height / height)
    return f


def page_detector(config) -> Callable[..., Detection | None]:
    """detect_page, told this station's empty desk when one is recorded (a pattern of
    the desk itself is then not a page)."""
    from devices.scanner.desk import recorded
    desk = recorded(config)
    return detect_page if desk is None else functools.partial(detect_page, desk=desk)


class LiveFrames:
    """Live detection at the preview size, captures at full resolution (one thread: the
    one that feeds the AutoCapture). A USB camera given the preview size streams it and
    switches to the capture size for a still (`CameraSource.still`). Sources that stream
    at the capture size (a video file, the simulator, a camera whose preview has another
    shape) are brought down to fit the preview size here, and their still is the full
    frame the small one was made from (the same moment, no second read).
    Used by the UI's capture loops and by `kiosk scan camera --auto`."""

    def __init__(self, camera: "CameraSource", width: int = 0, height: int = 0):
        self.camera = camera
        self.width, self.height = width, height
        self.full: Frame | None = None    # the newest frame as the camera gave it
        self.scale = 1.0                  # its width / the detection frame's width

    def detection_frame(self, frame: Frame) -> Frame:
        """The frame to detect on and show: `frame` itself when it fits the preview size."""
        self.full = frame
        h, w = frame.image.shape[:2]
        f = fit_factor(w, h, self.width, self.height)
        if f >= 1.0:
            self.scale = 1.0
            return frame
        size = (max(1, round(w * f)), max(1, round(h * f)))
        self.scale = w / size[0]
        return Frame(cv2.resize(frame.image, size, interpolation=cv2.INTER_AREA), frame.index, frame.t)

    def still(self) -> Frame | None:
        """The full-resolution still for a capture (AutoCapture's `still`)."""
        if self.camera.still_scale() > 1.0:        # the camera switches to its capture size
            s = self.camera.still()
            if s is not None:
                return s
        return self.full

    def still_scale(self) -> float:
        """Still width / detection frame width (AutoCapture judges DPI at the still's size)."""
        return self.camera.still_scale() * self.scale

    def auto_capture(self, config, **kw) -> AutoCapture:
        """An AutoCapture that takes its stills here, with the config's quality thresholds,
        stable-frame count (camera.stable_frames), paper (camera.paper) and the recorded
        empty desk (devices/scanner/desk.py); `kw` overrides."""
        kw.setdefault("stable_frames", config["camera.stable_frames"])
        kw.setdefault("paper", config["camera.paper"])
        kw.setdefault("detector", page_detector(config))
        return AutoCapture(thresholds=Thresholds.from_config(config), still=self.still,
                           still_scale=self.still_scale, **kw)
