"""Real cases for printer tests, made through the cases API (kiosk.cases) on a real
store with the bundled catalogue: residence registration, a rented home, the lease
scanned (or waived by a supervisor), the ID card obtained through data sharing."""

from functools import lru_cache

from kiosk import cases
from kiosk.identity import Identity
from kiosk.operators import Operators
from kiosk.store import Store

PDF = b"%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n"
ID_NUMBER = "11010519491231002X"


@lru_cache(maxsize=1)
def catalog():
    from kiosk.catalog import load_dir
    return load_dir()


def add_service_case(data_dir, *, waive_lease: bool = False, config=None) -> str:
    """Submit one case in the store at data_dir; returns its case number."""
    with Store.open(data_dir, config=config) as s:
        citizen = Identity.typed(id_number=ID_NUMBER, name_zh="张三丰", address="北京市朝阳区某街1号")
        c = cases.create_draft(s, catalog().get("residence-registration"), citizen, operator="clerk1",
                               catalog_version=catalog().version)
        cases.set_fields(s, c.id, {"phone": "13800138000", "housing": "rent"})
        cases.mark_shared(s, c.id, "resident_id_card")
        if waive_lease:
            ops = Operators(s)
            if not any(o.username == "sup.wang" for o in ops.list()):
                ops.add("sup.wang", "supervisor", "482916")
            cases.waive_material(s, c.id, "lease_contract", supervisor="sup.wang", pin="482916",
                                 reason="合同原件在房东处，承诺补交")
        else:
            cases.add_material(s, c.id, "lease_contract", PDF, mime="application/pdf", filename="lease.pdf")
        return cases.submit(s, c.id, actor="clerk1").case_number
