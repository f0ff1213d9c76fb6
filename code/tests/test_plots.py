"""Plots: each returns a Figure with the right content, with the labels given, with shaped text."""

import warnings

import numpy as np
import pytest

pytest.importorskip("matplotlib", reason="plots need the optional matplotlib extra")

import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ownframework import plots
from ownframework.activations import ReLU, Softmax
from ownframework.data import toy
from ownframework.layers import Dropout, Linear
from ownframework.losses import CrossEntropy
from ownframework.network import Net
from ownframework.optimizers import SGD
from ownframework.training import History, fit

INSTALLED = {font.name for font in font_manager.fontManager.ttflist}
needs = {
    "bn": pytest.mark.skipif("Noto Sans Bengali" not in INSTALLED, reason="install fonts-noto-core"),
    "te": pytest.mark.skipif("Noto Sans Telugu" not in INSTALLED, reason="install fonts-noto-core"),
}

# Translations come from the caller (the site keeps them in its translation files); a few for the tests.
RUSSIAN = {
    "epoch": "Эпоха", "loss": "Функция потерь", "accuracy": "Точность", "training": "обучающая выборка",
    "validation": "валидационная выборка", "loss_title": "Потери по эпохам", "accuracy_title": "Точность по эпохам",
    "layer": "слой {n}",
}
BENGALI = {
    "epoch": "ইপক", "loss": "লস", "accuracy": "নির্ভুলতা", "training": "প্রশিক্ষণ", "validation": "ভ্যালিডেশন",
    "loss_title": "প্রতি ইপকে লস", "accuracy_title": "প্রতি ইপকে নির্ভুলতা", "confusion_title": "কনফিউশন ম্যাট্রিক্স",
    "true_class": "প্রকৃত অঙ্ক", "predicted_class": "পূর্বাভাসিত অঙ্ক", "weights_title": "প্রথম স্তরের ওজন: 28×28",
    "predictions_title": "টেস্ট ছবি ও নেটওয়ার্কের পূর্বাভাস", "right": "সঠিক", "wrong": "ভুল",
    "wrong_caption": "{pred}, আসলে {true}", "max_weight_title": "প্রতিটি স্তরের বৃহত্তম পরম ওজন",
    "layer": "স্তর {n}", "decision_title": "সিদ্ধান্ত-সীমা", "class": "শ্রেণি {n}",
}
TELUGU = {
    "epoch": "ఎపాక్", "loss": "నష్టం", "accuracy": "కచ్చితత్వం", "training": "శిక్షణ", "validation": "వ్యాలిడేషన్",
    "loss_title": "ప్రతి ఎపాక్\u200cలో నష్టం", "confusion_title": "కన్ఫ్యూజన్ మ్యాట్రిక్స్", "true_class": "నిజమైన అంకె",
    "weights_title": "మొదటి లేయర్ బరువులు: 28×28", "right": "సరైనవి", "wrong": "తప్పులు",
    "wrong_caption": "{pred}, నిజం {true}", "layer": "లేయర్ {n}", "decision_title": "నిర్ణయ సరిహద్దు",
    "class": "తరగతి {n}",
}
LANGUAGES = {"bn": (BENGALI, "Noto Sans Bengali"), "te": (TELUGU, "Noto Sans Telugu")}


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    plots.use_labels()
    plt.close("all")


def texts_of(fig: Figure) -> list[str]:
    """Every piece of text drawn on the figure: titles, axis labels, legends, annotations."""
    fig.canvas.draw()  # creates tick labels and legends
    return [t.get_text() for t in fig.findobj(lambda artist: hasattr(artist, "get_text")) if t.get_text()]


@pytest.fixture(scope="module")
def blob_run():
    """A small network trained on three blobs, with its history."""
    X, y = toy.make_blobs(240, 3, spread=0.4, seed=0)
    X_val, y_val = toy.make_blobs(90, 3, spread=0.4, seed=1)
    net = Net().add(Linear(2, 16, seed=0)).add(ReLU()).add(Dropout(0.1, seed=0)).add(Linear(16, 3, seed=1))
    net.add(Softmax())
    history = fit(
        net,
        X,
        y,
        loss=CrossEntropy(),
        optimizer=SGD(lr=0.1, momentum=0.9),
        epochs=4,
        batch_size=32,
        X_val=X_val,
        y_val=y_val,
        seed=0,
        progress=False,
    )
    return net, history, X, y


