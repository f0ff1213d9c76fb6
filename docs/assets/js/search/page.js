/*
 * Search, on the page: what the search worker cannot do from inside (issue 10).
 *
 * Loaded by tools/theme/partials/search.html (which also makes Material search
 * however the query arrives: typed, pasted, from an input method) the first
 * time the reader opens search, and on a page reached from a search result.
 *
 * 1. Result links say what to highlight on the page they lead to (Material's
 *    ?h=...). Material puts there only the query words that the linked
 *    section itself matched letter for letter, so most links highlighted one
 *    word or none. Here each link of a result carries every word of the query
 *    and every word the result's snippet marks (функции for функция, লস ফাংশন
 *    for ক্ষতি ফাংশন).
 *
 * 2. Highlighting on the page reached from a result. Material's own needs the
 *    search index, which tools/theme/main.html does not download until search
 *    is opened, and compares words letter for letter. Here each word of the
 *    page is folded like the search folds it (normalise.js, with lunr.ru's
 *    Russian stemmer for Cyrillic) and marked when it begins with a folded
 *    word of ?h= (the search matches words as prefixes too). The search
 *    partial takes ?h= out of the address before Material reads it, and
 *    hands it over in this script's data-h.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (document.readyState === "loading") {  // loaded from the header: the page below is not there yet
    document.addEventListener("DOMContentLoaded", main);
  } else {
    main();
  }

  function main() {
    var config = JSON.parse(document.getElementById("__config").textContent);
    var lunrDir = new URL("../lunr/min/", new URL(config.search, location.href)).href;
    var QUERY_SYNTAX = /[\s*+\-:~^"]+/;
    var WORD = /[\p{L}\p{M}\p{N}\u200c\u200d]+/gu;
    var SKIP = "script, style, svg, pre, textarea, .katex, mark, .md-search, [hidden]";

    function load(src) {
      return new Promise(function (resolve, reject) {
        var element = document.createElement("script");
        element.src = src;
        element.onload = resolve;
        element.onerror = function () { reject(new Error("cannot load " + src)); };
        document.head.appendChild(element);
      });
    }

    /* lunr.ru's Snowball stemmer, without lunr: its two files only need a
       stand-in with the two functions they call while they load. */
    function loadRussianStemmer(normalise) {
      var saved = window.lunr;
      window.lunr = {
        Pipeline: { registerFunction: function () {} },
        generateStopWordFilter: function () { return function (token) { return token; }; }
      };
      var stub = window.lunr;
      return load(lunrDir + "lunr.stemmer.support.min.js")
        .then(function () { return load(lunrDir + "lunr.ru.min.js"); })
        .then(function () { normalise.setRussianStemmer(stub.ru.stemmer); })
        .finally(function () {
          if (saved === undefined) delete window.lunr; else window.lunr = saved;
        });
    }

    function normaliser(words) {
      return load(new URL("normalise.js", script.src).href).then(function () {
        var normalise = window.siteSearchNormalise;
        var cyrillic = words.some(function (w) { return /[\u0400-\u04ff]/.test(w); });
        return (cyrillic ? loadRussianStemmer(normalise) : Promise.resolve()).then(function () { return normalise; });
      });
    }

    function unique(words) {
      var seen = {};
      return words.filter(function (w) {
        var key = w.toLowerCase();
        return w && !seen[key] && (seen[key] = true);
      });
    }

    /* 1. every link of a result: ?h= the query's words and the result's marked words */
    var input = document.querySelector("[data-md-component=search-query]");
    var list = document.querySelector(".md-search-result__list");

    function linkWords(item) {
      if (!(item instanceof Element)) return;
      var marked = Array.prototype.map.call(item.querySelectorAll("mark"), function (m) { return m.textContent; });
      var words = unique(input.value.split(QUERY_SYNTAX).concat(marked));
      item.querySelectorAll("a[href]").forEach(function (link) {
        var url = new URL(link.href);
        if (!url.searchParams.has("h")) return;  // search.highlight off
        url.searchParams.set("h", words.join(" "));
        link.href = url.href;
      });
    }

    if (input && list) {
      Array.prototype.forEach.call(list.children, linkWords);
      new MutationObserver(function (records) {
        records.forEach(function (record) { record.addedNodes.forEach(linkWords); });
      }).observe(list, { childList: true });
    }

    /* 2. the words of ?h= on this page */
    function highlight(normalise, words) {
      var terms = unique(words.map(normalise.word)).filter(Boolean);
      var root = document.querySelector(".md-content article") || document.querySelector("[data-md-component=content]");
      if (!terms.length || !root) return;
      var matches = function (word) {
        var folded = normalise.word(word);
        return terms.some(function (t) { return t.length > 1 ? folded.indexOf(t) === 0 : folded === t; });
      };
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          return node.parentElement.closest(SKIP) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
        }
      });
      var nodes = [];
      for (var node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node);
      nodes.forEach(function (text) {
        var value = text.nodeValue;
        var parts = [];
        var last = 0;
        value.replace(WORD, function (word, at) {
          if (matches(word)) {
            parts.push(value.slice(last, at));
            var mark = document.createElement("mark");
            mark.setAttribute("data-md-highlight", "");
            mark.textContent = word;
            parts.push(mark);
            last = at + word.length;
          }
          return word;
        });
        if (!parts.length) return;
        parts.push(value.slice(last));
        text.replaceWith.apply(text, parts.filter(function (p) { return p !== ""; }));
      });
    }

    var h = (script.dataset.h || "").split(QUERY_SYNTAX).filter(Boolean);
    if (h.length) {
      normaliser(h).then(function (normalise) { highlight(normalise, h); }, function (error) { console.warn(error); });
    }
  }
})();
