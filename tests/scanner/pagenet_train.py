"""Train the page-region network the detector uses as a second opinion (assets/scanner/pagenet.onnx).

A developer tool, not part of the product or of `make test`: it needs PyTorch (CPU),
which the app does not (the app runs the exported ONNX file with OpenCV's DNN module).

    python tests/scanner/pagenet_train.py gen  OUT.npz --source docsynth --seeds 200000:206000
    python tests/scanner/pagenet_train.py train OUT.npz [MORE.npz ...] -o pagenet.onnx [--epochs 30]

The network sees the frame shrunk to NET_W x NET_H (any aspect, squeezed) and answers,
per pixel of a half-size grid, how likely that pixel is page. It is trained on generated
scenes only (seed ranges disjoint from every benchmark's and test's); the benchmark
reports it on scenes it never saw, and on a generator it was not trained on.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import cv2
import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from devices.scanner.pagenet import NET_H, NET_W, OUT_H, OUT_W, net_input  # noqa: E402

SIZES = ((480, 360), (480, 360), (480, 270), (360, 480), (480, 320))


def _scene(source: str, seed: int):
    rng = np.random.default_rng(seed ^ 0x5EED)
    w, h = SIZES[int(rng.integers(len(SIZES)))]
    if source == "docsynth":
        import docsynth
        if rng.random() < 0.06:
            return docsynth.make_empty_scene(seed, w, h), None
        sc = docsynth.make_scene(seed, w, h)
        return sc.image, sc.quad
    import scenes_independent as si
    sc = si.make_scene(seed, size=(w, h))
    return sc.image, sc.corners


def gen(out: str, source: str, seeds: str) -> None:
    a, b = (int(x) for x in seeds.split(":"))
    X = np.zeros((b - a, 3, NET_H, NET_W), np.uint8)
    Y = np.zeros((b - a, OUT_H, OUT_W), np.uint8)
    t0 = time.time()
    for i, s in enumerate(range(a, b)):
        img, quad = _scene(source, s)
        X[i] = net_input(img, scaled=False)
        if quad is not None:
            h, w = img.shape[:2]
            q = np.asarray(quad, np.float64) * [OUT_W / w, OUT_H / h] * 8
            m = np.zeros((OUT_H, OUT_W), np.uint8)
            cv2.fillPoly(m, [np.round(q).astype(np.int32).reshape(-1, 1, 2)], 255, cv2.LINE_AA, shift=3)
            Y[i] = m
        if i % 500 == 0:
            print(f"{source} {i}/{b - a} {time.time() - t0:.0f} s", flush=True)
    np.savez_compressed(out, X=X, Y=Y)


def _model():
    import torch
    from torch import nn

    def block(cin, cout, stride=1):
        return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True))

    class PageNet(nn.Module):
        # 128x96 -> 64x48 (e1) -> 32x24 (e2) -> 16x12 (e3) -> 8x6 (e4, wide context) and back to 64x48
        def __init__(self):
            super().__init__()
            self.e1 = nn.Sequential(block(3, 16, 2), block(16, 16))
            self.e2 = nn.Sequential(block(16, 32, 2), block(32, 32))
            self.e3 = nn.Sequential(block(32, 48, 2), block(48, 48))
            self.e4 = nn.Sequential(block(48, 64, 2), block(64, 64), block(64, 64))
            self.d3 = block(64 + 48, 48)
            self.d2 = block(48 + 32, 32)
            self.d1 = block(32 + 16, 16)
            self.head = nn.Conv2d(16, 1, 1)
            self.up = nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False)

        def forward(self, x):
            e1 = self.e1(x)
            e2 = self.e2(e1)
            e3 = self.e3(e2)
            e4 = self.e4(e3)
            d3 = self.d3(torch.cat([self.up(e4), e3], 1))
            d2 = self.d2(torch.cat([self.up(d3), e2], 1))
            d1 = self.d1(torch.cat([self.up(d2), e1], 1))
            return self.head(d1)

    return PageNet()


def _augment(rng, X, Y):
    """Photometric changes (light, colour cast, contrast, noise, blur) and flips."""
    X = X.astype(np.float32)
    n = len(X)
    gain = rng.uniform(0.55, 1.35, (n, 1, 1, 1)) * rng.uniform(0.85, 1.15, (n, 3, 1, 1))
    bias = rng.uniform(-25, 25, (n, 1, 1, 1))
    X = X * gain + bias
    # gamma
    g = rng.uniform(0.7, 1.4, (n, 1, 1, 1))
    X = 255.0 * (np.clip(X, 0, 255) / 255.0) ** g
    X += rng.normal(0, 1, X.shape).astype(np.float32) * rng.uniform(0, 6, (n, 1, 1, 1))
    for i in np.nonzero(rng.random(n) < 0.25)[0]:
        s = rng.uniform(0.5, 1.5)
        X[i] = np.stack([cv2.GaussianBlur(c, (0, 0), s) for c in X[i]])
    # colour is a weak cue across scenes: shuffle the channels, or drop colour
    for i in np.nonzero(rng.random(n) < 0.3)[0]:
        X[i] = X[i][rng.permutation(3)]
    grey = rng.random(n) < 0.15
    X[grey] = X[grey].mean(axis=1, keepdims=True)
    # zoom in (the page larger, partly cut by the frame's edge)
    for i in np.nonzero(rng.random(n) < 0.25)[0]:
        z = rng.uniform(0.7, 0.95)
        cw, ch = int(OUT_W * z), int(OUT_H * z)
        x0, y0 = int(rng.integers(0, OUT_W - cw + 1)), int(rng.integers(0, OUT_H - ch + 1))
        img = X[i].transpose(1, 2, 0)[2 * y0:2 * (y0 + ch), 2 * x0:2 * (x0 + cw)]
        X[i] = cv2.resize(img, (NET_W, NET_H), interpolation=cv2.INTER_LINEAR).transpose(2, 0, 1)
        Y[i] = cv2.resize(Y[i][y0:y0 + ch, x0:x0 + cw], (OUT_W, OUT_H), interpolation=cv2.INTER_LINEAR)
    fh = rng.random(n) < 0.5
    X[fh], Y[fh] = X[fh][..., ::-1], Y[fh][..., ::-1]
    fv = rng.random(n) < 0.3
    X[fv], Y[fv] = X[fv][:, :, ::-1], Y[fv][:, ::-1]
    return np.clip(X, 0, 255) / 255.0, Y


def train(data: list[str], out: str, epochs: int, batch: int = 32, seed: int = 1) -> None:
    import torch
    from torch import nn
    torch.manual_seed(seed)
    torch.set_num_threads(2)
    Xs, Ys = [], []
    for p in data:
        z = np.load(p)
        Xs.append(z["X"])
        Ys.append(z["Y"])
    X, Y = np.concatenate(Xs), np.concatenate(Ys)
    rng = np.random.default_rng(seed)
    idx = rng.permutation(len(X))
    nval = max(64, len(X) // 20)
    val, tr = idx[:nval], idx[nval:]
    model = _model()
    print("parameters", sum(p.numel() for p in model.parameters()), "train", len(tr), "val", nval, flush=True)
    opt = torch.optim.AdamW(model.parameters(), 3e-3, weight_decay=1e-4)
    steps = epochs * (len(tr) // batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, 3e-3, total_steps=steps)
    bce = nn.BCEWithLogitsLoss()

    def dice(logit, y):
        p = torch.sigmoid(logit)
        inter = (p * y).sum((1, 2, 3))
        return 1 - ((2 * inter + 1) / (p.sum((1, 2, 3)) + y.sum((1, 2, 3)) + 1)).mean()

    t0 = time.time()
    for ep in range(epochs):
        model.train()
        perm = rng.permutation(tr)
        tot = 0.0
        for k in range(len(tr) // batch):
            b = perm[k * batch:(k + 1) * batch]
            xb, yb = _augment(rng, X[b], Y[b].astype(np.float32) / 255.0)
            xb = torch.from_numpy(np.ascontiguousarray(xb, np.float32))
            yb = torch.from_numpy(np.ascontiguousarray(yb, np.float32))[:, None]
            logit = model(xb)
            loss = bce(logit, yb) + dice(logit, yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            tot += float(loss)
        model.eval()
        with torch.no_grad():
            xv = torch.from_numpy(X[val].astype(np.float32) / 255.0)
            pv = torch.sigmoid(model(xv)).numpy()[:, 0] > 0.5
            yv = Y[val] > 127
            inter = (pv & yv).sum((1, 2))
            uni = (pv | yv).sum((1, 2))
            iou = np.where(uni > 0, inter / np.maximum(uni, 1), 1.0)
        print(f"epoch {ep + 1}/{epochs} loss {tot / (len(tr) // batch):.4f} val mIoU {iou.mean():.4f} "
              f"({time.time() - t0:.0f} s)", flush=True)
    model.eval()
    dummy = torch.zeros(1, 3, NET_H, NET_W)
    torch.onnx.export(model, dummy, out, input_names=["image"], output_names=["logit"], opset_version=13,
                      dynamo=False)
    print("wrote", out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("gen")
    g.add_argument("out")
    g.add_argument("--source", choices=("docsynth", "independent"), default="docsynth")
    g.add_argument("--seeds", required=True, help="A:B (B excluded)")
    t = sub.add_parser("train")
    t.add_argument("data", nargs="+")
    t.add_argument("-o", "--out", required=True)
    t.add_argument("--epochs", type=int, default=30)
    a = ap.parse_args(argv)
    if a.cmd == "gen":
        gen(a.out, a.source, a.seeds)
    else:
        train(a.data, a.out, a.epochs)


if __name__ == "__main__":
    main()
