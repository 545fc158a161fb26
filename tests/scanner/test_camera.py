"""Camera source thread and auto-capture, driven by real video files and image folders
written by the tests (OpenCV's own FFmpeg/MJPG reader, not a mock). Only the camera
that disappears and comes back is a fake capture object: nothing here can unplug a
real camera."""

import threading
import time

import cv2
import numpy as np
import pytest

from devices.scanner.camera import (CONNECTED, DISCONNECTED, ENDED, ERROR, AutoCapture, CameraSource, Frame,
                                    LatestSlot, source_kind)
from devices.scanner.geometry import jaccard
from devices.scanner.quality import Thresholds
from docsynth import capture_video_frames, write_video

_LOOSE = Thresholds(min_area=0.0, dpi_block=0.0, dpi_warn=0.0)   # (size and DPI rules are not tested here)


@pytest.fixture(scope="module")
def session():
    return capture_video_frames()


@pytest.fixture(scope="module")
def video(tmp_path_factory, session):
    frames, _, _ = session
    path = tmp_path_factory.mktemp("cam") / "session.avi"
    write_video(path, frames, fps=30)
    return path


def test_source_kinds():
    assert source_kind("0") == "index"
    assert source_kind("/dev/video2") == "device"
    assert source_kind("rtsp://10.0.0.5/stream") == "url"
    assert source_kind("demo.avi") == "video"
    assert source_kind("scans/*.jpg") == "images"
    assert source_kind("f%04d.png") == "images"


def test_latest_slot_newest_wins():
    s = LatestSlot()
    for i in range(5):
        s.put(i)
    assert s.get(0.1) == 4 and s.dropped == 4
    assert s.get(0.05) is None          # nothing newer
    s.put(5)
    assert s.get(0.1) == 5


def test_video_file_delivers_every_frame_then_says_ended(video, session):
    statuses = []
    cam = CameraSource(str(video), on_status=statuses.append, realtime=False)
    got = []
    done = threading.Event()

    def on_frame(f):
        got.append(f.index)
    cam.subscribe(on_frame)
    sub = cam.subscribe()
    cam.start()
    first = sub.get(timeout=5)
    assert first is not None and first.image.shape == (480, 640, 3)
    cam.join(timeout=10)
    done.set()
    assert [s.state for s in statuses][:2] == ["connecting", "connected"]
    assert statuses[-1].state == ENDED
    assert cam.frames == len(session[0])
    time.sleep(0.3)
    assert got and got[-1] == len(session[0]) - 1      # the newest frame always arrives
    cam.stop()


def test_slow_subscriber_skips_frames_and_never_lags(video, session):
    cam = CameraSource(str(video), realtime=True)    # paced at the file's 30 fps
    seen = []

    def slow(f):
        seen.append(f.index)
        time.sleep(0.12)                             # ~4x slower than the camera
    sub = cam.subscribe(slow)
    cam.start()
    cam.join(timeout=15)
    time.sleep(0.4)
    n = len(session[0])
    assert cam.frames == n
    assert len(seen) < n * 0.6 and sub.dropped > 0   # skipped, no backlog...
    assert seen[-1] >= n - 2                          # ...and it ends on (nearly) the last frame
    cam.stop()


def test_image_folder_source(tmp_path, session):
    for i, f in enumerate(session[0][:5]):
        cv2.imwrite(str(tmp_path / f"p{i:03d}.png"), f)
    (tmp_path / "notes.txt").write_text("not an image")
    cam = CameraSource(str(tmp_path), realtime=False).start()
    cam.join(timeout=5)
    assert cam.frames == 5 and cam.status.state == ENDED
    cam2 = CameraSource(str(tmp_path / "p%03d.png"), realtime=False).start()
    cam2.join(timeout=5)
    assert cam2.frames == 5


def test_missing_camera_is_a_status_not_a_crash():
    statuses = []
    cam = CameraSource("9", on_status=statuses.append, reopen_delay=0.05).start()   # no camera 9 here
    time.sleep(0.5)
    assert cam.status.state == ERROR and "staff" in cam.status.citizen
    assert cam._thread.is_alive()                     # keeps trying
    cam.stop()
    assert cam.status.state == "stopped"


def test_missing_video_file_is_a_status(tmp_path):
    cam = CameraSource(str(tmp_path / "nope.avi"), reopen_delay=0.05).start()
    time.sleep(0.3)
    assert cam.status.state == ERROR
    cam.stop()


class _FlakyCapture:
    """Stands in for a USB camera: gives `good` frames, then nothing (unplugged)."""

    def __init__(self, good):
        self.good = good
        self.n = 0

    def isOpened(self):
        return True

    def read(self):
        self.n += 1
        if self.n <= self.good:
            return True, np.full((120, 160, 3), self.n, np.uint8)
        return False, None

    def get(self, prop):
        return 0.0

    def release(self):
        pass


