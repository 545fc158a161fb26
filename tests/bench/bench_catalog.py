"""Catalogue search benchmark: p50/p95/p99 query latency over a generated catalogue
of 10,000 services (target: p95 < 10 ms), plus index build time, and case submit
latency on a real store. Run: .venv/bin/python tests/bench/bench_catalog.py [N]"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from kiosk.catalog import load_dir  # noqa: E402
from kiosk.catalog.model import ServiceDefinition  # noqa: E402
from kiosk.catalog.search import SearchIndex  # noqa: E402

DISTRICTS = [("西湖区", "Xihu District"), ("上城区", "Shangcheng District"), ("拱墅区", "Gongshu District"),
             ("滨江区", "Binjiang District"), ("萧山区", "Xiaoshan District"), ("余杭区", "Yuhang District"),
             ("临平区", "Linping District"), ("钱塘区", "Qiantang District"), ("富阳区", "Fuyang District"),
             ("临安区", "Lin'an District"), ("桐庐县", "Tonglu County"), ("淳安县", "Chun'an County")]
VARIANTS = [("", ""), ("（个人）", " (individuals)"), ("（企业）", " (enterprises)"), ("（线上预审）", " (online pre-check)"),
            ("（跨省通办）", " (inter-provincial)"), ("（加急）", " (express)"), ("（补办）", " (reissue)")]
QUERIES = ["sfz", "身份证", "hukou", "hk", "户口", "营业执照", "yyzz", "passport", "pasport", "passprot", "gjj",
           "公积金", "gongjijin", "社保卡", "sbk", "social security card", "driving licence", "驾照", "jiehun",
           "结婚登记", "医保", "medical insurance", "reimbursment", "housing fund withdrawal", "居住证", "jzz",
           "西湖区", "xihu", "临时身份证", "出生", "birth", "护照", "taiwan", "不动产", "property transfer", "z", "证",
           "完税证明", "tax certificate", "低保", "dibao", "school enrolment", "入学", "残疾人"]


def generate(n: int, seed: int = 1) -> list[ServiceDefinition]:
    rng = random.Random(seed)
    base = list(load_dir())
    out = []
    for i in range(n):
        b = rng.choice(base)
        dz, de = rng.choice(DISTRICTS)
        vz, ve = rng.choice(VARIANTS)
        d = b.to_dict()
        d["id"] = f"{b.id}-{i}"
        d["name"] = {"zh": f"{dz}{b.name_zh}{vz}", "en": f"{b.name_en}{ve}, {de}"}
        d["keywords"] = {"zh": d["keywords"]["zh"] + [dz], "en": d["keywords"]["en"] + [de.split()[0].lower()]}
        out.append(ServiceDefinition(d))
    return out


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def bench_search(n: int) -> dict:
    services = generate(n)
    deps = load_dir().departments
    t0 = time.perf_counter()
    index = SearchIndex.build(services, departments=deps)
    build_s = time.perf_counter() - t0
    for q in QUERIES:  # warm-up
        index.search(q, limit=20)
    lat = []
    per_query = {}
    for _ in range(20):
        for q in QUERIES:
            t = time.perf_counter()
            index.search(q, limit=20)
            dt = (time.perf_counter() - t) * 1000
            lat.append(dt)
            per_query.setdefault(q, []).append(dt)
    worst = sorted(((statistics.median(v), q) for q, v in per_query.items()), reverse=True)[:3]
    return {"services": n, "build_s": build_s, "queries": len(lat), "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95),
            "p99_ms": pct(lat, 99), "max_ms": max(lat), "slowest": worst}


def bench_submit(count: int = 100) -> dict:
    from kiosk import cases
    from kiosk.identity import Identity
    from kiosk.store import Store
    cat = load_dir()
    svc = cat.get("residence-registration")
    ident = Identity.typed(id_number="11010519491231002X", name_zh="张三", address="北京市朝阳区某街1号")
    lat = []
    with tempfile.TemporaryDirectory() as d, Store.open(Path(d) / "data") as store:
        for _ in range(count):
            c = cases.create_draft(store, svc, ident, operator="bench")
            cases.set_fields(store, c.id, {"phone": "13800138000", "housing": "rent"})
            cases.add_material(store, c.id, "lease_contract", b"%PDF-1.4 /Type /Page " + b"x" * 200_000,
                               mime="application/pdf")
            cases.mark_shared(store, c.id, "resident_id_card")
            t = time.perf_counter()
            cases.submit(store, c.id, run_hooks=False)
            lat.append((time.perf_counter() - t) * 1000)
    return {"submits": count, "p50_ms": pct(lat, 50), "p95_ms": pct(lat, 95)}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    s = bench_search(n)
    print(f"catalog search: {s['services']} services, index built in {s['build_s']:.2f} s; "
          f"{s['queries']} queries: p50 {s['p50_ms']:.2f} ms, p95 {s['p95_ms']:.2f} ms, p99 {s['p99_ms']:.2f} ms, "
          f"max {s['max_ms']:.2f} ms (target p95 < 10 ms: {'PASS' if s['p95_ms'] < 10 else 'FAIL'})")
    print("  slowest queries (median ms): " + ", ".join(f"{q!r} {m:.2f}" for m, q in s["slowest"]))
    sb = bench_submit()
    print(f"case submit (one transaction, form + materials checks, number, audit; hooks off; 200 kB PDF): "
          f"{sb['submits']} submits: p50 {sb['p50_ms']:.2f} ms, p95 {sb['p95_ms']:.2f} ms")


if __name__ == "__main__":
    main()
