"""Learning-rate schedules StepLR and CosineLR."""

from __future__ import annotations

from itertools import pairwise

import pytest

from ownframework.schedules import CosineLR, StepLR


def test_step_lr_divides_every_step_size_epochs():
    schedule = StepLR(0.1, step_size=5, gamma=0.5)
    assert [schedule(e) for e in (0, 4, 5, 9, 10)] == pytest.approx([0.1, 0.1, 0.05, 0.05, 0.025])


def test_cosine_lr_starts_high_and_glides_to_min_lr():
    schedule = CosineLR(0.05, epochs=10, min_lr=0.001)
    values = [schedule(e) for e in range(11)]
    assert values[0] == pytest.approx(0.05)
    assert values[5] == pytest.approx((0.05 + 0.001) / 2)
    assert values[10] == pytest.approx(0.001)
    assert all(a > b for a, b in pairwise(values))
    assert schedule(25) == pytest.approx(0.001)  # stays at the floor after the last epoch


@pytest.mark.parametrize("make", [
    lambda: StepLR(0, 5),
    lambda: StepLR(0.1, 0),
    lambda: StepLR(0.1, 5, gamma=0),
    lambda: CosineLR(0.1, 0),
    lambda: CosineLR(0.1, 10, min_lr=0.2),
])
def test_bad_settings_are_rejected(make):
    with pytest.raises(ValueError, match="needs"):
        make()
