"""Document camera: capture thread, page detection, straightening, quality gate,
auto-capture, JPEG/PDF-A output, MRZ and QR/barcode reading.

May import: `kiosk`, OpenCV (headless), NumPy, Pillow, img2pdf, pikepdf, zxing-cpp.
No Qt, no `sync`.

Public API (what `ui/` uses; all of it Qt-free, results by return value or callback):

- camera.CameraSource(source, width=, height=, autofocus=, on_status=cb).start() /
  .stop(); .subscribe(callback=None) -> Subscription (.get(timeout), .close(); a
  callback runs on the subscription's own thread, newest frame wins); .status ->
  CameraStatus(state, citizen, detail); .snapshot(timeout) -> Frame | None.
- camera.AutoCapture(stable_frames=10, motion=0.01, paper="A4", thresholds=).feed(frame)
  -> [CaptureEvent(kind "page" | "lost" | "captured" | "rearmed", quad, progress,
  quality, capture)]; .capture_now() (manual); Capture.with_corners(quad) (the clerk's
  corners), Capture.page(mode, dpi) (straightened).
- camera.LiveFrames(camera, preview_width, preview_height): .detection_frame(frame) (the
  frame at the preview size), .still() / .still_scale() (the full-resolution still),
  .auto_capture(config, **kw) (AutoCapture with camera.stable_frames, camera.paper and
  the thresholds from the config); camera.preview_size_of(config) and
  camera.camera_settings(config) (CameraSource's keywords from [camera]). Used by
  ui/scanning, `kiosk scan camera` and the doctor.
- detect.detect_page(image, prior=None, desk=None) -> Detection(quad, score, source, ms) | None.
- desk.EmptyDesk.from_image(frame) / .load(path) / .save(path), .is_bare(image, quad);
  desk.recorded(config) (this station's, or None), desk.page_in_view(image);
  camera.page_detector(config) (detect_page told the recorded desk).
- rectify.rectify(image, quad, paper=, dpi=, mode="colour"|"grey"|"bw"|"flat").
- quality.assess(image, quad, paper=, thresholds=) -> Quality(ok, problems, blur, glare,
  dpi); quality.Thresholds.from_config(cfg); quality.calibrate_blur(samples).
- output.encode_jpeg(page, quality, dpi); output.make_pdf(pages) -> (bytes, PdfResult).
- attach.attach_pages(store, case_id, material_id, jpeg_pages) -> core add_material result.
- mrz.read_mrz(image) -> Mrz | None (checked; .data is the core's MrzData); MrzVoter.
- codes.read_codes(image) -> [Code(format, text, position)].
- imageio.load_image(path) / decode_image(bytes) -> LoadedImage (typed InputErrors).
"""

import os as _os

# OpenCV prints its own warnings (e.g. every failed camera open) on stderr; ours go to
# the log as statuses. Must be set before cv2 is first imported.
_os.environ.setdefault("OPENCV_LOG_LEVEL", "ERROR")
