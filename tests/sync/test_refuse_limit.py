"""The staleness guard's hard limit: past `sync.refuse_after_days`, a submit is refused
inside its transaction (no case number used, nothing committed)."""

import sys
from pathlib import Path

import pytest

from kiosk import cases
from kiosk.catalog.model import ServiceDefinition
from kiosk.config import defaults
from kiosk.errors import StateError
from kiosk.identity import Identity
from kiosk.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "core"))
from store_case_writer import CRASH_SERVICE, attachment_bytes  # noqa: E402

IDENT = Identity.from_dict({"source": "typed", "verification": "typed", "id_number": "11010519491231002X",
                            "name_zh": "张三丰"})


def new_case(store):
    draft = cases.create_draft(store, ServiceDefinition(CRASH_SERVICE), IDENT)
    for i in range(3):
        cases.add_material(store, draft.id, f"material-{i}", attachment_bytes(draft.id, i, 100), mime="image/jpeg")
    return draft.id


@pytest.mark.parametrize("limit_days, refused", [(0, False), (2, False), (1, True)])
def test_submit_refused_past_the_limit(tmp_path, limit_days, refused):
    cfg = defaults().with_overrides(sync__refuse_after_days=limit_days)
    with Store.open(tmp_path, config=cfg) as store:
        cases.submit(store, new_case(store))
        store.conn.execute("UPDATE outbox SET queued_at = queued_at - 1.5 * 86400")  # 1.5 days undelivered
        second = new_case(store)
        if refused:
            with pytest.raises(StateError, match="new cases are refused"):
                cases.submit(store, second)
            assert cases.get_case(store, second).state == "draft"
            assert store.conn.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1
            assert store.conn.execute("SELECT value FROM sequences WHERE name='case_number'").fetchone()[0] == 1
        else:
            assert cases.submit(store, second).case_number