def test_camera_that_disappears_is_reopened():
    opens = []

    def opener():
        opens.append(1)
        if len(opens) == 2:            # unplugged: the device will not open for a while
            class Closed(_FlakyCapture):
                def isOpened(self):
                    return False
            return Closed(0)
        return _FlakyCapture(5 if len(opens) == 1 else 10**9)

    statuses = []
    cam = CameraSource("0", opener=opener, on_status=statuses.append, reopen_delay=0.02,
                       max_failed_reads=3)
    sub = cam.subscribe()
    cam.start()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and cam.frames < 50:
        time.sleep(0.02)
    cam.stop()
    states = [s.state for s in statuses]
    assert DISCONNECTED in states and ERROR in states
    # connected, lost, failed to reopen, reopened and streaming again
    i = states.index(DISCONNECTED)
    assert CONNECTED in states[:i] and CONNECTED in states[i:]
    assert len(opens) >= 3 and cam.frames >= 50
    assert sub.get(0.01) is not None or cam.latest() is not None


def test_camera_with_no_frames_at_all():
    statuses = []
    cam = CameraSource("0", opener=lambda: _FlakyCapture(0), on_status=statuses.append,
                       reopen_delay=0.02, max_failed_reads=3).start()
    time.sleep(0.3)
    cam.stop()
    assert DISCONNECTED in [s.state for s in statuses] and cam.frames == 0


def test_auto_capture_from_the_video(video, session):
    """Every frame of the file in order: exactly one capture per resting page, the quad
    within the page, no second capture while the page stays, re-armed once it left."""
    _, quads, rests = session
    ac = AutoCapture(paper="free")
    cap = cv2.VideoCapture(str(video))
    events = []
    i = 0
    while True:
        ok, img = cap.read()
        if not ok:
            break
        events += ac.feed(Frame(img, i, i / 30))
        i += 1
    caps = [e for e in events if e.kind == "captured"]
    assert len(caps) == 2
    for ev, (a, b) in zip(caps, rests):
        assert a + 9 <= ev.frame_index <= a + 20            # ~10 stable frames after the page rests
        assert jaccard(ev.capture.quad, quads[ev.frame_index]) > 0.97
        assert ev.capture.quality.ok and not ev.capture.manual
        page = ev.capture.page(dpi=100)
        assert page.shape[0] > page.shape[1]                # portrait page, straightened
    rearm = [e.frame_index for e in events if e.kind == "rearmed"]
    assert len(rearm) == 1 and rests[0][1] < rearm[0] < rests[1][0]
    progress = [e.progress for e in events if e.kind == "page" and rests[0][0] <= e.frame_index < caps[0].frame_index]
    assert progress == sorted(progress) and progress[-1] >= 0.8   # countdown ring fills up


def test_auto_capture_waits_for_the_network_to_confirm_the_page(session):
    """Empty desks the edges take for a page (generated, seeds where the detector does)
    are never auto-captured: the page network sees no page there, and the event says
    "unconfirmed" (the UI then points at "Take the page now", which still takes it). A
    real page is confirmed and captured; a confirmation that fails lets the edges decide."""
    from devices.scanner.camera import CONFIRM_RETRY, page_confirmed
    from devices.scanner.detect import detect_page
    from docsynth import make_empty_scene
    falsely_paged = [img for img in (make_empty_scene(s) for s in range(30000, 30040))
                     if detect_page(img) is not None]
    assert len(falsely_paged) >= 3                        # measured 5 of 40
    for img in falsely_paged:
        assert not page_confirmed(img, detect_page(img).quad)
        ac = AutoCapture(paper="free", stable_frames=4, thresholds=_LOOSE)
        events = [ev for i in range(12) for ev in ac.feed(Frame(img, i, i / 30))]
        assert not any(e.kind == "captured" for e in events)
        assert events[-1].problems == ["unconfirmed"]
        assert [e.kind for e in ac.feed(Frame(img, 99, 3.3))] == ["page"]
        ac.capture_now()                                  # the citizen's tap still takes it
        assert ac.feed(Frame(img, 100, 3.4))[0].kind == "captured"
    frames, quads, rests = session
    rest = frames[rests[0][0] + 2]
    assert page_confirmed(rest, quads[rests[0][0] + 2])
    asked = []

    def counting(image, quad):
        asked.append(1)
        return False
    ac = AutoCapture(paper="free", stable_frames=4, confirm=counting)
    for i in range(4 + 2 * CONFIRM_RETRY):
        ac.feed(Frame(rest, i, i / 30))
    assert 2 <= len(asked) <= 3                           # asked at rest, then again now and then

    def broken(image, quad):
        raise RuntimeError("bug")
    ac = AutoCapture(paper="free", stable_frames=4, confirm=broken)
    kinds = [ev.kind for i in range(8) for ev in ac.feed(Frame(rest, i, i / 30))]
    assert "captured" in kinds


