"""`kiosk scan ...` as a user runs it: real subprocesses, real files."""

import json
import subprocess

import cv2
import numpy as np
import pikepdf
import pytest
from pikepdf import pdfa

import sys

KIOSK = [sys.executable, "-m", "kiosk"]
from docsynth import capture_video_frames, make_scene, write_video
from mrzsynth import TD3, passport_page


def run(kiosk_env, *args, check=None):
    r = subprocess.run([*KIOSK, *args], capture_output=True, text=True, env=kiosk_env["env"], timeout=120)
    if check is not None:
        assert r.returncode == check, r.stderr
    return r


@pytest.fixture(scope="module")
def photos(tmp_path_factory):
    d = tmp_path_factory.mktemp("photos")
    sc = make_scene(5, hard=False)
    p = d / "page.jpg"
    cv2.imwrite(str(p), sc.image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    empty = d / "empty.png"
    cv2.imwrite(str(empty), np.full((480, 640, 3), 90, np.uint8))
    return {"page": p, "quad": sc.quad, "empty": empty, "dir": d}


def test_detect_json_has_exactly_the_documented_keys(kiosk_env, photos):
    r = run(kiosk_env, "scan", "detect", str(photos["page"]), str(photos["empty"]), "--json", check=0)
    out = json.loads(r.stdout)
    assert isinstance(out, list) and len(out) == 2
    page, empty = out
    assert set(page) == {"path", "quad", "quality", "ms"}
    assert set(page["quality"]) == {"ok", "problems", "blur", "glare", "dpi"}
    assert page["path"] == str(photos["page"])
    q = np.array(page["quad"])
    assert q.shape == (4, 2)
    from devices.scanner.geometry import jaccard
    assert jaccard(q, photos["quad"]) > 0.97
    # clockwise from the top-left: the first corner is the one nearest the origin
    assert np.argmin(q.sum(1)) == 0
    assert isinstance(page["ms"], float) and page["ms"] > 0
    assert "low_dpi" in page["quality"]["problems"] and page["quality"]["ok"] is False   # A4 at 1280x960
    assert empty["quad"] is None and empty["quality"]["problems"] == ["no_page"]
    assert empty["quality"]["ok"] is False


def test_a_page_the_network_does_not_see_is_flagged_unconfirmed(kiosk_env, photos, tmp_path):
    """A generated empty desk on which the edges find a "page" (seed 30001): the record
    keeps the quad and says "unconfirmed", as the Capture screen does; a real page is
    not flagged."""
    from docsynth import make_empty_scene
    desk = tmp_path / "desk.png"
    cv2.imwrite(str(desk), make_empty_scene(30001))
    r = run(kiosk_env, "scan", "detect", str(desk), str(photos["page"]), "--json", check=0)
    empty, page = json.loads(r.stdout)
    assert empty["quad"] is not None and "unconfirmed" in empty["quality"]["problems"]
    assert "unconfirmed" not in page["quality"]["problems"]
    r = run(kiosk_env, "scan", "detect", str(desk), check=0)
    assert "unconfirmed" in r.stdout


def test_detect_text_output(kiosk_env, photos):
    r = run(kiosk_env, "scan", "detect", "--paper", "ID-1", str(photos["page"]), check=0)
    assert "page [[" in r.stdout


@pytest.mark.parametrize("content,what", [
    (b"", "empty file"),
    (b"hello, this is text\n", "not an image"),
    ("truncated", "truncated"),
])
def test_bad_files_are_reported_not_crashed(kiosk_env, photos, tmp_path, content, what):
    bad = tmp_path / "bad.jpg"
    if content == "truncated":
        data = photos["page"].read_bytes()
        bad.write_bytes(data[: len(data) // 2])
    else:
        bad.write_bytes(content)
    r = run(kiosk_env, "scan", "detect", str(bad), str(photos["page"]), "--json", check=2)
    out = json.loads(r.stdout)
    assert out[0]["quad"] is None and out[0]["quality"]["problems"] == ["unreadable"]
    assert out[1]["quad"] is not None                      # the good photo after it still counts
    assert what in r.stderr and "Traceback" not in r.stderr and r.stderr.count("\n") == 1
    r = run(kiosk_env, "scan", "rectify", str(bad), "-o", str(tmp_path / "o.jpg"), check=2)
    assert what in r.stderr


def test_missing_file(kiosk_env, tmp_path):
    r = run(kiosk_env, "scan", "rectify", str(tmp_path / "nope.jpg"), "-o", str(tmp_path / "o.jpg"), check=2)
    assert "file not found" in r.stderr


def test_fifty_megapixel_photo_without_running_out_of_memory(kiosk_env, tmp_path):
    # 8660 x 5774 = 50 MP; the page fills the middle. Decoding it whole needs 150 MB.
    w, h = 8660, 5774
    img = np.full((h, w, 3), 60, np.uint8)
    quad = np.array([[2600, 700], [6200, 800], [6100, 5200], [2500, 5100]], np.int32)
    cv2.fillPoly(img, [quad], (235, 235, 230))
    for y in range(1100, 4900, 160):
        cv2.line(img, (2900, y), (5800, y), (40, 40, 40), 30)
    big = tmp_path / "big.jpg"
    cv2.imwrite(str(big), img, [cv2.IMWRITE_JPEG_QUALITY, 80])
    del img
    # run it under a wrapper that reports the peak RSS of just that one child
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
               "sys.stdout.write(r.stdout); sys.stderr.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
               "sys.exit(r.returncode)")
    r = subprocess.run([sys.executable, "-c", wrapper, *KIOSK, "scan", "detect", str(big), "--json"],
                       capture_output=True, text=True, env=kiosk_env["env"], timeout=120)
    assert r.returncode == 0, r.stderr
    peak_kb = int(r.stderr.strip().splitlines()[-1])
    assert peak_kb < 400_000, f"peak RSS {peak_kb} kB"          # the full decode alone would be 150 MB more
    rec = json.loads(r.stdout)[0]
    from devices.scanner.geometry import jaccard
    assert jaccard(rec["quad"], quad) > 0.97                 # corners in the ORIGINAL pixels
    assert rec["quality"]["dpi"] > 300
    assert peak_kb < 400_000, f"child peak RSS {peak_kb} kB"   # max over this module's children


def test_rectify_with_detection_and_with_corners(kiosk_env, photos, tmp_path):
    out = tmp_path / "page.jpg"
    r = run(kiosk_env, "scan", "rectify", str(photos["page"]), "-o", str(out), "--mode", "grey", "--dpi", "100",
            "--json", check=0)
    info = json.loads(r.stdout)
    img = cv2.imread(str(out), cv2.IMREAD_UNCHANGED)
    assert img.ndim == 2 and info["width"] in (827, 1169)
    q = photos["quad"]
    corners = ",".join(f"{v:.1f}" for v in q.reshape(-1))
    r = run(kiosk_env, "scan", "rectify", str(photos["page"]), "-o", str(out), "--mode", "bw", "--corners", corners,
            "--paper", "free", "--json", check=0)
    bw = cv2.imread(str(out), cv2.IMREAD_GRAYSCALE)
    assert (bw > 200).mean() > 0.5 and (bw < 50).mean() > 0.01
    r = run(kiosk_env, "scan", "rectify", str(photos["page"]), "-o", str(out), "--corners", "1,2,3", check=2)
    assert "--corners" in r.stderr
    r = run(kiosk_env, "scan", "rectify", str(photos["empty"]), "-o", str(out), check=2)
    assert "no page" in r.stderr


def test_pdf_from_photos_is_pdfa(kiosk_env, photos, tmp_path):
    out = tmp_path / "case.pdf"
    r = run(kiosk_env, "scan", "pdf", str(photos["page"]), str(photos["page"]), "-o", str(out), "--rectify",
            "--json", check=0)
    info = json.loads(r.stdout)
    assert info["pages"] == 2 and info["bytes"] == out.stat().st_size
    assert pdfa.validate_written(str(out), "1b").verdict == "pass"
    with pikepdf.open(out) as pdf:
        mb = [float(v) for v in pdf.pages[0].MediaBox]
        assert mb[2:] == pytest.approx([595.3, 841.9], abs=1.5) or mb[2:] == pytest.approx([841.9, 595.3], abs=1.5)
    # JPEG pages without --rectify go in byte for byte
    r = run(kiosk_env, "scan", "pdf", str(photos["page"]), "-o", str(out), "--json", check=0)
    with pikepdf.open(out) as pdf:
        img = next(iter(pdf.pages[0].get_images().values()))
        assert img.read_raw_bytes() == photos["page"].read_bytes()


def test_camera_snapshot_from_a_video_file(kiosk_env, tmp_path):
    frames, _, _ = capture_video_frames()
    vid = tmp_path / "cam.avi"
    write_video(vid, frames)
    snap = tmp_path / "snap.jpg"
    r = run(kiosk_env, "scan", "camera", "--source", str(vid), "--snapshot", str(snap), "--json", check=0)
    info = json.loads(r.stdout)
    assert cv2.imread(str(snap)).shape == (480, 640, 3) and info["width"] == 640
    page = tmp_path / "page.jpg"
    r = run(kiosk_env, "scan", "camera", "--source", str(vid), "--snapshot", str(page), "--auto", "--paper", "free",
            "--json", check=0)
    info = json.loads(r.stdout)
    assert info["quality"]["ok"] and cv2.imread(str(page)).shape[0] > cv2.imread(str(page)).shape[1]


@pytest.fixture(scope="module")
def large_video(tmp_path_factory):
    """An 8 MP document camera filming a page that rests (a video file plays the camera)."""
    sc = make_scene(21, w=3264, h=2448, hard=False)
    vid = tmp_path_factory.mktemp("large") / "desk.avi"
    write_video(vid, [sc.image] * 30, fps=10.0)
    return vid


def test_camera_auto_finds_the_page_on_preview_frames_and_cuts_it_from_the_full_still(kiosk_env, large_video,
                                                                                     tmp_path):
    """With camera.preview_width/height set, --auto detects on frames brought down to the
    preview size and straightens the page from the full-resolution frame (as the UI does);
    a plain snapshot stays the full frame."""
    cfg = kiosk_env["config"]
    cfg.write_text(cfg.read_text() + "\n[camera]\npreview_width = 1280\npreview_height = 960\nstable_frames = 5\n")
    snap = tmp_path / "snap.jpg"
    info = json.loads(run(kiosk_env, "scan", "camera", "--source", str(large_video), "--snapshot", str(snap),
                          "--json", check=0).stdout)
    assert (info["width"], info["height"]) == (3264, 2448) and cv2.imread(str(snap)).shape == (2448, 3264, 3)

    page = tmp_path / "page.jpg"
    r = run(kiosk_env, "scan", "camera", "--source", str(large_video), "--snapshot", str(page), "--auto",
            "--paper", "free", "--json", check=0)
    info = json.loads(r.stdout)
    assert set(info) == {"path", "width", "height", "quality", "quad", "still", "preview"}
    assert info["still"] == [3264, 2448] and info["preview"] == [1280, 960]
    assert info["quality"]["ok"]
    quad = np.asarray(info["quad"])
    assert quad[:, 1].max() - quad[:, 1].min() > 960           # corners in the still's pixels
    img = cv2.imread(str(page))
    # 'free' keeps the page at its native scale: taller than any preview frame could give
    assert (img.shape[1], img.shape[0]) == (info["width"], info["height"]) and max(img.shape[:2]) > 960
    r = run(kiosk_env, "scan", "camera", "--source", str(large_video), "--snapshot", str(page), "--auto", check=0)
    assert "3264x2448 still" in r.stdout and "1280x960 frames" in r.stdout


@pytest.mark.parametrize("args, what", [
    (["--timeout", "0"], "--timeout"),
    (["--snapshot", "{tmp}/missing/x.jpg"], "does not exist"),
    (["--snapshot", "{tmp}/x.txt"], "not an image type"),
])
def test_camera_bad_arguments_are_one_line_and_exit_2(kiosk_env, tmp_path, args, what):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    if "--snapshot" not in args:
        args += ["--snapshot", str(tmp_path / "x.jpg")]
    r = run(kiosk_env, "scan", "camera", "--source", "9", "--auto", *args, check=2)
    assert what in r.stderr and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_camera_that_is_not_there(kiosk_env, tmp_path):
    r = run(kiosk_env, "scan", "camera", "--source", "9", "--snapshot", str(tmp_path / "x.jpg"), "--timeout", "1",
            check=1)
    assert "no frame" in r.stderr and "Traceback" not in r.stderr


def test_video_that_ends_before_a_page(kiosk_env, tmp_path):
    vid = tmp_path / "empty.avi"
    write_video(vid, [np.full((240, 320, 3), 80, np.uint8)] * 5)
    r = run(kiosk_env, "scan", "camera", "--source", str(vid), "--snapshot", str(tmp_path / "x.jpg"), "--auto",
            "--timeout", "5", check=1)
    assert "no page captured" in r.stderr


def test_an_unconfirmed_page_is_named_when_nothing_was_captured(kiosk_env, tmp_path):
    """An empty desk the edges take for a page (seed 30001): auto-capture waits for the
    page network, which sees none; the one-line error says why nothing was taken."""
    from docsynth import make_empty_scene
    desk = make_empty_scene(30001)
    vid = tmp_path / "desk.avi"
    write_video(vid, [desk] * 40, fps=10)
    r = run(kiosk_env, "scan", "camera", "--source", str(vid), "--snapshot", str(tmp_path / "x.jpg"), "--auto",
            "--paper", "free", "--timeout", "10", check=1)
    assert "no page captured" in r.stderr and "the page in view: unconfirmed" in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and not (tmp_path / "x.jpg").exists()


def test_mrz_and_code_commands(kiosk_env, tmp_path):
    p = tmp_path / "passport.png"
    cv2.imwrite(str(p), passport_page(TD3, 1250, seed=2))
    r = run(kiosk_env, "scan", "mrz", str(p), "--json", check=0)
    m = json.loads(r.stdout)
    # the checked line is exact (names are not covered by check digits)
    assert m["found"] and m["mrz"]["lines"][1] == TD3[1] and m["mrz"]["document_number"] == "L898902C3"
    r = run(kiosk_env, "scan", "mrz", str(p), check=0)
    assert "L898902C3" not in r.stdout                       # text mode masks the number
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((300, 400, 3), 200, np.uint8))
    r = run(kiosk_env, "scan", "mrz", str(blank), "--json", check=1)
    assert json.loads(r.stdout)["found"] is False

    import qrcode
    qr = np.array(qrcode.make("https://example.invalid/cert/123").convert("L"), np.uint8)
    q = tmp_path / "qr.png"
    cv2.imwrite(str(q), cv2.resize(qr, None, fx=2, fy=2, interpolation=cv2.INTER_NEAREST))
    r = run(kiosk_env, "scan", "code", str(q), "--json", check=0)
    codes = json.loads(r.stdout)["codes"]
    assert codes[0]["text"] == "https://example.invalid/cert/123" and len(codes[0]["position"]) == 4
    r = run(kiosk_env, "scan", "code", str(blank), "--json", check=1)
    assert json.loads(r.stdout)["codes"] == []


def test_scan_help_loads_no_opencv(kiosk_env):
    code = ("import sys, kiosk.cli as c; p = c.build_parser(); "
            "print('cv2' in sys.modules, 'numpy' in sys.modules)")
    r = subprocess.run([KIOSK[0], "-c", code], capture_output=True, text=True, env=kiosk_env["env"])
    assert r.stdout.split()[0] == "False", r.stdout


def test_doctor_reports_the_scanner(kiosk_env, tmp_path):
    frames, _, _ = capture_video_frames()
    vid = tmp_path / "cam.avi"
    write_video(vid, frames[:10])
    cfg = kiosk_env["config"]
    cfg.write_text(cfg.read_text() + f'\n[camera]\nsource = "{vid}"\npaper = "ID-1"\n')
    r = run(kiosk_env, "doctor", "--json")
    checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
    assert checks["scanner.camera"]["status"] == "warn" and "640x480" in checks["scanner.camera"]["reason"]
    assert checks["scanner.icc"]["status"] == "ok" and checks["scanner.ocr"]["status"] == "ok", checks
    assert checks["scanner.mrz_font"]["status"] == "ok" and "OCRB" in checks["scanner.mrz_font"]["reason"]
    assert checks["scanner.pagenet"]["status"] == "ok" and "pagenet.onnx" in checks["scanner.pagenet"]["reason"]
    assert checks["scanner.blur"]["status"] == "warn"
    # an ID-1 card whose long side fills the 480 px: 480 / 3.37 in = 142 dpi, under the 150 block
    assert checks["scanner.dpi"]["status"] == "warn" and "142 dpi" in checks["scanner.dpi"]["reason"]
    cfg.write_text(cfg.read_text().replace(str(vid), "9"))
    r = run(kiosk_env, "doctor", "--json")
    checks = {c["name"]: c for c in json.loads(r.stdout)["checks"]}
    assert checks["scanner.camera"]["status"] == "fail"


def test_calibrate_blur_threshold(kiosk_env, photos, tmp_path):
    r = run(kiosk_env, "scan", "calibrate", str(photos["page"]), str(photos["empty"]), "--json", check=0)
    out = json.loads(r.stdout)
    assert 0.05 < out["blur_threshold"] < 0.5 and out["pages"] == 1 and out["skipped"] == [str(photos["empty"])]
    cfg = kiosk_env["config"]
    cfg.write_text(cfg.read_text() + f"\n[camera]\nblur_threshold = {out['blur_threshold']}\n")
    blurred = tmp_path / "soft.jpg"
    cv2.imwrite(str(blurred), cv2.GaussianBlur(cv2.imread(str(photos["page"])), (0, 0), 3))
    rec = json.loads(run(kiosk_env, "scan", "detect", str(blurred), "--paper", "free", "--json", check=0).stdout)[0]
    assert "blurry" in rec["quality"]["problems"]
    rec = json.loads(run(kiosk_env, "scan", "detect", str(photos["page"]), "--paper", "free", "--json", check=0).stdout)[0]
    assert rec["quality"]["ok"]
    run(kiosk_env, "scan", "calibrate", str(photos["empty"]), check=2)
