"""TeX of the search index's text -> readable Unicode for search result snippets.

Material's search plugin collects each section's HTML before KaTeX typesets
the page, so the index holds the TeX source: ``\\(N\\)``, ``\\[ \\frac{\\partial
\\mathcal{L}}{\\partial W_2} ... \\]``. A search result snippet would show it as
written. ``readable_math`` turns the TeX the lessons use into the text a
reader would say: ``∂ℒ/∂W₂``, ``x⁽ⁱ⁾ ∈ ℝᵈ``, ``ℒ = 1/N ∑ᵢ₌₁ᴺ ℓ(f(x⁽ⁱ⁾), y⁽ⁱ⁾)``;
``readable_html`` does so for every formula of an index entry's text, outside
``<code>`` and ``<pre>``. Words inside the math (``\\operatorname{softmax}``,
``\\text{abs}``) stay searchable.

Unknown commands lose their backslash (``\\foo`` -> ``foo``); nothing of the
TeX syntax (backslashes, braces, ``^``, ``_``) is left.
"""

from __future__ import annotations

import html
import re
import unicodedata

# Markers: no space after an opening delimiter / before a closing one (removed at the end).
_OPEN, _CLOSE = "\ue000", "\ue001"
GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
SYMBOLS = {
    **GREEK,
    "partial": "∂" + _OPEN, "nabla": "∇", "ell": "ℓ", "infty": "∞", "top": "ᵀ", "intercal": "ᵀ",
    "times": "×", "cdot": "·", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "pm": "±", "mp": "∓", "div": "÷",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
    "equiv": "≡", "propto": "∝", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒", "Leftarrow": "⇐",
    "Longrightarrow": "⟹", "implies": "⟹", "iff": "⟺", "mapsto": "↦", "forall": "∀", "exists": "∃",
    "sum": "∑", "prod": "∏", "int": "∫", "sqrt": "√",
    "ldots": "…", "cdots": "⋯", "dots": "…", "vdots": "⋮",
    "langle": "⟨" + _OPEN, "rangle": _CLOSE + "⟩", "lvert": "|" + _OPEN, "rvert": _CLOSE + "|", "vert": "|",
    "lVert": "‖" + _OPEN, "rVert": _CLOSE + "‖", "Vert": "‖", "mid": "|",
    "lceil": "⌈" + _OPEN, "rceil": _CLOSE + "⌉", "lfloor": "⌊" + _OPEN, "rfloor": _CLOSE + "⌋",
    "{": "{", "}": "}", "%": "%", "$": "$", "&": "&", "#": "#", "_": "_", "|": "‖",
}
FUNCTIONS = {"log", "ln", "exp", "max", "min", "arg", "argmax", "argmin", "sin", "cos", "tan", "tanh", "sigmoid",
             "lim", "sup", "inf", "det", "dim", "sgn", "softmax", "mean", "var"}
# \qquad usually separates two formulas: an em space, which HTML does not collapse.
SPACES = {",": " ", ";": " ", ":": " ", "!": "", " ": " ", "quad": " ", "qquad": " \u2003 ", "\\": "; ",
          "enspace": " "}
# Commands that only size or style what follows: dropped, their argument kept.
DROPPED = {"left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
           "displaystyle", "textstyle", "limits", "nolimits", "nonumber", "notag"}
STYLES = {"text", "textrm", "textbf", "textit", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "boldsymbol", "bm",
          "operatorname", "mbox", "emph"}
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "bar": "\u0304", "overline": "\u0305", "tilde": "\u0303",
           "widetilde": "\u0303", "vec": "\u20d7", "dot": "\u0307", "ddot": "\u0308"}
SCRIPT_LETTERS = {"L": "ℒ", "B": "ℬ", "E": "ℰ", "F": "ℱ", "H": "ℋ", "I": "ℐ", "M": "ℳ", "R": "ℛ"}
DOUBLE_STRUCK = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ"}

SUPERSCRIPT = dict(zip(
    "0123456789+-−=()niTNabcdefghjklmoprstuvwxyzABDEGHIJKLMOPRUVW,*'′",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱᵀᴺᵃᵇᶜᵈᵉᶠᵍʰʲᵏˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴼᴾᴿᵁⱽᵂ,*′′",
    strict=True,
))
SUBSCRIPT = dict(zip("0123456789+-−=()aehijklmnoprstuvx,", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ,", strict=True))

TOKEN = re.compile(r"\\([A-Za-z]+)|\\(.)|([{}^_&~])|(\s+)|([^\\{}^_&~\s])", re.DOTALL)
MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.DOTALL)
CODE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.DOTALL | re.IGNORECASE)


