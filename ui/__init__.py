"""The PySide6 application: Qt Quick views and Python view-models for counter,
self-service and technician modes. The only room that imports Qt, and only through
`ui.qt`. It composes the rooms below (`kiosk`, `devices`, `sync`); view-models hold no
business rules, they show the core's verdicts.
"""
