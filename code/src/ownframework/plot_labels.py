"""Every word that ``ownframework.plots`` writes on a figure, in English.

Keys are stable names; values are format strings (``{n}`` and friends are filled
in by the plot). Other languages are not kept here: pass a mapping of the same
keys to translated strings to ``plots.use_labels`` (the lesson site keeps its
translations with the rest of each language's texts).
"""

from __future__ import annotations

import string
from collections.abc import Mapping

from ownframework.data.datasets import DATASETS

LABELS: dict[str, str] = {
    "epoch": "Epoch",
    "loss": "Loss",
    "accuracy": "Accuracy",
    "training": "training",
    "validation": "validation",
    "loss_title": "Loss per epoch",
    "accuracy_title": "Accuracy per epoch",
    "confusion_title": "Confusion matrix",
    "true_class": "True digit",
    "predicted_class": "Predicted digit",
    "weights_title": "First-layer weights: one 28×28 image per hidden unit (red positive, blue negative)",
    "predictions_title": "Test images with the network's prediction",
    "right": "right",
    "wrong": "wrong",
    "prediction_caption": "{pred} ({prob:.0%})",
    "wrong_caption": "{pred}, true {true}",
    "max_weight_title": "Largest absolute weight per layer",
    "max_weight_all_title": "Largest absolute weight in the network",
    "max_weight": "max |w|",
    "layer": "layer {n}",
    "decision_title": "Decision boundary",
    "class": "class {n}",
    "regression_title": "Fitted curves",
    "data": "data",
    "validation_accuracy": "Validation accuracy",
    "validation_loss": "Validation loss",
    "depth_title": "One, two or three layers",
    "activation_title": "ReLU, tanh or sigmoid",
    "n_layers": "{n} layers",
    # Axis titles of a confusion matrix whose classes are not digits (Fashion-MNIST).
    "true_named_class": "True class",
    "predicted_named_class": "Predicted class",
    # Class names of the known data sets that are not digits: "fashion_tshirt": "T-shirt/top", ...
    **{key: name for known in DATASETS.values() if known.class_labels
       for key, name in zip(known.class_labels, known.class_names, strict=True)},
}


def translate(key: str, labels: Mapping[str, str] | None = None, **values: object) -> str:
    """The label ``key`` from ``labels`` (English when labels lack it), with ``values`` filled in."""
    if key not in LABELS:
        raise KeyError(f"no plot label {key!r}")
    text = labels.get(key, LABELS[key]) if labels is not None else LABELS[key]
    return text.format(**values)


def checked_labels(labels: Mapping[str, str]) -> dict[str, str]:
    """labels as a new dict, after making sure every key is known and keeps the English {fields}.

    A translation may reorder the fields ("{n} layers" -> "слоёв: {n}") but not add,
    drop or rename one: the plot fills in exactly the English ones.
    """
    checked = {}
    for key, text in labels.items():
        if key not in LABELS:
            raise ValueError(f"unknown plot label {key!r}; the labels are: {', '.join(LABELS)}")
        if not isinstance(text, str):
            raise ValueError(f"plot label {key!r} must be a string, got {text!r}")
        try:
            fields = _fields(text)
        except ValueError as err:  # e.g. a single "{" that does not start a field
            raise ValueError(f"plot label {key!r}: {text!r} is not a valid format string ({err})") from None
        if fields != _fields(LABELS[key]):
            expected = ", ".join(f"{{{name}}}" for name in sorted(_fields(LABELS[key]))) or "no fields"
            raise ValueError(f"plot label {key!r}: {text!r} must use {expected}, like the English {LABELS[key]!r}")
        checked[key] = text
    return checked


def _fields(text: str) -> set[str]:
    """The names of the {fields} in a format string ("" for a bare {})."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
