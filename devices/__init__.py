"""Device drivers behind small interfaces, one package per kind of device.

`devices.cards` (PC/SC + ICAO 9303, GA/T 467 serial), `devices.scanner` (camera,
page detection, straightening, quality, PDF, MRZ/QR reading), `devices.printer`
(ESC/POS). Each kind has a simulator used by tests, demos and training mode.

May import: `kiosk` (the core) and device libraries (pyscard, pyserial, OpenCV,
python-escpos, Pillow). Never Qt, never `sync`, never `ui`. One thread owns each
device library; device trouble is a status value, not an exception in the caller.
"""
