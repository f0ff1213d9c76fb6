/*
 * Search: one word -> the form both the search index and the query are compared in.
 *
 * Shared by the search worker (assets/javascripts/lunr/min/lunr.site.min.js
 * runs it over every word of the index and of the query) and by the page
 * (search/page.js highlights the words of a search on the page it leads to),
 * so that a word is folded the same way wherever it is compared.
 *
 * What is folded away (both sides alike, so a learner finds the page however
 * they spell, type or paste a word):
 *   every language  Unicode NFC, case, soft hyphen, ZWSP, ZWNJ, ZWJ, word joiner,
 *                   Bengali and Telugu digits -> 0-9
 *   Russian         ё -> е, then the Snowball Russian stemmer (lunr.ru's):
 *                   функция, функции, функциями -> функц
 *   Bengali         hasanta (ন্ট / নট), nukta (য় / য), chandrabindu, ঙ -> ং,
 *                   long vowels -> short (ী / ি, ূ / ু), ো (o is also the
 *                   inherent vowel: প্রোপাগেশন / প্রপাগেশন), েই -> ে (ট্রেইনিং /
 *                   ট্রেনিং), a vowel written with য় after a vowel (গ্রেডিয়েন্ট /
 *                   গ্রেডিএন্ট), word-initial অ্যা / এ্যা -> এ
 *   Telugu          virama (ఫంక్షన్ / ఫంకషన), nukta, candrabindu, long vowels
 *                   -> short (ే / ె, ో / ొ, ీ / ి, ూ / ు), a final ు after a
 *                   consonant (ఫంక్షను / ఫంక్షన్), a vowel written with య after a vowel
 * Spellings these rules do not reach are left to the glossary's
 * search_variants and to the worker's fuzzy matching.
 *
 * Loaded as a classic script; defines self.siteSearchNormalise:
 *   word(text)            -> the folded form ("" when nothing is left)
 *   setRussianStemmer(fn) -> fn(word) -> stem (lunr.ru.stemmer; without one,
 *                            Russian words are folded but not stemmed)
 */
(function (root) {
  "use strict";

  var russianStemmer = null;

  var INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
  var CYRILLIC_WORD = /^[\u0430-\u044f]+$/;
  var BENGALI = /[\u0980-\u09ff]/;
  var TELUGU = /[\u0c00-\u0c7f]/;

  /* Independent vowel for a vowel sign (after the long -> short folding). */
  var BENGALI_VOWEL = { "\u09be": "\u0986", "\u09bf": "\u0987", "\u09c1": "\u0989", "\u09c7": "\u098f" };
  var TELUGU_VOWEL = {
    "\u0c3e": "\u0c06", "\u0c3f": "\u0c07", "\u0c41": "\u0c09", "\u0c46": "\u0c0e",
    "\u0c4a": "\u0c12", "\u0c48": "\u0c10", "\u0c4c": "\u0c14"
  };

  var BENGALI_RULES = [
    [/[\u09e6-\u09ef]/g, function (d) { return String(d.charCodeAt(0) - 0x09e6); }],
    [/[\u09bc\u09cd\u0981]/g, ""],                 // nukta, hasanta, chandrabindu
    [/\u0999/g, "\u0982"],                         // ঙ -> ং
    [/\u09c0/g, "\u09bf"], [/\u09c2/g, "\u09c1"],  // ী -> ি, ূ -> ু
    [/\u0988/g, "\u0987"], [/\u098a/g, "\u0989"],  // ঈ -> ই, ঊ -> উ
    [/\u09cb/g, ""],                               // ো -> (inherent o)
    [/\u09c7\u0987/g, "\u09c7"],                   // েই -> ে
    [/^[\u0985\u098f]\u09af\u09be/, "\u098f"],     // অ্যা, এ্যা (hasanta gone: অযা) -> এ
    // a vowel sign, then য + vowel sign: the second vowel written with য়
    [/([\u09be-\u09cc])\u09af([\u09be\u09bf\u09c1\u09c7])/g, function (_, before, sign) {
      return before + BENGALI_VOWEL[sign];
    }]
  ];

  var TELUGU_RULES = [
    [/[\u0c66-\u0c6f]/g, function (d) { return String(d.charCodeAt(0) - 0x0c66); }],
    [/[\u0c3c\u0c4d\u0c01]/g, ""],                 // nukta, virama, candrabindu
    [/\u0c40/g, "\u0c3f"], [/\u0c42/g, "\u0c41"],  // ీ -> ి, ూ -> ు
    [/\u0c47/g, "\u0c46"], [/\u0c4b/g, "\u0c4a"],  // ే -> ె, ో -> ొ
    [/\u0c08/g, "\u0c07"], [/\u0c0a/g, "\u0c09"],  // ఈ -> ఇ, ఊ -> ఉ
    [/\u0c0f/g, "\u0c0e"], [/\u0c13/g, "\u0c12"],  // ఏ -> ఎ, ఓ -> ఒ
    [/([\u0c15-\u0c39])\u0c41$/, "$1"],            // final ు after a consonant
    [/([\u0c3e-\u0c4c])\u0c2f([\u0c3e-\u0c4c])/g, function (_, before, sign) {
      return before + (TELUGU_VOWEL[sign] || "\u0c2f" + sign);
    }]
  ];

  function apply(rules, text) {
    for (var i = 0; i < rules.length; i++) text = text.replace(rules[i][0], rules[i][1]);
    return text;
  }

  function word(text) {
    var w = String(text).normalize("NFC").toLowerCase().replace(INVISIBLE, "");
    if (!w) return "";
    if (w.indexOf("\u0451") >= 0) w = w.replace(/\u0451/g, "\u0435");
    if (russianStemmer && CYRILLIC_WORD.test(w)) return russianStemmer(w) || w;
    if (BENGALI.test(w)) w = apply(BENGALI_RULES, w);
    if (TELUGU.test(w)) w = apply(TELUGU_RULES, w);
    return w;
  }

  root.siteSearchNormalise = {
    word: word,
    setRussianStemmer: function (fn) { russianStemmer = fn; }
  };
})(typeof self !== "undefined" ? self : this);
