"""The label table: complete, in the right script, with the same placeholders in every language."""

import re
import string

import pytest

from ownframework.plot_labels import LABELS, LANGUAGES, translate

SCRIPTS = {
    "ru": re.compile("[\u0400-\u04ff]"),
    "bn": re.compile("[\u0980-\u09ff]"),
    "te": re.compile("[\u0c00-\u0c7f]"),
}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def has_words(text: str) -> bool:
    """True when the label contains words to translate, not only symbols and placeholders."""
    without_fields = re.sub(r"\{[^}]*\}", "", text)
    return bool(re.search(r"[A-Za-z]{3,}", without_fields)) and "|w|" not in text


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_exists_in_every_language(key):
    assert set(LABELS[key]) == set(LANGUAGES)
    assert all(LABELS[key][lang].strip() for lang in LANGUAGES)


@pytest.mark.parametrize("key", sorted(LABELS))
def test_placeholders_are_the_same_in_every_language(key):
    english = fields(LABELS[key]["en"])
    for lang in LANGUAGES:
        assert fields(LABELS[key][lang]) == english, lang


@pytest.mark.parametrize("lang", ["ru", "bn", "te"])
def test_translations_are_written_in_their_own_script(lang):
    for key, texts in LABELS.items():
        if has_words(texts["en"]):
            assert SCRIPTS[lang].search(texts[lang]), f"{key}: {texts[lang]!r} has no {lang} letters"
            assert texts[lang] != texts["en"], f"{key} is not translated to {lang}"


def test_no_stray_invisible_characters():
    allowed_invisible = {"\u200c", "\u200d"}  # ZWNJ and ZWJ are part of Bengali and Telugu spelling
    for texts in LABELS.values():
        for text in texts.values():
            for char in text:
                if char in allowed_invisible:
                    continue
                assert char.isprintable(), f"{text!r} contains {char!r}"


def test_translate_fills_in_values_and_rejects_unknown_keys_and_languages():
    assert translate("layer", "ru", n=2) == "слой 2"
    assert translate("wrong_caption", "en", pred=3, true=5) == "3, true 5"
    with pytest.raises(KeyError, match="no plot label"):
        translate("no-such-label", "en")
    with pytest.raises(ValueError, match="unknown language 'de'"):
        translate("epoch", "de")
