"""Losses: values, gradients by finite differences (the fused softmax + cross-entropy path and
its separate parts), stability at extreme logits, and validation of predictions and labels."""

from __future__ import annotations

import numpy as np
import pytest

from ownframework.activations import LogitsGradient, Softmax
from ownframework.errors import LabelError, NonFiniteError, ShapeError
from ownframework.gradcheck import check_loss, numerical_gradient, relative_error
from ownframework.losses import MAE, MSE, BinaryCrossEntropy, CrossEntropy

TOLERANCE = 1e-6


def softmax64(logits: np.ndarray) -> np.ndarray:
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_cross_entropy_value():
    p = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    assert CrossEntropy().forward(p, np.array([0, 1])) == pytest.approx(-(np.log(0.7) + np.log(0.1)) / 2)


def test_cross_entropy_gradient_is_p_minus_onehot_over_batch(rng):
    p = softmax64(rng.standard_normal((4, 3)))
    labels = np.array([0, 2, 1, 2])
    loss = CrossEntropy()
    loss.forward(p, labels)
    grad = loss.backward()
    assert isinstance(grad, LogitsGradient)
    np.testing.assert_allclose(grad, (p - np.eye(3)[labels]) / 4, rtol=1e-12)


def test_fused_path_matches_finite_differences_wrt_logits(rng):
    logits = rng.standard_normal((6, 5)) * 3
    labels = rng.integers(0, 5, 6)
    softmax, loss = Softmax(), CrossEntropy()

    def compute() -> float:
        return loss.forward(softmax.forward(logits), labels)

    compute()
    analytic = softmax.backward(loss.backward())
    assert relative_error(analytic, numerical_gradient(compute, logits)) < TOLERANCE


def test_separate_parts_compose_to_the_fused_gradient(rng):
    """dL/dp of cross-entropy alone (numerically) pushed through Softmax's Jacobian gives p - onehot."""
    logits = rng.standard_normal((4, 3))
    labels = np.array([2, 0, 1, 1])
    softmax, loss = Softmax(), CrossEntropy()
    p = softmax.forward(logits)
    loss.forward(p, labels)
    fused = loss.backward()
    p_free = p.copy()
    grad_p = numerical_gradient(lambda: loss.forward(p_free, labels), p_free, eps=1e-7)
    np.testing.assert_allclose(grad_p[np.arange(4), labels], -1 / (4 * p[np.arange(4), labels]), rtol=1e-5)
    softmax.forward(logits)
    through_jacobian = softmax.backward(grad_p)
    assert relative_error(through_jacobian, np.asarray(fused)) < 1e-5


@pytest.mark.parametrize("scale", [1e4, -1e4])
def test_softmax_and_cross_entropy_stay_finite_for_logits_of_1e4(scale):
    logits = np.array([[scale, 0.0, -scale], [0.0, scale, 0.0]], np.float32)
    labels = np.array([2, 0])  # both confidently wrong when scale > 0
    softmax, loss = Softmax(), CrossEntropy()
    value = loss.forward(softmax.forward(logits), labels)
    grad = softmax.backward(loss.backward())
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    expected = (softmax64(logits.astype(np.float64)) - np.eye(3)[labels]) / 2
    np.testing.assert_allclose(grad, expected, atol=1e-7)
    if scale > 0:
        assert value > 80  # a hopeless guess costs a lot, but not infinity


@pytest.mark.parametrize(("loss", "make_pred", "make_target"), [
    (BinaryCrossEntropy(), lambda r: r.uniform(0.05, 0.95, (6, 1)), lambda r: r.integers(0, 2, (6, 1))),
    (BinaryCrossEntropy(), lambda r: r.uniform(0.05, 0.95, 6), lambda r: r.uniform(0, 1, 6)),
    (MSE(), lambda r: r.standard_normal((5, 3)), lambda r: r.standard_normal((5, 3))),
    (MAE(), lambda r: r.standard_normal((5, 3)), lambda r: r.standard_normal((5, 3)) + 3),
])
def test_loss_gradients_match_finite_differences(rng, loss, make_pred, make_target):
    assert check_loss(loss, make_pred(rng), make_target(rng)) < TOLERANCE


def test_regression_loss_values():
    pred, target = np.array([[1.0], [2.0], [4.0]]), np.array([1.0, 3.0, 2.0])
    assert MSE().forward(pred, target) == pytest.approx((0 + 1 + 4) / 3)
    assert MAE().forward(pred, target) == pytest.approx((0 + 1 + 2) / 3)


def test_binary_cross_entropy_value_and_extremes():
    loss = BinaryCrossEntropy()
    assert loss.forward(np.array([[0.8], [0.4]]), np.array([1, 0])) == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2)
    assert np.isfinite(loss.forward(np.array([[0.0], [1.0]], np.float32), np.array([1, 0])))
    assert np.all(np.isfinite(loss.backward()))


def test_regression_target_is_cast_to_the_prediction_dtype():
    loss = MSE()
    loss.forward(np.ones((3, 1), np.float32), np.zeros(3))  # float64 target
    assert loss.backward().dtype == np.float32


@pytest.mark.parametrize(("labels", "message"), [
    (np.array([0.0, 1.0]), "must be integer class ids"),
    (np.array([[0, 1]]), "must be a 1-D array"),
    (np.eye(3, dtype=np.int64)[[0, 1]], "one-hot rows"),
    (np.array([0, 3]), "label 3 is out of range: 3 classes need labels 0..2"),
    (np.array([-1, 0]), "label -1 is out of range"),
    (np.array([0, 1, 2]), "got 3 labels for a batch of 2 predictions"),
])
def test_cross_entropy_rejects_bad_labels(labels, message):
    p = np.full((2, 3), 1 / 3)
    with pytest.raises(LabelError, match=message):
        CrossEntropy().forward(p, labels)


def test_cross_entropy_accepts_any_integer_dtype():
    p = np.full((2, 3), 1 / 3, np.float32)
    assert CrossEntropy().forward(p, np.array([0, 2], np.uint8)) == pytest.approx(np.log(3), rel=1e-6)


def test_cross_entropy_asks_for_softmax_when_given_logits():
    with pytest.raises(ValueError, match="does the network end with a Softmax"):
        CrossEntropy().forward(np.array([[2.0, -1.0, 0.5]]), np.array([0]))
    with pytest.raises(ValueError, match="sum to 1"):
        CrossEntropy().forward(np.array([[0.9, 0.9, 0.9]]), np.array([0]))


def test_losses_reject_nan_predictions_and_mismatched_targets():
    with pytest.raises(NonFiniteError, match="NaN or infinity"):
        MSE().forward(np.array([[np.nan]]), np.array([1.0]))
    with pytest.raises(ShapeError, match=r"target of shape \(4,\) does not match predictions of shape \(3, 1\)"):
        MSE().forward(np.ones((3, 1)), np.ones(4))
    with pytest.raises(ShapeError, match=r"target of shape \(3, 2\) does not match predictions of shape \(3, 1\)"):
        MSE().forward(np.ones((3, 1)), np.ones((3, 2)))
    with pytest.raises(NonFiniteError, match="target must be finite"):
        MAE().forward(np.ones((2, 1)), np.array([1.0, np.inf]))
    with pytest.raises(LabelError, match=r"targets must lie in \[0, 1\]"):
        BinaryCrossEntropy().forward(np.full((2, 1), 0.5), np.array([0, 2]))