def test_training_curves_show_both_splits_per_epoch(blob_run):
    _, history, _, _ = blob_run
    fig = plots.training_curves(history)
    loss_ax, acc_ax = fig.axes
    assert [line.get_label() for line in loss_ax.lines] == ["training", "validation"]
    np.testing.assert_allclose(loss_ax.lines[0].get_ydata(), history.train_loss)
    np.testing.assert_allclose(acc_ax.lines[1].get_ydata(), history.val_acc)
    assert list(loss_ax.lines[0].get_xdata()) == [1, 2, 3, 4]
    assert {"Loss per epoch", "Accuracy per epoch", "Epoch"} <= set(texts_of(fig))
    assert plt.fignum_exists(fig.number)  # made by pyplot: that is what a notebook displays


def test_use_labels_writes_the_given_labels_on_every_figure(blob_run):
    _, history, _, _ = blob_run
    plots.use_labels(RUSSIAN)
    texts = texts_of(plots.training_curves(history))
    assert {"Потери по эпохам", "Точность по эпохам", "Эпоха", "обучающая выборка"} <= set(texts)
    assert not {"Loss per epoch", "Epoch", "training"} & set(texts)
    legend = [t.get_text() for t in plots.max_weights(history).axes[0].get_legend().get_texts()]
    assert legend == ["слой 1", "слой 2"]  # fields filled into the translation


def test_missing_labels_stay_english_and_no_arguments_restore_english(blob_run):
    _, history, _, _ = blob_run
    plots.use_labels({"epoch": "Эпоха"})
    texts = set(texts_of(plots.training_curves(history)))
    assert {"Эпоха", "Loss per epoch", "training"} <= texts
    plots.use_labels()
    texts = set(texts_of(plots.training_curves(history)))
    assert "Epoch" in texts and "Эпоха" not in texts


@pytest.mark.parametrize(("labels", "message"), [
    ({"epoh": "Эпоха"}, "unknown plot label 'epoh'"),
    ({"layer": "слой"}, r"plot label 'layer': 'слой' must use \{n\}, like the English 'layer \{n\}'"),
    ({"layer": "слой {k}"}, r"must use \{n\}"),
    ({"epoch": "Эпоха {n}"}, "must use no fields"),
    ({"epoch": "Эпоха {"}, "not a valid format string"),
])
def test_use_labels_rejects_unknown_keys_and_changed_fields(labels, message):
    plots.use_labels(RUSSIAN)
    with pytest.raises(ValueError, match=message):
        plots.use_labels(labels)
    assert plots.confusion_matrix(np.eye(2, dtype=int)).axes[0].get_xlabel() == "Predicted digit"
    assert plots.training_curves(_one_epoch()).axes[0].get_xlabel() == "Эпоха"  # the labels in use stay


def _one_epoch() -> History:
    return History(epoch=[1], train_loss=[1.0], train_acc=[0.5], val_loss=[1.0], val_acc=[0.5])


def test_use_labels_picks_the_first_installed_font_and_falls_back_to_dejavu():
    assert plots.use_labels(fonts=("No Such Font Family", "DejaVu Sans")) == "DejaVu Sans"
    assert plt.rcParams["font.family"] == ["DejaVu Sans"]
    with pytest.warns(UserWarning, match=r"none of the fonts No Such Font Family is installed.*fonts-noto-core"):
        assert plots.use_labels(BENGALI, fonts=("No Such Font Family",)) == "DejaVu Sans"


@needs["bn"]
def test_use_labels_puts_the_script_font_first_and_dejavu_after_it():
    assert plots.use_labels(BENGALI, fonts=["Noto Sans Bengali"]) == "Noto Sans Bengali"
    assert plt.rcParams["font.family"] == ["Noto Sans Bengali", "DejaVu Sans"]
    assert plots.use_labels(BENGALI, fonts="Noto Sans Bengali") == "Noto Sans Bengali"  # one name, not letters


def test_confusion_matrix_annotates_every_nonzero_cell():
    cm = np.array([[50, 2, 0], [1, 40, 3], [0, 0, 45]])
    fig = plots.confusion_matrix(cm)
    ax = fig.axes[0]
    annotations = sorted(t.get_text() for t in ax.texts)
    assert annotations == sorted(str(v) for v in cm.ravel() if v)
    assert ax.get_xlabel() == "Predicted digit" and ax.get_ylabel() == "True digit"
    with pytest.raises(ValueError, match="square"):
        plots.confusion_matrix(np.zeros((2, 3)))


@pytest.mark.parametrize("transpose", [False, True])
def test_first_layer_weights_draws_one_image_per_unit(transpose):
    W = np.random.default_rng(0).standard_normal((784, 20)).astype(np.float32)
    fig = plots.first_layer_weights(W.T if transpose else W, columns=8)
    images = [ax.images[0] for ax in fig.axes if ax.images]
    assert len(images) == 20
    np.testing.assert_allclose(images[3].get_array(), W[:, 3].reshape(28, 28))
    low, high = images[3].get_clim()
    assert low == -high  # zero weight is white, signs get their own colours


