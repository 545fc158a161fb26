"""Receipt printers: ESC/POS over usb/serial/tcp/cups/file, real status (DLE EOT),
the durable print queue, and the raster renderer shared by preview and print.

May import: `kiosk`, python-escpos, Pillow, pyserial. No Qt, no `sync`.
"""