def test_auto_capture_live_through_the_camera_thread(video):
    cam = CameraSource(str(video), realtime=True)
    ac = AutoCapture(paper="free")
    captured = []
    lock = threading.Lock()

    def on_frame(f):
        for ev in ac.feed(f):
            if ev.kind == "captured":
                with lock:
                    captured.append(ev)
    cam.subscribe(on_frame)
    cam.start()
    cam.join(timeout=20)
    time.sleep(0.5)
    cam.stop()
    assert len(captured) == 2


def test_manual_capture_and_corner_adjustment(session):
    frames, quads, _ = session
    ac = AutoCapture(paper="free")
    ac.capture_now()
    ev = ac.feed(Frame(frames[0], 0, 0.0))          # empty mat: manual capture still happens
    assert ev[0].kind == "captured" and ev[0].capture.manual and ev[0].capture.quad is None
    # the clerk drags the corners onto the page (any order): re-checked, straightened
    q = quads[30]
    cap2 = ev[0].capture.with_corners(q[[2, 0, 3, 1]])
    assert np.allclose(cap2.quad, q) and cap2.manual
    frame_with_page = ac.feed(Frame(frames[30], 30, 1.0))
    assert frame_with_page == [] or frame_with_page[0].kind in ("rearmed", "page")
    capped = AutoCapture(paper="free")
    capped.capture_now()
    ev = capped.feed(Frame(frames[30], 30, 1.0))
    assert ev[0].capture.quad is not None and jaccard(ev[0].capture.quad, q) > 0.97


def test_detector_crash_does_not_stop_auto_capture(session):
    calls = []

    def broken(img, prior=None):
        calls.append(1)
        raise RuntimeError("bug")
    ac = AutoCapture(detector=broken)
    assert ac.feed(Frame(session[0][20], 0, 0.0)) == []
    assert calls


def test_a_page_marked_taken_is_not_captured_again_until_it_leaves(session):
    """A page taken outside feed (corners set by hand on the Capture screen) is marked
    taken: the resting page is not auto-captured on top of it; once it has left, the
    next page is captured as usual."""
    frames, quads, ((a, b), (c, d)) = session
    ac = AutoCapture(paper="free")
    events = []
    for i in range(a + 3):
        events += ac.feed(Frame(frames[i], i, i / 30))
    ac.mark_taken(quads[a + 2])
    for i in range(a + 3, len(frames)):
        events += ac.feed(Frame(frames[i], i, i / 30))
    caps = [e.frame_index for e in events if e.kind == "captured"]
    assert len(caps) == 1 and c <= caps[0] <= d            # only the second page
    rearm = [e.frame_index for e in events if e.kind == "rearmed"]
    assert len(rearm) == 1 and b < rearm[0] <= c            # after the first page left


def test_a_page_marked_taken_with_no_page_waits_for_the_desk_to_clear(session):
    frames, _, ((a, b), (c, d)) = session
    ac = AutoCapture(paper="free")
    ac.mark_taken(None)
    events = []
    for i in range(a, len(frames)):
        events += ac.feed(Frame(frames[i], i, i / 30))
    assert [e.frame_index for e in events if e.kind == "captured"][0] >= c
    assert [e.kind for e in events][0] == "rearmed"


def test_manual_capture_reports_the_corners_in_the_stills_pixels(session):
    """With a still twice the frame's size, the captured event's corners are the still's
    (as for an auto-capture), so the UI can map them back to the preview."""
    frames, quads, _ = session
    big = cv2.resize(frames[30], None, fx=2, fy=2, interpolation=cv2.INTER_LINEAR)
    ac = AutoCapture(paper="free", still=lambda: Frame(big, 30, 1.0, True), still_scale=2.0)
    ac.capture_now()
    ev = ac.feed(Frame(frames[30], 30, 1.0))[0]
    assert ev.kind == "captured" and ev.capture.image.shape[:2] == big.shape[:2]
    assert np.allclose(ev.quad, ev.capture.quad)
    assert jaccard(ev.quad, quads[30] * 2) > 0.95


def test_a_looping_file_starting_over_stays_ready(tmp_path, session):
    """A demo video (loop=True) starts over at its end without announcing "Starting the
    camera..." each time: the screen's camera line would flash at every loop."""
    frames, _, _ = session
    path = tmp_path / "short.avi"
    write_video(path, frames[:4], fps=30)
    states = []
    cam = CameraSource(str(path), loop=True, realtime=False, on_status=lambda st: states.append(st.state)).start()
    sub = cam.subscribe()
    try:
        seen = 0
        deadline = time.monotonic() + 10
        while seen < 14 and time.monotonic() < deadline:       # more than three times round
            seen += sub.get(timeout=0.5) is not None
    finally:
        sub.close()
        cam.stop()
    assert seen >= 14 and cam.frames >= 14
    assert states[:2] == ["connecting", CONNECTED] and states.count("connecting") == 1, states