def test_first_layer_weights_reads_the_first_linear_layer_of_a_net():
    net = Net().add(Linear(784, 12, seed=0)).add(ReLU()).add(Linear(12, 10, seed=1))
    fig = plots.first_layer_weights(net)
    assert sum(1 for ax in fig.axes if ax.images) == 12
    with pytest.raises(ValueError, match=r"\(784, units\)"):
        plots.first_layer_weights(np.zeros((10, 10)))


def test_sample_predictions_marks_the_wrong_ones():
    rng = np.random.default_rng(0)
    images = rng.random((50, 784)).astype(np.float32)
    labels = np.arange(50) % 10
    predicted = labels.copy()
    predicted[:7] = (labels[:7] + 1) % 10  # seven mistakes
    fig = plots.sample_predictions(images, labels, predicted, n_right=5, n_wrong=10)
    shown = [ax for ax in fig.axes if ax.images]
    assert len(shown) == 5 + 7
    wrong_titles = [ax.get_title() for ax in shown if "true" in ax.get_title()]
    assert len(wrong_titles) == 7
    for title in wrong_titles:
        pred, true = (int(s) for s in title.replace(", true", "").split())
        assert pred == (true + 1) % 10


def test_sample_predictions_with_probabilities_shows_the_confidence():
    probs = np.full((4, 10), 0.02)
    probs[np.arange(4), [1, 2, 3, 4]] = 0.82
    fig = plots.sample_predictions(np.zeros((4, 784)), np.array([1, 2, 3, 4]), probs, n_right=4)
    assert sorted(ax.get_title() for ax in fig.axes if ax.images) == [
        "1 (82%)",
        "2 (82%)",
        "3 (82%)",
        "4 (82%)",
    ]
    with pytest.raises(ValueError, match="differ in length"):
        plots.sample_predictions(np.zeros((4, 784)), np.zeros(3), probs)


def test_fashion_mnist_class_names_are_translated_like_any_label():
    assert plots.class_names("mnist") == [str(k) for k in range(10)]
    assert plots.class_names("fashion-mnist")[:2] == ["T-shirt/top", "Trouser"]
    try:
        plots.use_labels({"fashion_trouser": "Брюки", "true_named_class": "Истинный класс"})
        names = plots.class_names("fashion-mnist")
        assert names[:3] == ["T-shirt/top", "Брюки", "Pullover"]  # missing names stay English
        fig = plots.confusion_matrix(np.eye(10, dtype=int) * 5, class_names=names)
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_xticklabels()][1] == "Брюки"
        assert ax.get_ylabel() == "Истинный класс" and ax.get_xlabel() == "Predicted class"
    finally:
        plots.use_labels()


def test_sample_predictions_name_the_classes():
    names = plots.class_names("fashion-mnist")
    fig = plots.sample_predictions(np.zeros((3, 784)), np.array([0, 9, 8]), np.array([0, 9, 1]),
                                   n_right=2, n_wrong=1, class_names=names)
    titles = sorted(ax.get_title() for ax in fig.axes if ax.images)
    assert titles == ["Ankle boot", "T-shirt/top", "Trouser, true Bag"]


def test_max_weights_plots_one_line_per_layer(blob_run):
    _, history, _, _ = blob_run
    fig = plots.max_weights(history)
    ax = fig.axes[0]
    assert len(ax.lines) == len(history.max_abs_weight)
    for line, values in zip(ax.lines, history.max_abs_weight.values(), strict=True):
        np.testing.assert_allclose(line.get_ydata(), values)


def test_decision_boundary_colours_the_regions_the_net_predicts(blob_run):
    net, _, X, y = blob_run
    dropout = net.layers[2]
    dropout.training = True
    fig = plots.decision_boundary(net, X, y, resolution=50)
    assert dropout.training is True  # the plot restores the training mode it found
    ax = fig.axes[0]
    assert len(ax.collections) >= 3  # regions + one scatter per class
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["class 0", "class 1", "class 2"]
    with pytest.raises(ValueError, match=r"X: \(n, 2\)"):
        plots.decision_boundary(net, np.zeros((5, 3)), np.zeros(5))


def test_regression_fit_draws_the_data_and_one_curve_per_net():
    X, y = toy.make_regression_1d(40, seed=0)
    nets = {"MSE": Net().add(Linear(1, 1, seed=0)), "MAE": Net().add(Linear(1, 1, seed=1))}
    fig = plots.regression_fit(X, y, nets, truth=lambda x: np.sin(np.pi * x))
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["truth", "MSE", "MAE"]
    xs = ax.lines[1].get_xdata()
    np.testing.assert_allclose(
        ax.lines[1].get_ydata(), nets["MSE"].forward(xs[:, None].astype(np.float32)).ravel()
    )


