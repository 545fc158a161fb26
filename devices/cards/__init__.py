"""ID documents: ICAO 9303 eMRTD over PC/SC (pyscard), Chinese resident ID readers
(GA/T 467 SAM over serial), reader hot-plug, and the card simulators.

May import: `kiosk`, pyscard, pyserial, cryptography, asn1crypto, Pillow. No Qt, no `sync`.
"""
