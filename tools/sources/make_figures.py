"""Generate the lesson's figures as plain SVG: docs/assets/figures/*.svg.

This file is the figures' source: the SVGs are generated and committed, and
each starts with a comment naming this generator. Edit the drawing code here,
never the SVGs; tests/test_sources.py fails when a committed figure differs
from what this module draws (the output is plain text, the same bytes on
every run). From the repository root:

    python -m tools.sources.make_figures            # writes the three figures
    python -m tools.sources.make_figures --check    # exits 1 if a committed figure is out of date

Every label is a real <text> element, so translators can copy a figure to
translations/<lang>/assets/figures/ and change only the words. Formulas use
a tiny markup: `_x` or `_{xy}` is a subscript, `^x` or `^{xy}` a superscript.
The figures sit on a light card, so they read the same in light and dark themes.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
import sys
from html import escape
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT_DIR = ROOT / "docs" / "assets" / "figures"
GENERATOR = "python -m tools.sources.make_figures"
#: The first line after the XML prolog of every generated figure.
ORIGIN = f"<!-- Generated from tools/sources/make_figures.py by `{GENERATOR}`: edit that file, not this one. -->"
FONT = "Noto Sans, Noto Sans Bengali, Noto Sans Telugu, sans-serif"

INK = "#1f2937"  # text
MUTED = "#4b5563"  # captions
FORWARD = "#1e40af"  # forward pass
BACKWARD = "#c2410c"  # backward pass, gradients
CARD = "#ffffff"
CARD_EDGE = "#cbd5e1"


# ---------------------------------------------------------------- SVG helpers


def svg_document(
    width: int, height: int, title: str, desc: str, body: list[str]
) -> str:
    """A standalone, accessible SVG with a white card as background."""
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        ORIGIN,
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-labelledby="title desc" '
            f'font-family="{FONT}" font-size="18" fill="{INK}">'
        ),
        f'  <title id="title">{escape(title)}</title>',
        f'  <desc id="desc">{escape(desc)}</desc>',
        "  <defs>",
        arrow_marker("arrow-forward", FORWARD),
        arrow_marker("arrow-backward", BACKWARD),
        arrow_marker("arrow-muted", MUTED),
        "  </defs>",
        (
            f'  <rect x="1" y="1" width="{width - 2}" height="{height - 2}" rx="12" '
            f'fill="{CARD}" stroke="{CARD_EDGE}" stroke-width="2"/>'
        ),
    ]
    return "\n".join(head + ["  " + line for line in body] + ["</svg>", ""])


def arrow_marker(marker_id: str, color: str) -> str:
    return (
        f'    <marker id="{marker_id}" viewBox="0 0 10 10" refX="9" refY="5" '
        f'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        f'<path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>'
    )


_SCRIPT = re.compile(r"([_^])(\{[^}]*\}|.)")


def rich(markup: str, size: float) -> str:
    """Turn `W_1 x^T` into tspans; shifts are relative (dy) so they work everywhere."""
    parts: list[str] = []
    shift = 0.0
    position = 0
    for match in _SCRIPT.finditer(markup):
        plain = markup[position : match.start()]
        if plain:
            parts.append(_tspan(plain, -shift))
            shift = 0.0
        kind, script = match.groups()
        script = script[1:-1] if script.startswith("{") else script
        target = 0.3 * size if kind == "_" else -0.42 * size
        parts.append(_tspan(script, target - shift, small=True))
        shift = target
        position = match.end()
    rest = markup[position:]
    if rest:
        parts.append(_tspan(rest, -shift))
    return "".join(parts)


def _tspan(text: str, dy: float, small: bool = False) -> str:
    attributes = f' dy="{dy:.1f}"' if abs(dy) > 1e-9 else ""
    if small:
        attributes += ' font-size="72%"'
    return f"<tspan{attributes}>{escape(text)}</tspan>"


def text(
    x: float,
    y: float,
    markup: str,
    *,
    size: float = 18,
    anchor: str = "middle",
    color: str | None = None,
    weight: str | None = None,
    italic: bool = False,
    extra: str = "",
) -> str:
    attributes = f'x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"'
    if size != 18:
        attributes += f' font-size="{size:g}"'
    if color:
        attributes += f' fill="{color}"'
    if weight:
        attributes += f' font-weight="{weight}"'
    if italic:
        attributes += ' font-style="italic"'
    if extra:
        attributes += " " + extra
    return f"<text {attributes}>{rich(markup, size)}</text>"


def line(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    color: str,
    width: float = 2,
    extra: str = "",
) -> str:
    tail = f" {extra}" if extra else ""
    return (
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
        f'stroke="{color}" stroke-width="{width:g}"{tail}/>'
    )


def arrow(
    x1: float,
    y1: float,
    x2: float,
    y2: float,
    kind: str = "forward",
    width: float = 2.2,
) -> str:
    color = {"forward": FORWARD, "backward": BACKWARD, "muted": MUTED}[kind]
    dash = ' stroke-dasharray="7 4"' if kind == "backward" else ""
    return line(x1, y1, x2, y2, color, width, f'marker-end="url(#arrow-{kind})"{dash}')


# ------------------------------------------------------ 1. computational graph


class Box:
    def __init__(self, x: float, y: float, w: float = 64, h: float = 44) -> None:
        self.x, self.y, self.w, self.h = x, y, w, h

    def exit(self, dx: float, dy: float, pad: float = 4) -> float:
        """Distance from the centre to the border along the unit direction (dx, dy)."""
        tx = (self.w / 2 + pad) / abs(dx) if dx else math.inf
        ty = (self.h / 2 + pad) / abs(dy) if dy else math.inf
        return min(tx, ty)


def connect(a: Box, b: Box, kind: str, offset: float = 0.0) -> str:
    """Arrow from box a to box b, shifted sideways by `offset` (for paired arrows)."""
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy)
    ux, uy = dx / length, dy / length
    px, py = -uy * offset, ux * offset
    start = a.exit(ux, uy)
    end = b.exit(ux, uy) + 2
    return arrow(
        a.x + px + ux * start,
        a.y + py + uy * start,
        b.x + px - ux * end,
        b.y + py - uy * end,
        kind,
    )


def node(box: Box, label: str, fill: str, edge: str) -> list[str]:
    return [
        (
            f'<rect x="{box.x - box.w / 2:.1f}" y="{box.y - box.h / 2:.1f}" width="{box.w:g}" '
            f'height="{box.h:g}" rx="10" fill="{fill}" stroke="{edge}" stroke-width="2"/>'
        ),
        text(box.x, box.y + 7, label, size=21, weight="bold"),
    ]


def computational_graph() -> str:
    width, height = 1000, 500
    chain_y, param_y = 225, 125
    x, z1, a1, z2, p, loss = (Box(cx, chain_y) for cx in (70, 235, 400, 580, 750, 915))
    w1, b1, w2, b2 = (
        Box(170, param_y),
        Box(300, param_y),
        Box(515, param_y),
        Box(645, param_y),
    )
    y = Box(790, param_y)

    value_fill, value_edge = "#f1f5f9", "#334155"
    param_fill, param_edge = "#e0e7ff", "#3730a3"
    body: list[str] = []

    # Forward pass: parameters flow down into the nodes they feed, values flow right.
    for source, target in ((w1, z1), (b1, z1), (w2, z2), (b2, z2), (y, loss)):
        body.append(connect(source, target, "forward", offset=-7))
    for source, target in ((x, z1), (z1, a1), (a1, z2), (z2, p), (p, loss)):
        body.append(connect(source, target, "forward", offset=-8))

    # Backward pass: gradients flow back along the same edges (none to x or y).
    for source, target in ((loss, p), (p, z2), (z2, a1), (a1, z1)):
        body.append(connect(source, target, "backward", offset=-8))
    for source, target in ((z1, w1), (z1, b1), (z2, w2), (z2, b2)):
        body.append(connect(source, target, "backward", offset=-7))

    for box, label in (
        (x, "x"),
        (z1, "z_1"),
        (a1, "a_1"),
        (z2, "z_2"),
        (p, "p"),
        (loss, "L"),
    ):
        body += node(box, label, value_fill, value_edge)
    for box, label in ((w1, "W_1"), (b1, "b_1"), (w2, "W_2"), (b2, "b_2")):
        body += node(box, label, param_fill, param_edge)
    body += node(y, "y", value_fill, value_edge)

    # Words (translatable): what the special nodes are.
    body.append(text(x.x, chain_y - 36, "input", size=17, color=MUTED))
    body.append(text(y.x, param_y - 34, "label", size=17, color=MUTED))
    body.append(text(loss.x, chain_y - 36, "loss", size=17, color=MUTED))

    # Forward values under each node.
    forward_y = chain_y + 52
    for box, formula in (
        (z1, "z_1 = W_1 x + b_1"),
        (a1, "a_1 = α(z_1)"),
        (z2, "z_2 = W_2 a_1 + b_2"),
        (p, "p = softmax(z_2)"),
        (loss, "L = −Σ y log p"),
    ):
        body.append(text(box.x, forward_y, formula, color=FORWARD))

    # Backward gradients: under the chain, and above the parameters.
    grad_y = forward_y + 50
    for box, lines in (
        (z1, ["δ_1 = ∂L/∂z_1", "= (W_2^T δ_2) ⊙ α′(z_1)"]),
        (a1, ["∂L/∂a_1", "= W_2^T δ_2"]),
        (z2, ["δ_2 = ∂L/∂z_2", "= p − y"]),
    ):
        for row, formula in enumerate(lines):
            body.append(text(box.x, grad_y + 28 * row, formula, color=BACKWARD))
    for box, formula in (
        (w1, "∂L/∂W_1 = δ_1 x^T"),
        (b1, "∂L/∂b_1 = δ_1"),
        (w2, "∂L/∂W_2 = δ_2 a_1^T"),
        (b2, "∂L/∂b_2 = δ_2"),
    ):
        body.append(text(box.x, param_y - 40, formula, color=BACKWARD))

    # Legend.
    legend_y = height - 48
    body.append(arrow(40, legend_y, 100, legend_y, "forward"))
    body.append(text(112, legend_y + 6, "forward pass: values", anchor="start"))
    body.append(arrow(440, legend_y, 380, legend_y, "backward"))
    body.append(text(452, legend_y + 6, "backward pass: gradients", anchor="start"))
    body.append(
        f'<rect x="742" y="{legend_y - 14}" width="40" height="28" rx="7" '
        f'fill="{param_fill}" stroke="{param_edge}" stroke-width="2"/>'
    )
    body.append(text(794, legend_y + 6, "parameters", anchor="start"))

    return svg_document(
        width,
        height,
        "Computational graph of a two-layer network, with its forward values and backward gradients",
        "The input x and the parameters W1 and b1 give z1; the activation α gives a1; with W2 and b2 "
        "this gives z2; softmax gives the probabilities p; with the label y the loss L follows. "
        "Backward arrows carry the gradients: δ2 = p − y, the gradient of W2 is δ2 times a1 transposed, "
        "of b2 it is δ2; the gradient reaching a1 is W2 transposed times δ2; multiplying that "
        "element-wise by α′(z1) gives δ1; the gradient of W1 is δ1 times x transposed, of b1 it is δ1.",
        body,
    )


# ---------------------------------------------------------- 2. MLP architecture


def column(center_y: float, count: int, spacing: float) -> list[float | None]:
    """y positions of `count` neurons with an ellipsis (None) before the last one."""
    slots = count + 1
    top = center_y - (slots - 1) * spacing / 2
    ys: list[float | None] = [top + i * spacing for i in range(slots)]
    ys[-2] = None
    return ys


def mlp_architecture() -> str:
    width, height = 1000, 600
    center = 305
    radius = 21
    x_in, x_hid, x_out, x_soft, x_prob = 150, 410, 640, 775, 905
    inputs = column(center, 4, 62)
    hidden = column(center, 5, 56)
    outputs = column(center, 3, 72)
    body: list[str] = []

    def real(ys: list[float | None]) -> list[float]:
        return [v for v in ys if v is not None]

    # Weights: every neuron talks to every neuron of the next layer.
    for left_x, left, right_x, right in (
        (x_in, inputs, x_hid, hidden),
        (x_hid, hidden, x_out, outputs),
    ):
        for ya in real(left):
            for yb in real(right):
                body.append(
                    line(left_x + radius, ya, right_x - radius, yb, "#94a3b8", 1.2)
                )
    soft_top, soft_bottom = center - 150, center + 150
    for yb in real(outputs):
        body.append(arrow(x_out + radius + 2, yb, x_soft - 45 - 4, yb, "muted", 1.6))
        body.append(arrow(x_soft + 45 + 2, yb, x_prob - 30, yb, "muted", 1.6))

    def neurons(
        cx: float,
        ys: list[float | None],
        fill: str,
        edge: str,
        labels: list[str] | None,
    ) -> None:
        real_index = 0
        for cy in ys:
            if cy is None:
                body.append(text(cx, center_of_gap(ys) + 8, "⋮", size=26, color=MUTED))
                continue
            body.append(
                f'<circle cx="{cx}" cy="{cy:.1f}" r="{radius}" fill="{fill}" stroke="{edge}" stroke-width="2"/>'
            )
            if labels:
                body.append(text(cx, cy + 6, labels[real_index], size=17))
            real_index += 1

    def center_of_gap(ys: list[float | None]) -> float:
        i = ys.index(None)
        above, below = ys[i - 1], ys[i + 1]
        assert above is not None and below is not None
        return (above + below) / 2

    neurons(x_in, inputs, "#dbeafe", "#1d4ed8", ["x_1", "x_2", "x_3", "x_d"])
    neurons(x_hid, hidden, "#dcfce7", "#15803d", ["α"] * 5)
    neurons(x_out, outputs, "#fef3c7", "#b45309", None)

    body.append(
        f'<rect x="{x_soft - 45}" y="{soft_top}" width="90" height="{soft_bottom - soft_top}" rx="12" '
        f'fill="#fde68a" stroke="#b45309" stroke-width="2"/>'
    )
    body.append(
        text(
            x_soft,
            center + 6,
            "softmax",
            size=18,
            weight="bold",
            extra=f'transform="rotate(-90 {x_soft} {center})"',
        )
    )
    for label, yb in zip(["p_1", "p_2", "p_K"], real(outputs), strict=False):
        body.append(text(x_prob, yb + 7, label, size=20, anchor="start"))
    body.append(
        text(x_prob + 12, center_of_gap(outputs) + 8, "⋮", size=26, color=MUTED)
    )

    # Layer titles (translatable) and sizes.
    title_y, size_y = 50, 78
    body.append(text(x_in, title_y, "Input layer", size=20, weight="bold"))
    body.append(text(x_in, size_y, "d values", size=18, color=MUTED))
    body.append(text(x_hid, title_y, "Hidden layer", size=20, weight="bold"))
    body.append(text(x_hid, size_y, "h neurons", size=18, color=MUTED))
    body.append(
        text((x_out + x_soft) / 2, title_y, "Output layer", size=20, weight="bold")
    )
    body.append(text((x_out + x_soft) / 2, size_y, "K neurons", size=18, color=MUTED))
    body.append(text(x_prob + 18, size_y, "probabilities", size=18, color=MUTED))

    # Weight labels on a white pill in the middle of each bundle of connections.
    for cx, label in (
        ((x_in + x_hid) / 2, "W_1, b_1"),
        ((x_hid + x_out) / 2, "W_2, b_2"),
    ):
        body.append(
            f'<rect x="{cx - 44:.1f}" y="{soft_top - 44}" width="88" height="30" rx="15" '
            f'fill="{CARD}" stroke="#94a3b8" stroke-width="1.5"/>'
        )
        body.append(text(cx, soft_top - 23, label, size=18, color=FORWARD))

    # What each layer computes.
    formula_y = soft_bottom + 50
    body.append(text(x_in, formula_y, "x", color=FORWARD))
    body.append(text(x_hid, formula_y, "a_1 = α(W_1 x + b_1)", color=FORWARD))
    body.append(text(x_out - 10, formula_y, "z_2 = W_2 a_1 + b_2", color=FORWARD))
    body.append(text(x_prob - 5, formula_y, "p = softmax(z_2)", color=FORWARD))
    body.append(
        text(
            width / 2,
            height - 24,
            "For MNIST: d = 784 pixels and K = 10 digits.",
            size=18,
            color=MUTED,
        )
    )

    return svg_document(
        width,
        height,
        "A multi-layer perceptron with one hidden layer and a softmax output",
        "Input layer with features x1 to xd, a hidden layer whose neurons apply the activation α, "
        "and an output layer of K neurons whose scores go through softmax to give probabilities "
        "p1 to pK. Every neuron is connected to every neuron of the next layer; the connections "
        "carry the weights W1, b1 and W2, b2. For MNIST, d = 784 pixels and K = 10 digits.",
        body,
    )


# ----------------------------------------------------------- 3. gradient descent


def gradient_descent() -> str:
    """L(θ) = θ², so one step multiplies θ by (1 − 2η)."""
    width, height = 1000, 460
    panels = (
        ("η too small", "slow progress", 0.04, -2.8, 8),
        ("η about right", "quick, steady descent", 0.35, -2.8, 4),
        ("η too large", "overshoots; the loss grows", 1.1, -1.6, 4),
    )
    panel_w, gap = 310, 15
    body: list[str] = []
    for index, (title, subtitle, eta, theta0, steps) in enumerate(panels):
        left = 20 + index * (panel_w + gap)
        body += descent_panel(left, panel_w, title, subtitle, eta, theta0, steps)
    body.append(
        text(width / 2, height - 18, "one step:  θ ← θ − η dL/dθ", size=18, color=INK)
    )
    return svg_document(
        width,
        height,
        "Gradient descent with a learning rate that is too small, about right, and too large",
        "Three copies of the bowl-shaped loss L(θ) = θ². With a small learning rate η, the numbered "
        "steps creep slowly down one side. With a well-chosen η they reach the bottom in a few "
        "steps. With a too-large η each step jumps across the bowl and lands higher than before, "
        "so the loss grows.",
        body,
    )


def descent_panel(
    left: float,
    panel_w: float,
    title: str,
    subtitle: str,
    eta: float,
    theta0: float,
    steps: int,
) -> list[str]:
    top, bottom = 96, 370
    plot_left, plot_right = left + 42, left + panel_w - 12
    lo, hi, loss_max = -3.0, 3.0, 9.6

    def sx(theta: float) -> float:
        return plot_left + (theta - lo) / (hi - lo) * (plot_right - plot_left)

    def sy(loss: float) -> float:
        return bottom - loss / loss_max * (bottom - top)

    body = [
        f'<rect x="{left}" y="18" width="{panel_w}" height="392" rx="10" fill="#f8fafc" stroke="{CARD_EDGE}"/>',
        text(left + panel_w / 2, 46, title, size=20, weight="bold"),
        text(left + panel_w / 2, 72, subtitle, size=17, color=MUTED),
        arrow(plot_left, bottom, plot_right + 4, bottom, "muted", 1.5),
        arrow(plot_left, bottom, plot_left, top - 6, "muted", 1.5),
        text(
            (plot_left + plot_right) / 2,
            bottom + 28,
            "parameter θ",
            size=17,
            color=MUTED,
        ),
        text(
            left + 24,
            (top + bottom) / 2,
            "loss L(θ)",
            size=17,
            color=MUTED,
            extra=f'transform="rotate(-90 {left + 24} {(top + bottom) / 2:.1f})"',
        ),
    ]
    thetas = np.linspace(lo, hi, 121)
    points = " ".join(f"{sx(t):.1f},{sy(t * t):.1f}" for t in thetas)
    body.append(
        f'<polyline points="{points}" fill="none" stroke="{FORWARD}" stroke-width="2.5"/>'
    )

    path = [theta0]
    for _ in range(steps - 1):
        path.append(path[-1] * (1 - 2 * eta))
    for a, b in itertools.pairwise(path):
        x1, y1, x2, y2 = sx(a), sy(a * a), sx(b), sy(b * b)
        length = math.hypot(x2 - x1, y2 - y1)
        if length < 45:  # tiny steps: the dots alone show the path
            continue
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        body.append(
            arrow(x1 + ux * 7, y1 + uy * 7, x2 - ux * 9, y2 - uy * 9, "backward", 2)
        )
    last_label = (-math.inf, -math.inf)
    for number, theta in enumerate(path):
        cx, cy = sx(theta), sy(theta * theta)
        body.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="6" fill="{BACKWARD}" stroke="{CARD}" stroke-width="1.5"/>'
        )
        # Number the first step and every step far enough from the last numbered one.
        if number == 0 or math.hypot(cx - last_label[0], cy - last_label[1]) > 40:
            # Below the curve, outside the bowl, where no arrow passes.
            dx = -14 if theta < 0 else 14
            body.append(
                text(
                    cx + dx,
                    cy + 20,
                    str(number),
                    size=16,
                    color=BACKWARD,
                    weight="bold",
                )
            )
            last_label = (cx, cy)
    return body


# --------------------------------------------------------------------- main

FIGURES = {
    "computational-graph.svg": computational_graph,
    "mlp-architecture.svg": mlp_architecture,
    "gradient-descent.svg": gradient_descent,
}


def generated() -> dict[Path, str]:
    """What every docs/assets/figures/*.svg must hold: its path -> the SVG drawn here."""
    return {OUT_DIR / name: build() for name, build in FIGURES.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=GENERATOR, description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="fail if a committed figure differs"
    )
    args = parser.parse_args(argv)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    stale = []
    for target, svg in generated().items():
        name = target.name
        if args.check:
            if not target.exists() or target.read_text(encoding="utf-8") != svg:
                stale.append(name)
        else:
            target.write_text(svg, encoding="utf-8")
            print(f"wrote {target}")
    if stale:
        print(
            f"out of date (run {GENERATOR}):",
            ", ".join(stale),
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