def test_compare_histories_one_curve_per_run(blob_run):
    _, history, _, _ = blob_run
    fig = plots.compare_histories({"a": history, "b": history}, metric="val_loss", title="depth_title")
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.lines] == ["a", "b"]
    assert ax.get_title() == "One, two or three layers"
    with pytest.raises(ValueError, match="unknown metric"):
        plots.compare_histories({"a": history}, metric="speed")


@pytest.mark.parametrize(
    "lang", [pytest.param("bn", marks=needs["bn"]), pytest.param("te", marks=needs["te"])]
)
def test_every_plot_renders_in_bengali_and_telugu_without_missing_glyphs(blob_run, lang, tmp_path):
    net, history, X, y = blob_run
    labels, font = LANGUAGES[lang]
    assert plots.use_labels(labels, fonts=(font,)) == font
    figures = [
        plots.training_curves(history),
        plots.confusion_matrix(np.eye(10, dtype=int) * 90 + 1),
        plots.first_layer_weights(np.ones((784, 4))),
        plots.sample_predictions(np.zeros((4, 784)), np.arange(4), np.array([0, 1, 3, 2])),
        plots.max_weights(history),
        plots.decision_boundary(net, X, y, resolution=30),
    ]
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        for i, fig in enumerate(figures):
            fig.savefig(tmp_path / f"{i}.png")
            fig.savefig(tmp_path / f"{i}.svg")
    assert labels["loss_title"] in texts_of(figures[0]) and figures[-1].axes[0].get_title() == labels["decision_title"]


def rendered_width(text: str, family: str | None = None) -> float:
    """Width in pixels of text drawn in family (default: the font use_labels chose)."""
    fig = Figure()
    FigureCanvasAgg(fig)
    artist = fig.text(0, 0, text, fontsize=40, **({"family": [family]} if family else {}))
    return float(artist.get_window_extent(fig.canvas.get_renderer()).width)


@pytest.mark.parametrize(
    ("family", "conjunct", "first", "last"),
    [
        pytest.param("Noto Sans Bengali", "ক্ষ", "ক", "ষ", marks=needs["bn"]),
        pytest.param("Noto Sans Bengali", "ত্র", "ত", "র", marks=needs["bn"]),
        pytest.param("Noto Sans Telugu", "క్ష", "క", "ష", marks=needs["te"]),
        pytest.param("Noto Sans Telugu", "శ్రే", "శ", "ర", marks=needs["te"]),
    ],
)
def test_matplotlib_shapes_conjuncts_into_one_cluster(family, conjunct, first, last):
    # Shaped, consonant + virama + consonant becomes one conjunct glyph about one letter wide;
    # drawn character by character it would be at least two letters wide.
    assert rendered_width(conjunct, family) < 0.75 * (
        rendered_width(first, family) + rendered_width(last, family)
    )


@needs["bn"]
def test_bengali_labels_are_drawn_with_shaped_conjuncts(blob_run):
    _, history, _, _ = blob_run
    plots.use_labels(BENGALI, fonts=("Noto Sans Bengali",))
    texts = texts_of(plots.training_curves(history))
    training = BENGALI["training"]  # প্রশিক্ষণ: two conjuncts, প্র and ক্ষ
    assert training in texts
    # In the font use_labels chose, each conjunct is one cluster, narrower than its two letters side by side.
    for conjunct, first, last in (("প্র", "প", "র"), ("ক্ষ", "ক", "ষ")):
        assert conjunct in training
        assert rendered_width(conjunct) < 0.75 * (rendered_width(first) + rendered_width(last))


@pytest.mark.parametrize("epochs", [1, 2, 15])
def test_epoch_axes_have_whole_numbers_even_for_one_epoch(epochs: int) -> None:
    from types import SimpleNamespace

    values = list(np.linspace(0.5, 0.2, epochs))
    history = SimpleNamespace(train_loss=values, train_acc=values, val_loss=values, val_acc=values,
                              max_abs_weight={"layer1": values})
    for figure in (plots.training_curves(history), plots.max_weights(history)):
        FigureCanvasAgg(figure).draw()
        for ax in figure.axes:
            ticks = [tick for tick in ax.get_xticks() if ax.get_xlim()[0] <= tick <= ax.get_xlim()[1]]
            assert ticks and all(float(t).is_integer() for t in ticks), (epochs, ticks)
        plt.close(figure)
