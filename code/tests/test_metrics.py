"""accuracy, confusion_matrix and classification_report."""

from __future__ import annotations

import json

import numpy as np
import pytest

from ownframework.errors import EmptyDataError, LabelError, NonFiniteError
from ownframework.metrics import accuracy, classification_report, confusion_matrix

Y_TRUE = np.array([0, 0, 0, 1, 1, 2, 2, 2, 2, 2])
Y_PRED = np.array([0, 1, 0, 1, 1, 2, 2, 0, 2, 1])


def test_accuracy_on_labels_and_on_scores():
    assert accuracy(Y_TRUE, Y_PRED) == pytest.approx(0.7)
    scores = np.eye(3)[Y_PRED] * 0.8 + 0.05
    assert accuracy(Y_TRUE, scores) == pytest.approx(0.7)
    assert accuracy(scores, Y_TRUE) == pytest.approx(0.7)  # the order of the arguments does not matter
    assert accuracy(np.array([1, 0]), np.array([[0.9], [0.2]])) == 1.0  # one sigmoid output per row


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    counts = confusion_matrix(Y_TRUE, Y_PRED)
    np.testing.assert_array_equal(counts, [[2, 1, 0], [0, 2, 0], [1, 1, 3]])
    assert counts.dtype == np.int64 and counts.sum() == len(Y_TRUE)
    assert confusion_matrix(Y_TRUE, Y_PRED, n_classes=5).shape == (5, 5)


def test_classification_report_values():
    report = classification_report(Y_TRUE, Y_PRED)
    np.testing.assert_allclose(report.precision, [2 / 3, 2 / 4, 3 / 3])
    np.testing.assert_allclose(report.recall, [2 / 3, 2 / 2, 3 / 5])
    f1 = 2 * report.precision * report.recall / (report.precision + report.recall)
    np.testing.assert_allclose(report.f1, f1)
    np.testing.assert_array_equal(report.support, [3, 2, 5])
    assert report.macro_f1 == pytest.approx(f1.mean())
    assert report.accuracy == pytest.approx(0.7)


def test_classification_report_text_and_dict():
    report = classification_report(Y_TRUE, Y_PRED, class_names=["cat", "dog", "fox"])
    text = str(report)
    assert "precision" in text and "recall" in text and "f1-score" in text
    lines = {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()}
    assert lines["dog"] == ["0.5000", "1.0000", "0.6667", "2"]
    assert lines["macro"][1:] == [f"{report.macro_precision:.4f}", f"{report.macro_recall:.4f}",
                                  f"{report.macro_f1:.4f}", "10"]
    data = report.as_dict()
    json.dumps(data)
    assert data["classes"]["fox"] == {"precision": 1.0, "recall": 0.6, "f1": pytest.approx(0.75), "support": 5}
    assert data["accuracy"] == pytest.approx(0.7)


def test_classes_never_predicted_or_absent_get_zero_not_nan():
    report = classification_report(np.array([0, 0, 1]), np.array([0, 0, 0]), n_classes=3)
    np.testing.assert_allclose(report.precision, [2 / 3, 0, 0])
    np.testing.assert_allclose(report.recall, [1, 0, 0])
    assert np.all(np.isfinite(report.f1))


@pytest.mark.parametrize(("call", "error", "message"), [
    (lambda: accuracy([0, 1], [0]), LabelError, "y_true has 2 entries but y_pred has 1"),
    (lambda: accuracy([], []), EmptyDataError, "no examples"),
    (lambda: accuracy([0.0, 1.0], [0, 1]), LabelError, "must be integer class ids"),
    (lambda: accuracy(np.zeros((2, 2, 2)), [0, 1]), LabelError, "class ids"),
    (lambda: accuracy([0, 1], np.array([[0.2, 0.8], [np.nan, 0.1]])), NonFiniteError, "y_pred contains NaN"),
    (lambda: confusion_matrix([0, -1], [0, 1]), LabelError, "negative class id -1"),
    (lambda: confusion_matrix([0, 4], [0, 1], n_classes=3), LabelError, "class id 4 found, but n_classes is 3"),
    (lambda: classification_report([0, 1], [0, 1], class_names=["a"]), LabelError, "class id 1 found"),
])
def test_bad_inputs_get_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()
