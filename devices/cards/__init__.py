"""ID documents: ICAO 9303 eMRTD over PC/SC (pyscard), Chinese resident ID readers
(GA/T 467 SAM over serial), reader hot-plug, and the card simulators.

For the UI (wrap the callbacks in queued Qt signals; they run on the owner threads):
- `service.CardService`: the one thread that owns pyscard. `start()`, `stop()`,
  `read_icao(reader, icao.AccessKey.from_mrz(no, yymmdd, yymmdd) or AccessKey(can=...),
  on_done, on_progress)`; callbacks `on_event(ReaderEvent)` (reader_added/_removed,
  card_inserted/_removed, debounced) and `on_status(ServiceStatus)`. Pass
  `apdu_timeout=config["cards.apdu_timeout_s"]`: a reader silent that long on one APDU
  gives `on_done` error_code "reader_timeout" ("reader stopped answering: unplug and
  replug the reader"), status error, and a fresh owner thread (watchdog.py).
  `probe(reader, on_done)`: the technician's timed test read -> `ProbeResult` (ok, atr,
  connect_ms, select_ms, sw of SELECT eMRTD, virtual, detail, error_code), same thread,
  same watchdog; nothing read beyond the ATR and the status word.
- `service.Ga467Service`: the thread that owns a GA/T 467 serial reader; `on_read`,
  `on_event`, `on_status`; `read_present=False` leaves a card already lying on the reader
  unread (only a card placed afterwards is read).
- `ReadResult.identity` is a `kiosk.identity.Identity`; `.data` is the CLI's JSON dict.
  `.details["active_auth"]` = {performed, ok, detail} (Active Authentication, DG15).

Modules: transport (transmit(apdu) -> (data, sw), 61xx/6Cxx), bac (BAC + 3DES SM),
pace (PACE GM/CAM + AES SM), ec (curve arithmetic for PACE), tlv, lds (EF.COM, DG1,
DG2, DG11, DG12), mrz_fields, passive_auth (SOD, CSCA store and CRLs), active_auth
(DG15, INTERNAL AUTHENTICATE), icao (the reader), pcsc
(reader list, presence), results (dicts, Identity), ga467 (frames, base info, WLT
plug-in, reader), vpcd (card end of vsmartcard's vpcd), sim_icao / sim_ga467 / pki /
sample (simulators and test PKI; sim_icao also serves raw dumps of real chips),
watchdog (readers that stop answering), pcscd_harness (a private pcscd for tests and training),
cli (`kiosk card`), doctor (`kiosk doctor` checks).

May import: `kiosk`, pyscard, pyserial, cryptography, asn1crypto, Pillow. No Qt, no `sync`.
"""
