"""The service catalogue: definitions as data, validation, search, versions in the store.

- `loader`: read and validate a catalogue directory (manifest.json + services/*.json)
  against the JSON Schemas in assets/schema, plus cross-checks; errors name file,
  JSON pointer and rule.
- `model`: `ServiceDefinition` and `Catalog` (read-only views).
- `forms`: validate a form against a definition; prefill from an `Identity`.
- `search`: ranked search (hanzi, pinyin, initials, English, typos) on SQLite FTS5 +
  a pinyin term index, in memory.
- `storage`: imported catalogue versions and the definitions cases were made with.

May import: the standard library, jsonschema, pypinyin, and kiosk core modules
(errors, identity, audit). Never Qt, devices, sync or ui.
"""

from kiosk.catalog.loader import (DEFAULT_CATALOG_DIR, CatalogError, Problem, load_dir, to_bundle, validate_bundle,
                                  validate_dir, validate_path)
from kiosk.catalog.model import Catalog, ServiceDefinition

__all__ = ["Catalog", "ServiceDefinition", "CatalogError", "Problem", "load_dir", "validate_dir", "validate_path",
           "validate_bundle", "to_bundle", "DEFAULT_CATALOG_DIR"]
