// Typeset many TeX formulas in one process (used by tools/sitebuild/katex_math.py).
// stdin:  JSON [{"tex": "...", "display": true|false}, ...]
// stdout: JSON [{"html": "..."} | {"error": "..."}, ...] in the same order.
"use strict";
const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const formulas = JSON.parse(input);
  const results = formulas.map(({ tex, display }) => {
    try {
      return {
        html: katex.renderToString(tex, {
          displayMode: display,
          output: "htmlAndMathml",  // MathML for screen readers, HTML for the eye
          throwOnError: true,
          strict: "ignore",
          trust: false,
        }),
      };
    } catch (err) {
      return { error: String(err && err.message ? err.message : err) };
    }
  });
  process.stdout.write(JSON.stringify(results));
});
