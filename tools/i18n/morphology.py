"""How words change their endings: the linguistic rules the checks need per language.

Keyed by language code. A language without an entry here gets the plain rules:
whole words, no endings removed, which is right for a language whose hunspell
dictionary has affix rules (Russian) and a safe start for a new one.

In Bengali and Telugu case endings and postpositions are written together with
the word, Latin names included (NumPyতে, నెట్‌వర్క్‌లో), so:

* an accepted word (wordlist, glossary) also accepts itself followed by up to
  SUFFIX_MAX_LEN letters, and a glossary form matches any ending;
* their hunspell dictionaries are plain word lists without affix rules, so a
  word also counts as spelled right when removing up to two common endings
  (SUFFIX_RULES: suffix -> replacement) leaves a listed word.
"""

from __future__ import annotations

import unicodedata

#: Languages whose endings are written onto the word (see the module's docstring).
ENDINGS_ATTACH = frozenset({"bn", "te"})
SUFFIX_MAX_LEN = 8  # letters an accepted stem may be followed by

# The Bengali and Telugu hunspell dictionaries list "প্রশিক্ষণ" and "పాఠం", not
# "প্রশিক্ষণের" (of training) or "పాఠంలో" (in the lesson): case, plural,
# classifier and postposition endings; Telugu verbs are listed as roots in -ు.
SUFFIX_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "bn": tuple((suffix, "") for suffix in (
        "গুলোকে", "গুলিকে", "গুলোতে", "গুলিতে", "গুলোর", "গুলির", "গুলো", "গুলি", "দেরকে", "দের",
        "টিকে", "টিতে", "টির", "টাকে", "টার", "টি", "টা", "ভাবে", "কেই", "তেই", "কে", "তে",
        "য়ে", "য়", "ের", "এর", "রা", "র", "ে", "ো", "ও", "ই",
    )),
    "te": (
        *((suffix, "") for suffix in (
            "లన్నీ", "లను", "లకు", "లలో", "లతో", "లపై", "లు", "ల", "ను", "ని", "కి", "కు", "లో",
            "తో", "పై", "గా", "నే", "దే", "\u200c",
        )),
        ("ాన్ని", "ం"), ("ానికి", "ం"), ("ాలను", "ం"), ("ాలలో", "ం"), ("ాలు", "ం"), ("ాల", "ం"),
        ("ులను", "ి"), ("ులకు", "ి"), ("ులు", "ి"), ("ుల", "ి"), ("ిని", "ి"), ("ికి", "ి"),
        # verbs: the dictionary lists roots in -ు (ఉపయోగించు, చేయు)
        *((ending, "ు") for ending in (
            "ి", "డం", "డానికి", "వచ్చు", "వచ్చును", "బడుతుంది", "బడింది", "బడిన", "బడతాయి",
            "ాలి", "ండి", "కూడదు", "లేదు", "గల", "ే", "ని",
        )),
        *((ending, "ించు") for ending in (
            "ిస్తారు", "ిస్తాము", "ిస్తాం", "ిస్తుంది", "ిస్తాయి", "ిస్తే", "ిస్తూ", "ించిన",
            "ించే", "ించాము", "ించాం", "ించారు", "ించింది", "ించాయి",
        )),
    ),
}

# Bengali য়, ড়, ঢ় exist as one code point and as letter + nukta; dictionaries
# list one of the two.
PRECOMPOSED: dict[str, dict[str, str]] = {
    "bn": {"\u09af\u09bc": "\u09df", "\u09a1\u09bc": "\u09dc", "\u09a2\u09bc": "\u09dd"},
}


def endings_attach(code: str) -> bool:
    return code in ENDINGS_ATTACH


def stems(word: str, code: str, depth: int = 2) -> set[str]:
    """The word and what remains after removing up to ``depth`` endings."""
    rules = SUFFIX_RULES.get(code, ())
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {
            w[: -len(suffix)] + replacement
            for w in frontier
            for suffix, replacement in rules
            if w.endswith(suffix) and len(w) - len(suffix) >= 2
        } - found
        found |= frontier
    return found


def spelling_variants(word: str, code: str) -> list[str]:
    """The ways a word may be spelled in the dictionary (it is known if any is)."""
    word = unicodedata.normalize("NFC", word).replace("\u00ad", "")
    variants = [word]
    if code in PRECOMPOSED:
        precomposed = word
        for decomposed, single in PRECOMPOSED[code].items():
            precomposed = precomposed.replace(decomposed, single)
        variants.append(precomposed)
    variants += [v.replace("\u200c", "").replace("\u200d", "") for v in variants]
    if word[:1].isupper():  # the first word of a sentence
        variants.append(word.lower())
    return list(dict.fromkeys(variants))
