"""Typed errors of the card drivers. Messages are one line, never personal data."""

from __future__ import annotations

from kiosk.errors import DeviceError, InputError


class CardError(DeviceError):
    """A card or reader did not behave: the read failed (exit 1)."""

    code = "card"


class AccessDenied(CardError):
    """BAC/PACE was refused: the MRZ data typed in does not match the chip."""

    code = "card_access_denied"


class CardRemoved(CardError):
    """The card left the reader (or the reader vanished) during a read."""

    code = "card_removed"


class ReaderTimeout(CardError):
    """The reader stopped answering."""

    code = "reader_timeout"


class SecureMessagingError(CardError):
    """A response MAC did not verify, or the chip reported an SM error (6987/6988)."""

    code = "card_sm"


class CardDataError(CardError):
    """Bytes from a card (TLV, ASN.1, image, frame) are malformed: names the offset."""

    code = "card_data"


class FrameError(CardDataError):
    """A GA/T 467 frame with a wrong checksum, length or preamble."""

    code = "ga467_frame"


__all__ = ["CardError", "AccessDenied", "CardRemoved", "ReaderTimeout", "SecureMessagingError",
           "CardDataError", "FrameError", "InputError"]
