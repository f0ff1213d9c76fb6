"""``ownframework predict`` and the picture reader: pictures the tests draw themselves, bad files of every kind."""

from __future__ import annotations

import os
import sys

import numpy as np
import pytest

from ownframework import cli
from ownframework.activations import ReLU, Softmax
from ownframework.images import ImageFileError, read_grey
from ownframework.layers import Linear
from ownframework.network import Net
from ownframework.predict import top_guesses
from ownframework.preprocess import mnist_style
from ownframework.serialization import save

Image = pytest.importorskip("PIL.Image", reason="reading pictures needs Pillow (the images or plots extra)")
ImageDraw = pytest.importorskip("PIL.ImageDraw")


def draw_seven(size: tuple[int, int] = (240, 320), ink: object = "black", paper: object = "white",
               mode: str = "RGB"):
    """A "7" drawn with two thick lines, like a reader's photo or scan of one."""
    width, height = size
    picture = Image.new(mode, size, paper)
    pen = ImageDraw.Draw(picture)
    line = max(2, width // 12)
    pen.line([(0.2 * width, 0.2 * height), (0.8 * width, 0.2 * height)], fill=ink, width=line)
    pen.line([(0.8 * width, 0.2 * height), (0.4 * width, 0.85 * height)], fill=ink, width=line)
    return picture


def run(argv, capsys):
    try:
        status = cli.main(argv)
    except SystemExit as exit:
        status = int(exit.code or 0)
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def model(tmp_path):
    """A saved 784-16-10 network with fixed random weights."""
    net = Net().add(Linear(784, 16, seed=1)).add(ReLU()).add(Linear(16, 10, seed=2)).add(Softmax())
    return save(net, tmp_path / "model.npz"), net


# --- reading pictures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("dark-on-light.png", lambda: draw_seven()),
        ("light-on-dark.png", lambda: draw_seven(ink="white", paper="black")),
        ("grey.png", lambda: draw_seven(ink=0, paper=255, mode="L")),
        ("photo.jpg", lambda: draw_seven(ink=(40, 30, 60), paper=(235, 230, 210))),
        ("palette.png", lambda: draw_seven().convert("P")),
        ("bilevel.png", lambda: draw_seven(ink=0, paper=1, mode="1")),
        ("transparent.png", lambda: draw_seven(ink=(0, 0, 0, 255), paper=(0, 0, 0, 0), mode="RGBA")),
        ("sixteen-bit.png", lambda: draw_seven(ink=0, paper=65535, mode="I;16")),
        ("small.png", lambda: draw_seven(size=(24, 32))),
    ],
)
def test_every_kind_of_picture_becomes_the_same_digit(tmp_path, name, make):
    reference = mnist_style(read_grey(save_picture(draw_seven(), tmp_path / "reference.png")))
    path = save_picture(make(), tmp_path / name)
    grey = read_grey(path)
    assert grey.dtype == np.float64 and grey.min() >= 0 and grey.max() <= 1
    out = mnist_style(grey)
    assert out.shape == (784,)
    tolerance = 0.08 if name in ("small.png", "photo.jpg") else 0.02  # resampling of 24 px, JPEG's blur
    assert np.abs(out - reference).mean() < tolerance, name


def save_picture(picture, path):
    picture.save(path)
    return path


def test_a_rotated_phone_photo_is_turned_upright(tmp_path):
    upright = mnist_style(read_grey(save_picture(draw_seven(), tmp_path / "upright.jpg")))
    exif = Image.Exif()
    exif[0x0112] = 6  # EXIF orientation: the camera was turned, display rotated by 90 degrees
    draw_seven().transpose(Image.Transpose.ROTATE_90).save(tmp_path / "turned.jpg", exif=exif)
    assert np.abs(mnist_style(read_grey(tmp_path / "turned.jpg")) - upright).mean() < 0.03


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"the file is empty \(0 bytes\)"),
        (b"hello, this is text", "not a picture that Pillow can read"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 30, "not a picture that Pillow can read"),  # a PNG signature only
    ],
)
def test_files_that_are_not_pictures_get_a_clear_error(tmp_path, content, message):
    path = tmp_path / "digit.png"
    path.write_bytes(content)
    with pytest.raises(ImageFileError, match=message) as excinfo:
        read_grey(path)
    assert str(path) in str(excinfo.value)


def test_a_truncated_png_is_reported(tmp_path):
    path = save_picture(draw_seven(), tmp_path / "cut.png")
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(ImageFileError, match="damaged or truncated"):
        read_grey(path)


