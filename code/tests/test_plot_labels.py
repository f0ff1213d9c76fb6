"""The English label table, translate(), and the check that translations keep each label's {fields}."""

import string

import pytest

from ownframework.plot_labels import LABELS, checked_labels, translate


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_is_english_text_that_formats(key):
    text = LABELS[key]
    assert isinstance(text, str) and text.strip() and text.isprintable()
    assert text.isascii() or key == "weights_title"  # only the × of 28×28 is not ASCII
    text.format(pred=3, prob=0.5, true=5, n=2)  # every field a plot fills in is one of these


def test_translate_fills_in_values_and_falls_back_to_english():
    russian = {"layer": "слой {n}"}
    assert translate("layer", russian, n=2) == "слой 2"
    assert translate("class", russian, n=2) == "class 2"  # not in the mapping: English
    assert translate("wrong_caption", pred=3, true=5) == "3, true 5"
    assert translate("prediction_caption", None, pred=7, prob=0.824) == "7 (82%)"
    with pytest.raises(KeyError, match="no plot label 'no-such-label'"):
        translate("no-such-label")
    with pytest.raises(KeyError, match="no plot label"):
        translate("no-such-label", {"no-such-label": "x"})  # a mapping cannot invent labels


def test_checked_labels_accepts_translations_that_keep_the_fields():
    labels = {"n_layers": "слоёв: {n}", "prediction_caption": "{pred} ({prob:.1%})", "epoch": "ইপক"}
    checked = checked_labels(labels)
    assert checked == labels and checked is not labels


@pytest.mark.parametrize(("labels", "message"), [
    ({"epoh": "Эпоха"}, r"unknown plot label 'epoh'; the labels are: epoch, loss, "),
    ({"layer": "слой"}, r"plot label 'layer': 'слой' must use \{n\}, like the English 'layer \{n\}'"),
    ({"wrong_caption": "{pred}, верно {truth}"}, r"must use \{pred\}, \{true\}"),
    ({"epoch": "{n}. Эпоха"}, "must use no fields"),
    ({"epoch": "Эпоха {"}, r"plot label 'epoch': 'Эпоха \{' is not a valid format string"),
    ({"epoch": 3}, "plot label 'epoch' must be a string, got 3"),
])
def test_checked_labels_rejects_unknown_keys_and_changed_fields(labels, message):
    with pytest.raises(ValueError, match=message):
        checked_labels(labels)


def test_the_english_fields_are_the_ones_the_plots_fill_in():
    used = {key: fields(text) for key, text in LABELS.items() if fields(text)}
    assert used == {"prediction_caption": {"pred", "prob"}, "wrong_caption": {"pred", "true"},
                    "layer": {"n"}, "class": {"n"}, "n_layers": {"n"}}
