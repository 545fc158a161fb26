"""Synthetic sample documents for tests, demos and training (no real person).

`make_face(path, kb)` draws a cartoon face (JPEG or JPEG 2000) of about `kb` kilobytes;
`make_icao_dataset(dir, ...)` writes a CSCA, a document signer, a face and a dataset
JSON for `kiosk card simulate icao`.
"""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

SPECIMEN_TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
                "L898902C<3UTO6908061F9406236ZE184226B<<<<<14")


def make_face(path: str | Path, *, kb: int = 8, fmt: str = "JPEG", seed: int = 7) -> Path:
    """A 240x320 synthetic portrait; noise is added until the file reaches about `kb` KB."""
    from PIL import Image, ImageDraw
    rnd = random.Random(seed)
    im = Image.new("RGB", (240, 320), (200, 215, 230))
    d = ImageDraw.Draw(im)
    d.ellipse((50, 50, 190, 230), fill=(230, 190, 160))
    d.ellipse((85, 110, 105, 125), fill=(40, 40, 40))
    d.ellipse((135, 110, 155, 125), fill=(40, 40, 40))
    d.arc((90, 150, 150, 200), 20, 160, fill=(120, 40, 40), width=4)
    d.rectangle((40, 240, 200, 320), fill=(40, 60, 120))
    px = im.load()
    out = b""
    for _round in range(120):
        buf = io.BytesIO()
        if fmt == "JPEG2000":
            im.save(buf, "JPEG2000", quality_mode="rates", quality_layers=[max(1.0, 230400 / (kb * 1024))])
        else:
            im.save(buf, "JPEG", quality=90)
        out = buf.getvalue()
        if len(out) >= kb * 1024 * 0.9 or fmt == "JPEG2000":
            break
        for _ in range(1500):  # texture makes JPEG files larger
            x, y = rnd.randrange(240), rnd.randrange(320)
            r, g, b = px[x, y]
            n = rnd.randrange(-60, 60)
            px[x, y] = (max(0, min(255, r + n)), max(0, min(255, g + n)), max(0, min(255, b + n)))
    p = Path(path)
    p.write_bytes(out)
    return p


def make_icao_dataset(directory: str | Path, *, mrz: str = SPECIMEN_TD3, face_kb: int = 8,
                      face_fmt: str = "JPEG", csca_dir: str | Path | None = None, **extra) -> Path:
    """Write a complete dataset (CSCA in `csca_dir` or DIR/csca, DSC, face, JSON); returns the JSON path."""
    from devices.cards import pki
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    csca = Path(csca_dir) if csca_dir else d / "csca"
    if not (csca / "csca.pem").exists():
        pki.make_csca(csca)
    pki.make_dsc(csca / "csca.pem", csca / "csca.key.pem", d)
    face = make_face(d / ("face.jp2" if face_fmt == "JPEG2000" else "face.jpg"), kb=face_kb, fmt=face_fmt)
    ds = {"mrz": mrz, "face_image": face.name,
          "dg11": {"full_name": "ERIKSSON<<ANNA<MARIA", "place_of_birth": "ZENITH, UTOPIA",
                   "address": "1 MAIN STREET, ZENITH", "personal_number": "ZE184226B",
                   "other_names": ["ANNA SVENSSON"], "full_birth_date": "1969-08-06"},
          "dg12": {"issuing_authority": "UTOPIA PASSPORT OFFICE", "date_of_issue": "2019-06-24"},
          "signer": {"certificate": "dsc.pem", "key": "dsc.key.pem"}}
    ds.update(extra)
    p = d / "dataset.json"
    p.write_text(json.dumps(ds, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return p
