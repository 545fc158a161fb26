"""The PySide6 application: Qt Quick views and Python view-models for counter,
self-service and technician modes. The only room that imports Qt, and only through
`ui.qt`. It composes the rooms below (`kiosk`, `devices`, `sync`); view-models hold no
business rules, they show the core's verdicts.

Modules:
- `cli`        `kiosk run [--mode M] [--simulated] [--windowed]`; no Qt at import; exit 2 without a display.
- `hardware`   real devices or the simulators: `choose_devices(config)` (simulated when asked, or when no
               reader, ID reader, camera or printer is found); logged, and the SIMULATED band shows it.
- `simulated_platform` with the simulated devices and no platform configured, the reference platform
               on 127.0.0.1 in this process, the kiosk enrolled with it (demo cases reach "delivered").
- `app`        KioskApplication: engine, view-models, threads, crash hook, idle watcher, warm-up.
- `viewmodels` AppModel ("app"), FlowModel ("flow"), TechModel ("tech"), Heartbeat (stall meter).
- `services`   the rooms composed (store, operators, catalogue, identity, cases, ratings, printer, ID
               reader, sync, config edits through kiosk.config.update_file, the diagnostics bundle);
               every call runs on a worker thread; a missing room raises `Unavailable`. With the
               simulated devices and an empty store it creates the training accounts (demo/tech).
               While Identify / Status is shown the GA/T 467 reader is polled for a card placed
               (`watch_id_card`, devices.cards.service.Ga467Service); a PC/SC chip placed starts
               the camera on its MRZ (FlowModel.on_reader_event).
- `tasks`      TaskManager: serial store writer, parallel I/O pool, one owner thread per device,
               results to the GUI thread by queued signal only.
- `scanning`   document camera preview provider and the loops on the scanner thread: ScanRun (capture),
               QrRun (slip QR), MrzRun (BAC key from the MRZ), CalibrationRun (blur threshold);
               `make_camera(config)` uses devices.scanner.simulator with the simulated devices.
- `speech`     spoken guidance through QTextToSpeech where an engine works.
- `idle`, `crash`, `i18n`, `metrics`, `display`, `qt`.

QML lives in assets/qml (Main.qml, components/, screens/), translations in assets/i18n
(`pyside6-lupdate -no-obsolete assets/qml/Main.qml assets/qml/components/*.qml
assets/qml/components/*.js assets/qml/screens/*.qml -ts assets/i18n/single_door_zh_CN.ts
assets/i18n/single_door_en.ts`, then translate; `make translations` compiles).
Screenshots from the UI tests: tests/screenshots/.
"""
