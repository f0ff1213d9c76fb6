"""The draw-a-digit network's export (tools/sitebuild/digit_model.py) and the box's arithmetic
(docs/assets/js/draw-digit.js) run in Node against the package: no site build, no MNIST.

tests/browser/test_draw_digit.py checks the same in Chromium on the built site.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import numpy as np
import pytest
from ownframework.activations import ReLU, Softmax, Tanh
from ownframework.layers import Linear
from ownframework.network import Net
from ownframework.preprocess import BOX, INK, MIN_CONTRAST, SIZE, grey_from_rgba, mnist_style

from tools.sitebuild import digit_model

ROOT = digit_model.ROOT
SCRIPT = ROOT / "docs" / "assets" / "js" / "draw-digit.js"


def small_net() -> Net:
    return (Net().add(Linear(784, 32, init="he", seed=3)).add(ReLU()).add(Linear(32, 16, seed=4)).add(ReLU())
            .add(Linear(16, 10, seed=5)).add(Softmax()))


def test_export_and_load_give_the_float16_rounded_network():
    net = small_net()
    files = digit_model.export(net, test_accuracy=0.5)
    meta = json.loads(files["model.json"])
    assert len(files["weights.bin"]) == 2 * meta["count"] == 2 * (784 * 32 + 32 + 32 * 16 + 16 + 16 * 10 + 10)
    assert meta["preprocess"] == {"size": SIZE, "box": BOX, "ink": INK, "min_contrast": MIN_CONTRAST}
    back = digit_model.load_export(files["model.json"], files["weights.bin"])
    for ours, theirs in zip(net.layers, back.layers, strict=True):
        assert type(ours) is type(theirs)
        for name, value in ours.params.items():
            np.testing.assert_array_equal(theirs.params[name], value.astype(np.float16).astype(np.float32))
    x = np.random.default_rng(0).random((5, 784), dtype=np.float32)
    np.testing.assert_allclose(back.forward(x), net.eval().forward(x), atol=2e-3)  # float16 weights


def test_damaged_or_unusual_exports_are_refused():
    files = digit_model.export(small_net(), test_accuracy=0.5)
    damaged = bytearray(files["weights.bin"])
    damaged[1000] ^= 1  # one bit of one weight
    with pytest.raises(digit_model.DigitModelError, match="does not match the SHA-256"):
        digit_model.load_export(files["model.json"], bytes(damaged))
    with pytest.raises(digit_model.DigitModelError, match="knows Linear, ReLU and Softmax, not Tanh"):
        digit_model.export(Net().add(Linear(784, 10, seed=0)).add(Tanh()), test_accuracy=0.5)


def test_the_cache_key_follows_the_package_source():
    key = digit_model.cache_key()
    assert len(key) == 16 and key == digit_model.cache_key()


NODE_CHECK = """
global.window = {}; global.document = { querySelectorAll: () => [] };
require("vm").runInThisContext(require("fs").readFileSync(process.argv[1], "utf8"));
const D = window.ownframeworkDigits;
const data = JSON.parse(require("fs").readFileSync(0, "utf8"));
const model = Object.assign(data.meta, { values: D.decodeHalves(Uint16Array.from(data.halves)) });
const results = data.pictures.map(p => {
  const input = D.mnistStyle(D.greyFromRgba(Uint8ClampedArray.from(p.rgba)), p.height, p.width, data.meta.preprocess);
  return { input: input && Array.from(input), probabilities: input && Array.from(D.forward(model, input)) };
});
process.stdout.write(JSON.stringify(results));
"""


def pictures(count: int = 6) -> list[np.ndarray]:
    """RGBA pictures of random strokes: dark on light and light on dark, of several sizes."""
    rng = np.random.default_rng(1)
    found = []
    for k in range(count):
        height, width = int(rng.integers(20, 200)), int(rng.integers(20, 200))
        rows, cols = np.mgrid[0:height, 0:width]
        ink = np.zeros((height, width))
        for _ in range(3):
            r0, c0, r1, c1 = rng.uniform(0.1, 0.9, 4) * [height, width, height, width]
            t = np.clip(((rows - r0) * (r1 - r0) + (cols - c0) * (c1 - c0)) / ((r1 - r0) ** 2 + (c1 - c0) ** 2), 0, 1)
            distance = np.hypot(rows - (r0 + t * (r1 - r0)), cols - (c0 + t * (c1 - c0)))
            ink = np.maximum(ink, np.clip(1.5 - distance / (0.03 * max(height, width)), 0, 1))
        grey = 1 - 0.85 * ink if k % 2 else 0.1 + 0.8 * ink
        value = np.rint(grey * 255).astype(np.uint8)
        found.append(np.dstack([value, value, value, np.full_like(value, 255)]))
    return found


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js (the site build needs it too)")
def test_the_box_prepares_pictures_and_classifies_them_as_numpy_does(tmp_path):
    files = digit_model.export(small_net(), test_accuracy=0.5)
    meta = json.loads(files["model.json"])
    net = digit_model.load_export(files["model.json"], files["weights.bin"])
    halves = np.frombuffer(files["weights.bin"], dtype="<u2")
    rgbas = pictures()
    payload = {"meta": meta, "halves": halves.tolist(),
               "pictures": [{"rgba": p.ravel().tolist(), "height": p.shape[0], "width": p.shape[1]} for p in rgbas]}
    result = subprocess.run(["node", "-e", NODE_CHECK, str(SCRIPT)], input=json.dumps(payload), text=True,
                            capture_output=True, check=True, cwd=ROOT)
    for rgba, got in zip(rgbas, json.loads(result.stdout), strict=True):
        expected = mnist_style(grey_from_rgba(rgba))
        np.testing.assert_array_equal(np.array(got["input"], dtype=np.float32), expected)
        np.testing.assert_allclose(got["probabilities"], net.forward(expected[None, :])[0], atol=1e-5, rtol=0)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_box_decodes_float16_like_numpy():
    values = np.array([0, -0.0, 1, -2.5, 65504, 6.1e-5, 5.96e-8, -3.1e-6, 0.1, 1 / 3], dtype=np.float16)
    script = ("global.window={};global.document={querySelectorAll:()=>[]};"
              "require('vm').runInThisContext(require('fs').readFileSync(process.argv[1],'utf8'));"
              "const h=Uint16Array.from(JSON.parse(process.argv[2]));"
              "process.stdout.write(JSON.stringify(Array.from(window.ownframeworkDigits.decodeHalves(h))))")
    out = subprocess.run(["node", "-e", script, str(SCRIPT), json.dumps(values.view("<u2").tolist())],
                         capture_output=True, text=True, check=True)
    np.testing.assert_array_equal(np.array(json.loads(out.stdout), dtype=np.float32), values.astype(np.float32))


def test_a_site_without_the_lab_page_trains_nothing(monkeypatch):
    """The tests' small sites build in seconds: no lab page, no network to train."""
    from types import SimpleNamespace

    from tools.sitebuild import digit_box

    def must_not_train(*args, **kwargs):
        raise AssertionError("trained a network for a site without the lab page")

    monkeypatch.setattr(digit_model, "exported_files", must_not_train)
    ctx: Any = SimpleNamespace(nested=False, all_languages=["en", "ru", "bn", "te"])  # what add_files reads
    files: Any = [SimpleNamespace(src_uri="index.md"), SimpleNamespace(src_uri="lesson.ru.md")]
    assert digit_box.add_files(files, ctx) is files
