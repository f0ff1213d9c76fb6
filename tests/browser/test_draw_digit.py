"""The draw-a-digit box on the MNIST lab page: a scripted drawing in Chromium, checked against NumPy.

The box (docs/assets/js/draw-digit.js, placed by tools/sitebuild/digit_box.py)
must see exactly what ``ownframework predict`` would see in a picture of the pad
(the package's ``grey_from_rgba`` and ``mnist_style`` on the pad's pixels), and
its probabilities must be NumPy's, to 1e-5, for the exported network read back
into an ownframework ``Net`` (tools/sitebuild/digit_model.py).
"""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from ownframework.predict import top_guesses
from ownframework.serialization import load, save

from tools.sitebuild import digit_model

from .support import LANGS, ROOT, axe_violations, screenshot

PAD = 280
PHONE = {"width": 375, "height": 740}
SEVEN = [[(70, 60), (210, 60), (120, 235)]]  # a bar and a slanted stem, in pad pixels
ONE = [[(140, 50), (140, 230)]]


def words(lang: str) -> dict[str, str]:
    import yaml

    path = ROOT / "docs" / "ui.yml" if lang == "en" else ROOT / "translations" / lang / "ui.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["digits"]


@pytest.fixture(scope="module")
def numpy_net(site_dir):
    folder = site_dir / "assets" / "digits"
    return digit_model.load_export((folder / "model.json").read_bytes(), (folder / "weights.bin").read_bytes())


def open_box(open_page, lang: str, **options):
    page = open_page(lang, "mnist-lab", **options)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    box = page.locator("section.draw-digit")
    box.scroll_into_view_if_needed()
    box.locator("canvas.draw-digit__canvas").wait_for(state="visible")
    return page, box, requested


def draw(page, strokes) -> None:
    """Draw the strokes (lists of pad points) with the mouse, as a reader would."""
    pad = page.locator("canvas.draw-digit__canvas").bounding_box()
    scale = pad["width"] / PAD
    for stroke in strokes:
        x, y = stroke[0]
        page.mouse.move(pad["x"] + x * scale, pad["y"] + y * scale)
        page.mouse.down()
        for x, y in stroke[1:]:
            page.mouse.move(pad["x"] + x * scale, pad["y"] + y * scale, steps=12)
        page.mouse.up()


def wait_for_guesses(page) -> dict:
    page.wait_for_function("() => { const s = document.querySelector('section.draw-digit').drawDigit;"
                           " return s.probabilities !== null && s.input !== null; }", timeout=20_000)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return page.evaluate("""() => {
      const box = document.querySelector('section.draw-digit');
      const pad = box.querySelector('canvas.draw-digit__canvas');
      return {
        rgba: Array.from(pad.getContext('2d').getImageData(0, 0, pad.width, pad.height).data),
        input: Array.from(box.drawDigit.input),
        probabilities: Array.from(box.drawDigit.probabilities),
        shown: [...box.querySelectorAll('.draw-digit__guess')].map(li => [
          li.querySelector('.draw-digit__digit').textContent, li.querySelector('.draw-digit__percent').textContent]),
      };
    }""")


def numpy_view(state: dict) -> np.ndarray:
    """What ``ownframework predict`` computes from the same pad pixels."""
    from ownframework.preprocess import grey_from_rgba, mnist_style

    rgba = np.array(state["rgba"], dtype=np.uint8).reshape(PAD, PAD, 4)
    return mnist_style(grey_from_rgba(rgba))


@pytest.mark.parametrize("lang", LANGS)
def test_a_drawn_seven_gets_numpy_s_probabilities(open_page, numpy_net, lang, tmp_path):
    page, box, requested = open_box(open_page, lang)
    assert not any("assets/digits/" in url for url in requested), "the network loads only when the box is used"
    texts = words(lang)
    assert box.locator("h2").inner_text() == texts["title"]
    assert box.locator(".draw-digit__message").inner_text() == texts["empty"]

    draw(page, SEVEN)
    state = wait_for_guesses(page)
    assert sum("assets/digits/" in url for url in requested) == 2  # model.json and weights.bin

    expected_input = numpy_view(state)
    js_input = np.array(state["input"], dtype=np.float32)
    assert np.abs(js_input - expected_input).max() < 1e-6, "the box prepares the drawing as predict does"
    assert js_input.max() > 0.9 and np.count_nonzero(js_input) > 40

    expected = numpy_net.forward(expected_input[None, :])[0]
    js_probabilities = np.array(state["probabilities"])
    assert np.abs(js_probabilities - expected).max() < 1e-5, "the JavaScript forward pass is NumPy's"
    assert abs(js_probabilities.sum() - 1) < 1e-9

    best = np.argsort(-expected)[:3]
    assert best[0] == 7, f"a clear 7 is read as {best[0]} ({expected.round(3)})"
    digits = [digit for digit, _ in state["shown"]]
    assert digits == [str(k) for k in best]  # Latin digits in every language, as the site's texts write them
    # The pad saved as a PNG file and given to `ownframework predict`: the same guesses.
    png = page.evaluate("document.querySelector('canvas.draw-digit__canvas').toDataURL('image/png')")
    picture = tmp_path / "pad.png"
    picture.write_bytes(base64.b64decode(png.split(",", 1)[1]))
    model = save(numpy_net, tmp_path / "model.npz")
    guesses = top_guesses(load(model), picture, [str(k) for k in range(10)])
    assert [g.label for g in guesses] == best.tolist()
    assert max(abs(g.probability - js_probabilities[g.label]) for g in guesses) < 1e-5

    live = box.locator(".draw-digit__live")
    prefix = texts["announce"].split("{")[0]
    page.wait_for_function("([el, prefix]) => el.textContent.startsWith(prefix)", arg=[live.element_handle(), prefix])


