"""A GA/T 467 SAM in software, on a pseudo-terminal (tests, demos, training).

`FakeSam(dataset)` answers command frames; `PtySam` runs it on a pty whose slave path
a driver opens like a real /dev/ttyUSB0. Knobs for tests: `card_present`, `fail`
("select" -> 81, "read" -> 41, "checksum" -> a reply with a wrong CHK, "silent" -> no
answer), `pieces` (the reply is written in that many pieces, with short pauses).
"""

from __future__ import annotations

import json
import os
import threading
import time
import tty
from pathlib import Path

from devices.cards import ga467
from devices.cards.errors import InputError

SAMPLES = {
    "resident": {"card_type": "resident", "name": "张三丰", "sex": "2", "nation": "01", "birth": "19491231",
                 "address": "北京市西城区复兴门外大街999号院11号楼3单元502室", "id_number": "11010519491231002X",
                 "authority": "北京市公安局西城分局", "valid_from": "20150101", "valid_to": "长期"},
    "hk_mo_tw_permit": {"card_type": "hk_mo_tw_permit", "name": "陈大文", "sex": "1", "birth": "19900101",
                        "address": "广东省深圳市福田区福华三路100号", "id_number": "810000199001010019",
                        "authority": "深圳市公安局", "valid_from": "20200315", "valid_to": "20250315",
                        "pass_number": "H12345678", "issue_count": "01"},
    "foreign_permanent": {"card_type": "foreign_permanent", "english_name": "SMITH, JOHN ALEXANDER",
                          "name": "史密斯", "sex": "1", "id_number": "USA110085060112", "nation": "USA",
                          "birth": "19850601", "valid_from": "20190701", "valid_to": "20290701",
                          "card_version": "01", "authority": "1100"},
}


class FakeSam:
    def __init__(self, dataset: dict | None = None, *, photo: bytes | None = None):
        self.dataset = dict(dataset or SAMPLES["resident"])
        self.photo = photo if photo is not None else bytes((i * 37) & 0xFF for i in range(1024))
        self.card_present = True
        self.fail: str | None = None
        self.pieces = 1
        self.selected = False
        self.commands: list[tuple[int, int]] = []

    def handle(self, frame: bytes) -> bytes | None:
        cmd, para = frame[7], frame[8]
        self.commands.append((cmd, para))
        if ga467.xor(frame[5:-1]) != frame[-1]:
            return ga467.encode_response(0x10)
        if self.fail == "silent":
            return None
        if (cmd, para) == ga467.CMD_STATUS or (cmd, para) == ga467.CMD_RESET:
            return ga467.encode_response(0x90)
        if (cmd, para) == ga467.CMD_SAM_ID:
            return ga467.encode_response(0x90, bytes(16))
        if (cmd, para) == ga467.CMD_FIND:
            if not self.card_present:
                return ga467.encode_response(0x80)
            return ga467.encode_response(0x9F, bytes(4))
        if (cmd, para) == ga467.CMD_SELECT:
            if not self.card_present or self.fail == "select":
                return ga467.encode_response(0x81)
            self.selected = True
            return ga467.encode_response(0x90, bytes(8))
        if (cmd, para) in (ga467.CMD_READ_BASE, ga467.CMD_READ_BASE_FP):
            if not self.selected or self.fail == "read":
                return ga467.encode_response(0x41)
            text = ga467.build_base_text(self.dataset)
            if (cmd, para) == ga467.CMD_READ_BASE_FP:
                fp = bytes(1024)
                data = (len(text).to_bytes(2, "big") + len(self.photo).to_bytes(2, "big") +
                        len(fp).to_bytes(2, "big") + text + self.photo + fp)
            else:
                data = len(text).to_bytes(2, "big") + len(self.photo).to_bytes(2, "big") + text + self.photo
            reply = ga467.encode_response(0x90, data)
            if self.fail == "checksum":
                reply = reply[:-1] + bytes([reply[-1] ^ 0xFF])
            return reply
        return ga467.encode_response(0x21)


class PtySam:
    """Serves a FakeSam on a pseudo-terminal: `path` is what the driver opens."""

    def __init__(self, sam: FakeSam):
        self.sam = sam
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fake-sam", daemon=True)

    def start(self) -> "PtySam":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for fd in (self.master, self.slave):
            try:
                os.close(fd)
            except OSError:
                pass

    def _run(self) -> None:
        import select
        dec = bytearray()
        while not self._stop.is_set():
            r, _, _ = select.select([self.master], [], [], 0.05)
            if not r:
                continue
            try:
                dec += os.read(self.master, 4096)
            except OSError:
                return
            while True:
                i = dec.find(ga467.PREAMBLE)
                if i < 0 or len(dec) < i + 7:
                    break
                ln = int.from_bytes(dec[i + 5:i + 7], "big")
                if len(dec) < i + 7 + ln:
                    break
                frame = bytes(dec[i:i + 7 + ln])
                del dec[:i + 7 + ln]
                reply = self.sam.handle(frame)
                if reply is None:
                    continue
                n = max(1, self.sam.pieces)
                step = -(-len(reply) // n)
                for k in range(0, len(reply), step):
                    os.write(self.master, reply[k:k + step])
                    if n > 1:
                        time.sleep(0.01)


def load_sam_dataset(path: str | None) -> dict:
    if not path:
        return dict(SAMPLES["resident"])
    try:
        ds = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise InputError(f"dataset {path}: {e.strerror}") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"dataset {path}: not valid JSON ({e})") from None
    if isinstance(ds, str) and ds in SAMPLES:
        return dict(SAMPLES[ds])
    if not isinstance(ds, dict):
        raise InputError(f"dataset {path}: expected a JSON object")
    base = dict(SAMPLES.get(ds.get("card_type", "resident"), SAMPLES["resident"]))
    base.update(ds)
    return base


def run_pty_simulator(dataset_path: str | None) -> None:
    """`kiosk card simulate ga467`: print the pty path, serve until stdin says quit (or forever)."""
    import sys
    sam = FakeSam(load_sam_dataset(dataset_path))
    pty = PtySam(sam).start()
    print(f"GA/T 467 reader simulator on {pty.path}; commands: remove, insert, quit", flush=True)
    try:
        for line in sys.stdin:
            cmd = line.strip().lower()
            if cmd == "remove":
                sam.card_present, sam.selected = False, False
                print("card removed", flush=True)
            elif cmd == "insert":
                sam.card_present = True
                print("card inserted", flush=True)
            elif cmd in ("quit", "exit"):
                break
        else:
            threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        pty.stop()
