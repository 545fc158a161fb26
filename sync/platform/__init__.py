"""The reference platform: the other end of the sync protocol (enrollment, case intake
with decryption, signature and digest checks, permanent dedupe, signed receipts,
chunked uploads, status events, catalogue, admission control).

May import: `kiosk` (errors), `sync.crypto`, starlette and uvicorn. Never Qt,
`devices` or `ui`. Storage sits behind `storage.PlatformStorage` (SQLite default).
"""
