"""Card reading benchmark: an eMRTD with a ~20 KB face image.

Through the real stack (pcscd + vsmartcard vpcd + our eMRTD simulator + pyscard), and
in-process (simulator behind SimulatorTransport) for comparison. Prints, per path:
APDUs (and the issue's target: bytes to read / chunk size + 12), host time per APDU
excluding the transport, total time (median of the runs). Run: .venv/bin/python tests/bench/bench_cards.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RUNS = 5
KEY_ARGS = ("L898902C", "690806", "940623")


def _report(label, docs, chunk):
    d0 = docs[0]
    total_bytes = sum(len(v) for v in d0.raw.values()) + len(d0.sod) + 22  # + EF.COM
    target = total_bytes / chunk + 12
    apdus = statistics.median(d.apdu_count for d in docs)
    host = statistics.median((d.elapsed_ms - d.transport_ms) / d.apdu_count for d in docs)
    total = statistics.median(d.elapsed_ms for d in docs)
    print(f"{label}:")
    print(f"  bytes read            {total_bytes} (DG2 {len(d0.raw.get(2, b''))} B)")
    print(f"  APDUs                 {apdus:.0f}  (target <= {target:.0f} = bytes/{chunk} + 12)"
          f"  {'OK' if apdus <= target else 'OVER'}")
    print(f"  host time per APDU    {host:.3f} ms excluding transport (target < 0.5 ms)"
          f"  {'OK' if host < 0.5 else 'OVER'}")
    print(f"  total                 {total:.1f} ms (median of {len(docs)})")
    pa_ = d0.passive_auth
    print(f"  passive auth          {'all checks passed' if pa_.ok else 'hashes ' + ('ok' if pa_.hashes_ok else 'FAILED') + ', signature ' + ('ok' if pa_.signature_ok else 'FAILED') + ', chain: ' + '; '.join(pa_.detail)}")


def _measure_pcsc(label, chip, key, store) -> None:
    from devices.cards import icao
    from devices.cards.pcsc import wait_for_card
    from devices.cards.pcscd_harness import READER0
    from devices.cards.transport import PyscardTransport
    from devices.cards.vpcd import VpcdCard
    card = VpcdCard(chip)
    card.insert()
    try:
        if not wait_for_card(READER0, 5.0):
            print(f"{label}: not measured (card not seen)")
            return
        docs = []
        for _ in range(RUNS):
            t = PyscardTransport(READER0)
            try:
                docs.append(icao.IcaoReader(t).read(key, store))
            finally:
                t.close()
        _report(label, docs, icao.CHUNK_SIZES[0])
    finally:
        card.remove()
        wait_for_card(READER0, 5.0, present=False)
        time.sleep(0.5)  # pcscd's event thread must notice the removal before the next card


def main() -> None:
    from devices.cards import icao, passive_auth as pa, sample, sim_icao
    from devices.cards.transport import SimulatorTransport
    work = Path(tempfile.mkdtemp(prefix="bench-cards-"))
    ds = sample.make_icao_dataset(work, face_kb=20)
    store = pa.CscaStore.load(work / "csca")
    key = icao.AccessKey.from_mrz(*KEY_ARGS)

    docs = []
    for _ in range(RUNS):
        r = icao.IcaoReader(SimulatorTransport(sim_icao.load_dataset(ds)))
        docs.append(r.read(key, store))
    _report("in-process simulator (no pcscd)", docs, icao.CHUNK_SIZES[0])

    from devices.cards.errors import CardError
    from devices.cards.pcscd_harness import PcscdHarness
    try:
        harness = PcscdHarness(work / "pcscd", log_apdus=False).start()
    except CardError as e:
        print(f"pcscd + vpcd: not measured ({e})")
        return
    try:
        _measure_pcsc("pcscd + vpcd + simulator + pyscard (BAC)", sim_icao.load_dataset(ds), key, store)
        # the same chip offering PACE (ECDH-GM, AES-128, brainpoolP256r1)
        ca = bytes.fromhex("31143012060A04007F0007020204020202010202010D")
        _measure_pcsc("pcscd + vpcd + simulator + pyscard (PACE)", sim_icao.load_dataset(ds, card_access=ca),
                      key, store)
        # a chip no one here generated: the BSI TR-03105-5 specimen (15 KB JPEG 2000 face,
        # RSASSA-PSS document signer; its CSCA is not public, so the chain is not checked)
        dump = ROOT / "tests" / "cards" / "data" / "bsi_tr03105_5"
        _measure_pcsc("pcscd + vpcd + raw BSI specimen dump (BAC)", sim_icao.load_dump(dump),
                      icao.AccessKey.from_mrz("C11T002JM", "960812", "231031"), pa.CscaStore())
    finally:
        harness.stop()


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"(bench_cards ran in {time.perf_counter() - t0:.1f} s)")