def test_a_picture_of_an_unusual_mode_is_refused(tmp_path):
    path = tmp_path / "float.tiff"
    Image.new("F", (20, 20), 0.5).save(path)
    with pytest.raises(ImageFileError, match="pictures of mode 'F' are not supported"):
        read_grey(path)


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(ImageFileError, match="cannot be read: No such file"):
        read_grey(tmp_path / "nowhere.png")


def test_without_pillow_the_error_says_what_to_install(tmp_path, monkeypatch):
    from ownframework.images import PillowMissingError

    monkeypatch.setitem(sys.modules, "PIL", None)
    with pytest.raises(PillowMissingError, match=r"pip install 'ownframework\[images\]'"):
        read_grey(tmp_path / "x.png")


# --- the command -----------------------------------------------------------------------------


def test_predict_prints_the_top_three_classes_with_probabilities(tmp_path, model, capsys):
    path, net = model
    picture = save_picture(draw_seven(), tmp_path / "seven.png")
    status, out, err = run(["predict", str(path), str(picture)], capsys)
    assert status == 0, err
    probs = net.eval().forward(mnist_style(read_grey(picture))[None, :])[0]
    best = np.argsort(-probs)[:3]
    expected = "   ".join(f"{k} {probs[k]:6.2%}" for k in best)
    assert out == f"{picture}: {expected}\n"
    assert [g.label for g in top_guesses(net, picture, [str(k) for k in range(10)])] == best.tolist()


def test_predict_reports_bad_pictures_and_still_classifies_the_good_ones(tmp_path, model, capsys):
    path, _ = model
    blank = save_picture(Image.new("L", (50, 50), 255), tmp_path / "blank.png")
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    good = save_picture(draw_seven(ink="white", paper="black"), tmp_path / "seven.png")
    status, out, err = run(["predict", str(path), str(blank), str(text), str(good), "--top", "2"], capsys)
    assert status == 1
    assert f"{blank}: the picture is empty" in err and f"{text}: not a picture" in err
    assert out.startswith(f"{good}: ") and out.count("%") == 2 and "Traceback" not in err


def test_predict_with_fashion_mnist_names(tmp_path, model, capsys):
    path, _ = model
    picture = save_picture(draw_seven(), tmp_path / "seven.png")
    status, out, _ = run(["predict", str(path), str(picture), "--dataset", "fashion-mnist", "--top", "10"], capsys)
    assert status == 0 and "Ankle boot" in out and "T-shirt/top" in out


def test_predict_refuses_a_model_for_other_inputs(tmp_path, capsys):
    net = Net().add(Linear(4, 10, seed=0)).add(Softmax())
    path = save(net, tmp_path / "tiny.npz")
    picture = save_picture(draw_seven(), tmp_path / "seven.png")
    status, _, err = run(["predict", str(path), str(picture)], capsys)
    assert status == 1 and "the model takes 4 inputs" in err and "Traceback" not in err


def test_predict_refuses_a_file_that_is_not_a_model(tmp_path, capsys):
    fake = tmp_path / "model.npz"
    fake.write_bytes(b"not a zip")
    picture = save_picture(draw_seven(), tmp_path / "seven.png")
    status, _, err = run(["predict", str(fake), str(picture)], capsys)
    assert status == 1 and str(fake) in err and "Traceback" not in err


@pytest.mark.skipif(not os.environ.get("OWNFRAMEWORK_MNIST_DIR"), reason="needs the real MNIST files")
def test_a_trained_model_reads_mnist_digits_redrawn_as_big_dark_on_light_pictures(tmp_path, capsys):
    """Test images blown up 10x, inverted and saved as PNG: predict still gets them right."""
    from ownframework.data import load_mnist
    from ownframework.losses import CrossEntropy
    from ownframework.optimizers import SGD
    from ownframework.training import fit

    data = load_mnist(download=False)
    net = Net().add(Linear(784, 64, init="he", seed=0)).add(ReLU()).add(Linear(64, 10, seed=1)).add(Softmax())
    fit(net, data.X_train[:20_000], data.y_train[:20_000], loss=CrossEntropy(),
        optimizer=SGD(0.05, momentum=0.9), epochs=2, batch_size=64, progress=False)
    model = save(net, tmp_path / "model.npz")
    pictures = []
    for i in range(40):
        big = np.kron(data.X_test[i].reshape(28, 28), np.ones((10, 10)))
        path = tmp_path / f"test-{i}-{data.y_test[i]}.png"
        Image.fromarray(np.uint8(np.rint(255 * (1 - big)))).save(path)
        pictures.append(str(path))
    status, out, err = run(["predict", str(model), *pictures], capsys)
    assert status == 0, err
    right = [line.split(": ")[1].split()[0] == line.split("-")[-1].split(".")[0] for line in out.splitlines()]
    assert len(right) == 40 and np.mean(right) >= 0.9