def test_clear_and_the_keyboard(open_page, numpy_net):
    page, box, _ = open_box(open_page, "en")
    draw(page, SEVEN)
    wait_for_guesses(page)
    box.locator("button.draw-digit__clear").click()
    assert box.locator(".draw-digit__guess").count() == 0
    assert box.locator(".draw-digit__message").inner_text() == words("en")["empty"]
    assert page.evaluate("document.activeElement.classList.contains('draw-digit__canvas')"), "Clear gives the pad focus"

    # Arrow keys draw from the centre: a vertical stroke is a 1.
    page.keyboard.press("Shift+ArrowUp")
    page.keyboard.press("Shift+ArrowUp")
    for _ in range(10):
        page.keyboard.press("ArrowDown")
    state = wait_for_guesses(page)
    expected = numpy_net.forward(numpy_view(state)[None, :])[0]
    assert np.abs(np.array(state["probabilities"]) - expected).max() < 1e-5
    assert int(np.argmax(expected)) == 1
    page.keyboard.press("Escape")
    assert box.locator(".draw-digit__guess").count() == 0


def test_the_box_is_accessible(open_page):
    page, box, _ = open_box(open_page, "en")
    draw(page, ONE)
    wait_for_guesses(page)
    assert box.locator("canvas.draw-digit__canvas").get_attribute("tabindex") == "0"
    assert box.locator("[aria-live=polite]").count() == 1
    assert axe_violations(page, within="section.draw-digit") == []


@pytest.mark.parametrize(("lang", "scheme"), [("en", "default"), ("bn", "slate"), ("te", "default"), ("ru", "slate")])
def test_on_a_phone_in_light_and_dark(open_page, numpy_net, lang, scheme):
    page, box, _ = open_box(open_page, lang, **PHONE, is_mobile=True, has_touch=True)
    page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
    box.locator("button.draw-digit__clear").click()  # takes the scheme's paper and ink colours
    draw(page, SEVEN)
    state = wait_for_guesses(page)
    expected = numpy_net.forward(numpy_view(state)[None, :])[0]
    assert np.abs(np.array(state["probabilities"]) - expected).max() < 1e-5
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page scrolls sideways at 375 px ({width} px)"
    pad = box.locator("canvas.draw-digit__canvas").bounding_box()
    assert pad["x"] >= 0 and pad["x"] + pad["width"] <= PHONE["width"]
    box.locator(".draw-digit__guesses").evaluate("el => el.scrollIntoView({block: 'end'})")
    screenshot(page, f"{lang}-phone-{scheme}-draw-digit", full_page=False)  # the pad's foot and the guesses


def test_desktop_screenshots(open_page):
    for lang, scheme in (("en", "default"), ("bn", "slate")):
        page, box, _ = open_box(open_page, lang)
        page.evaluate("scheme => document.body.setAttribute('data-md-color-scheme', scheme)", scheme)
        box.locator("button.draw-digit__clear").click()
        draw(page, SEVEN)
        wait_for_guesses(page)
        box.evaluate("el => el.scrollIntoView({block: 'center'})")
        screenshot(page, f"{lang}-desktop-{scheme}-draw-digit", full_page=False)


def test_the_exported_network_is_small_and_described(site_dir):
    folder = site_dir / "assets" / "digits"
    meta = json.loads((folder / "model.json").read_text())
    assert (folder / "weights.bin").stat().st_size == 2 * meta["count"] < 300_000
    assert [layer["type"] for layer in meta["layers"]] == ["Linear", "ReLU", "Linear", "ReLU", "Linear", "Softmax"]
    assert meta["trained"]["test_accuracy"] > 0.97
