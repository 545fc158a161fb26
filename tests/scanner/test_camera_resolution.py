"""Camera resolution: the largest mode by default, a preview size with full-resolution
stills, and auto-capture judging and keeping the still.

No USB camera (nor v4l2loopback, which needs a kernel module) exists on the test
machine, so a fake capture object stands in for cv2.VideoCapture on a UVC camera: it
answers size requests the way V4L2 drivers do (snapping to the nearest mode, or, for
some drivers, refusing anything that is not an exact mode) and renders the same page at
whatever size it is set to. Video files and image folders are real (test_camera.py)."""

import threading
import time

import cv2
import numpy as np
import pytest

from devices.scanner.camera import (AutoCapture, CameraSource, frame_size, open_source,
                                    probe_max_resolution)


def _desk_with_page(w, h):
    """An A4 page (slightly turned) filling ~88 % of the frame height on a dark desk."""
    img = np.full((h, w, 3), (40, 48, 55), np.uint8)
    ph = 0.88 * h
    pw = ph / 1.4142
    cx, cy = w / 2, h / 2
    quad = np.array([[cx - pw / 2 + 0.01 * w, cy - ph / 2], [cx + pw / 2 + 0.01 * w, cy - ph / 2 + 0.005 * h],
                     [cx + pw / 2, cy + ph / 2], [cx - pw / 2, cy + ph / 2 - 0.004 * h]])
    cv2.fillPoly(img, [np.round(quad * 16).astype(np.int32)], (228, 230, 232), cv2.LINE_AA, shift=4)
    x0, x1 = int(cx - pw / 2 + 0.08 * pw), int(cx + pw / 2 - 0.08 * pw)
    y = int(cy - ph / 2 + 0.08 * ph)
    step = max(6, int(ph / 45))
    for k in range(34):
        cv2.line(img, (x0, y + k * step), (x1 - (k * 37) % int(0.3 * pw), y + k * step), (50, 50, 50),
                 max(1, step // 4), cv2.LINE_AA)
    return img


class FakeUVC:
    """cv2.VideoCapture look-alike for a USB camera (see the module docstring)."""

    def __init__(self, modes, *, snap=True, start=None, fps=60.0):
        self.modes = sorted(modes, key=lambda m: m[0] * m[1])
        self.snap = snap
        self.size = start or self.modes[0]
        self.req = list(self.size)
        self.props = {}
        self.sizes_read = []
        self.switches = 0
        self.period = 1.0 / fps
        self._big = _desk_with_page(*self.modes[-1])
        self._cache = {}
        self.opened = True

    def isOpened(self):
        return self.opened

    def set(self, prop, value):
        if prop in (cv2.CAP_PROP_FRAME_WIDTH, cv2.CAP_PROP_FRAME_HEIGHT):
            self.req[0 if prop == cv2.CAP_PROP_FRAME_WIDTH else 1] = int(value)
            if self.snap:      # V4L2 S_FMT: the driver adjusts to its nearest mode
                new = min(self.modes, key=lambda m: abs(m[0] - self.req[0]) + abs(m[1] - self.req[1]))
            else:              # a driver that refuses all but exact modes
                new = tuple(self.req) if tuple(self.req) in self.modes else self.size
            if new != self.size:
                self.switches += 1
            self.size = new
            return True
        self.props[prop] = value
        return True

    def get(self, prop):
        if prop == cv2.CAP_PROP_FRAME_WIDTH:
            return float(self.size[0])
        if prop == cv2.CAP_PROP_FRAME_HEIGHT:
            return float(self.size[1])
        return 0.0

    def read(self):
        time.sleep(self.period)
        if self.size not in self._cache:
            self._cache[self.size] = cv2.resize(self._big, self.size, interpolation=cv2.INTER_AREA)
        self.sizes_read.append(self.size)
        return True, self._cache[self.size].copy()

    def release(self):
        self.opened = False


MODES = [(640, 480), (1280, 720), (1280, 960), (1920, 1080), (3264, 2448)]


def test_default_is_the_largest_mode_in_mjpg():
    cams = []

    def factory(src):
        cams.append(FakeUVC(MODES))
        return cams[-1]
    cap = open_source("0", 0, 0, capture_factory=factory)
    assert frame_size(cap) == (3264, 2448)
    assert cams[0].props[cv2.CAP_PROP_FOURCC] == cv2.VideoWriter_fourcc(*"MJPG")
    cap = open_source("/dev/video0", None, None, capture_factory=lambda s: FakeUVC(MODES))
    assert frame_size(cap) == (3264, 2448)


def test_a_driver_that_refuses_oversize_is_probed_on_usual_sizes():
    cam = FakeUVC([(640, 480), (1600, 1200), (2048, 1536)], snap=False)
    assert probe_max_resolution(cam) == (2048, 1536)
    odd = FakeUVC([(640, 480), (1000, 700)], snap=False)     # no usual size at all
    assert probe_max_resolution(odd) == (640, 480)            # keeps what it gives


def test_explicit_size_is_honoured():
    cap = open_source("0", 1280, 960, capture_factory=lambda s: FakeUVC(MODES))
    assert frame_size(cap) == (1280, 960)


def _camera(preview=(1280, 960), modes=MODES):
    fakes = []

    def opener():
        fakes.append(FakeUVC(modes))
        return open_source("0", 0, 0, capture_factory=lambda s: fakes[-1])
    cam = CameraSource("0", opener=opener, preview_width=preview[0], preview_height=preview[1],
                       reopen_delay=0.05)
    return cam, fakes


def test_preview_streams_small_and_a_still_is_full_resolution():
    cam, fakes = _camera()
    sub = cam.subscribe()
    cam.start()
    try:
        f = sub.get(timeout=5)
        assert f is not None and f.image.shape[:2] == (960, 1280) and not f.still
        assert cam.still_scale() == pytest.approx(3264 / 1280)
        s = cam.still(timeout=5)
        assert s is not None and s.still and s.image.shape[:2] == (2448, 3264)
        # and back to the preview size afterwards, for subscribers
        for _ in range(3):
            f = sub.get(timeout=5)
        assert f.image.shape[:2] == (960, 1280)
        big = [sz for sz in fakes[0].sizes_read if sz == (3264, 2448)]
        assert len(big) == cam.settle_frames + 1          # only the still's frames were big
    finally:
        cam.stop()


def test_without_a_preview_size_the_stream_is_full_resolution():
    cam, _ = _camera(preview=(0, 0))
    sub = cam.subscribe()
    cam.start()
    try:
        f = sub.get(timeout=5)
        assert f.image.shape[:2] == (2448, 3264)
        assert cam.still_scale() == 1.0
        s = cam.still(timeout=5)
        assert s.image.shape[:2] == (2448, 3264) and s.still
    finally:
        cam.stop()


def test_still_of_a_video_file_is_its_next_frame(tmp_path):
    path = tmp_path / "v.avi"
    vw = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 10, (320, 240))
    for i in range(40):
        vw.write(np.full((240, 320, 3), i * 5, np.uint8))
    vw.release()
    cam = CameraSource(str(path), realtime=True, preview_width=160, preview_height=120)
    cam.start()
    try:
        s = cam.still(timeout=5)
        assert s is not None and s.image.shape[:2] == (240, 320) and cam.still_scale() == 1.0
    finally:
        cam.stop()
    assert cam.still(timeout=0.5) is not None      # a stopped camera: the last frame


def _run_auto(cam, auto, seconds=25):
    sub = cam.subscribe()
    cam.start()
    events = []
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            f = sub.get(timeout=1)
            if f is None:
                continue
            evs = auto.feed(f)
            events += evs
            if any(e.kind == "captured" for e in evs):
                break
            if len(events) > 40:
                break
    finally:
        cam.stop()
    return events


def test_auto_capture_takes_the_full_resolution_still():
    cam, _ = _camera()
    auto = AutoCapture(stable_frames=4, still=cam.still, still_scale=cam.still_scale)
    events = _run_auto(cam, auto)
    caps = [e.capture for e in events if e.kind == "captured"]
    assert caps, [e.problems for e in events][-3:]
    cap = caps[0]
    assert cap.image.shape[:2] == (2448, 3264)                 # the still, not the preview frame
    assert cap.quality.ok and "low_dpi" not in cap.quality.problems
    assert cap.quality.dpi > 170                                # A4 at ~88 % of 2448 px
    q = np.asarray(cap.quad)
    assert q[:, 1].max() - q[:, 1].min() > 0.8 * 2448           # corners in the still's pixels


def test_the_preview_alone_is_low_dpi_which_the_still_scale_fixes():
    """Without the still (the old behaviour) every A4 page at 1280x960 is blocked as
    low_dpi: the gate must judge DPI at the size that will be kept."""
    cam, _ = _camera()
    auto = AutoCapture(stable_frames=4)
    events = _run_auto(cam, auto, seconds=6)
    assert not any(e.kind == "captured" for e in events)
    assert any("low_dpi" in e.problems for e in events)


def test_config_defaults_ask_for_the_largest_mode(tmp_path):
    from kiosk.config import defaults, parse_config
    from kiosk.errors import KioskError
    cfg = defaults()
    assert cfg["camera.width"] == 0 and cfg["camera.height"] == 0
    assert cfg["camera.preview_width"] == 0 and cfg["camera.preview_height"] == 0
    ok = parse_config("[camera]\nwidth = 2592\nheight = 1944\npreview_width = 1280\npreview_height = 960\n",
                      tmp_path / "k.toml")
    assert ok["camera.preview_width"] == 1280
    with pytest.raises(KioskError, match="camera.width"):
        parse_config("[camera]\nwidth = 100\n", tmp_path / "k.toml")


def test_a_preview_of_another_shape_is_not_used():
    """16:9 preview of a 4:3 sensor is a crop on UVC cameras: corners found on it would
    not land on the still, so the camera streams at the capture size instead."""
    cam, _ = _camera(preview=(1280, 720))
    sub = cam.subscribe()
    cam.start()
    try:
        f = sub.get(timeout=5)
        assert f.image.shape[:2] == (2448, 3264) and cam.still_scale() == 1.0
    finally:
        cam.stop()