class _Parser:
    def __init__(self, tex: str) -> None:
        self.tokens = [m for m in TOKEN.finditer(tex)]
        self.i = 0

    def peek(self) -> re.Match[str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def group(self) -> str:
        """The next argument: a {group}, one command or one character."""
        while (token := self.peek()) is not None and token.group(4):
            self.i += 1
        token = self.peek()
        if token is None:
            return ""
        if token.group(3) == "{":
            self.i += 1
            return self.sequence(until="}")
        return self.sequence(count=1)

    def sequence(self, until: str | None = None, count: int | None = None) -> str:
        out: list[str] = []
        done = 0
        while (token := self.peek()) is not None and (count is None or done < count):
            self.i += 1
            done += 1
            command, escaped, special, space, text = token.groups()
            if special == "}" and until == "}":
                break
            if command:
                out.append(self.command(command))
            elif escaped:
                out.append(SPACES.get(escaped, SYMBOLS.get(escaped, escaped)))
            elif special in ("^", "_"):
                out.append(_script(self.group(), SUPERSCRIPT if special == "^" else SUBSCRIPT, special))
            elif special == "{":
                out.append(self.sequence(until="}"))
            elif special in ("&", "~"):
                out.append(" ")
            elif special == "}":
                pass
            elif space:
                out.append(" ")
            else:
                out.append(text)
        return "".join(out)

    def command(self, name: str) -> str:
        if name == "frac" or name in ("dfrac", "tfrac"):
            top, bottom = self.group(), self.group()
            return f"{_wrap(top)}/{_wrap(bottom)} "
        if name == "sqrt":
            return "√" + _wrap(self.group())
        if name in ("begin", "end"):
            self.group()
            return " "
        if name == "operatorname":
            return self.group() + self._space_before_argument()
        if name in STYLES:
            return self.group()
        if name == "mathcal" or name == "mathscr":
            arg = self.group()
            return "".join(SCRIPT_LETTERS.get(c, c) for c in arg)
        if name == "mathbb":
            arg = self.group()
            return "".join(DOUBLE_STRUCK.get(c, c) for c in arg)
        if name in ACCENTS:
            arg = self.group()
            return arg + ACCENTS[name] if len(arg) == 1 else arg
        if name in DROPPED:
            return ""
        if name in SPACES:
            return SPACES[name]
        if name in SYMBOLS:
            return SYMBOLS[name]
        if name in FUNCTIONS:
            return name + self._space_before_argument()
        return name

    def _space_before_argument(self) -> str:
        """log p, arg max: a space when a letter or a command follows directly."""
        token = self.peek()
        return " " if token is not None and (token.group(1) or (token.group(5) or "").isalnum()) else ""


def _wrap(text: str) -> str:
    text = _unmark(text.strip())
    return text if re.fullmatch(r"[\w∂ℓ.′']+|\(.*\)", text) else f"({text})"


def _unmark(text: str) -> str:
    return re.sub(rf"\s*{_CLOSE}|{_OPEN}\s*", "", text)


def _script(text: str, table: dict[str, str], mark: str) -> str:
    text = text.strip()
    if text and all(c in table for c in text):
        return "".join(table[c] for c in text)
    if text == "ᵀ":
        return text
    return mark + (text if re.fullmatch(r"\w+", text) else f"({text})")


def readable_math(tex: str) -> str:
    """One formula's TeX -> readable text (see the module's docstring)."""
    text = unicodedata.normalize("NFC", _Parser(tex).sequence())  # y + U+0302 -> ŷ
    text = re.sub(r"[ \t\r\n]+", " ", text)
    text = re.sub(r" ?\u2003[ \u2003]*", "\u2003", text).strip()
    text = _unmark(text)
    text = re.sub(r" +([,.;)\]])", r"\1", text)
    text = re.sub(r"([(\[]) +", r"\1", text)
    return re.sub(r"[,;] *;", ";", text)


def readable_html(text: str) -> str:
    """Every \\(...\\) and \\[...\\] of an index entry's HTML text, outside code, as readable text."""
    parts = CODE.split(text)
    for k in range(0, len(parts), 2):
        parts[k] = MATH.sub(_replace, parts[k])
    return "".join(parts)


def _replace(match: re.Match[str]) -> str:
    inline, display = match.group(1), match.group(2)
    readable = html.escape(readable_math(html.unescape(inline if inline is not None else display)), quote=False)
    return readable if inline is not None else f" {readable} "
