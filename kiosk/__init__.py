"""Single Door domain core and command line.

Lives here: configuration, logging and masking of personal data, the durable store
(schema, migrations, encryption at rest, attachments, backup), the audit chain,
operators, the service catalogue, identities and their validators, cases and their
numbering, receipts as data, hall KPIs, file helpers every room shares (`fsutil`: how key
files come to exist), and the `kiosk` command's core commands.

May import: the standard library and pure-Python/data libraries (sqlite-utils,
cryptography, jsonschema, pypinyin, platformdirs). Never Qt, pyscard, OpenCV, requests,
nor the other rooms (`ui`, `devices`, `sync`); they import us. A test enforces this.
"""

__version__ = "0.1.0"
APP_NAME = "single-door"
