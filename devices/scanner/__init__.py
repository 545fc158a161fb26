"""Document camera: capture thread, page detection, straightening, quality gate,
auto-capture, JPEG/PDF-A output, MRZ and QR/barcode reading.

May import: `kiosk`, OpenCV (headless), NumPy, Pillow, img2pdf, zxing-cpp. No Qt, no `sync`.
"""
