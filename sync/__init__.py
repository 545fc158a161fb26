"""Delivery to the online platform: the outbox worker, packet sealing (Ed25519 +
HPKE), the HTTP client, and the reference platform server speaking the same protocol.

May import: `kiosk`, requests, cryptography, starlette/uvicorn (platform server only).
Never Qt, never `devices`, never `ui`.
"""
