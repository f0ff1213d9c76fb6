// The code editor of the notebook runner: CodeMirror 6 with Python highlighting.
//
// esbuild bundles this file with CodeMirror (node_modules, pinned in
// package-lock.json) into assets/runner/editor.js; page.js imports it when the
// reader first runs a cell or clicks into one. Colours are Material's code
// colours (CSS variables), so the editor looks like the page's code blocks in
// the light and the dark scheme. Tab moves the focus on (no keyboard trap);
// Enter keeps the indentation, Backspace removes one level of it.

import { defaultKeymap, history, historyKeymap, indentLess, indentMore } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { bracketMatching, HighlightStyle, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { EditorState, Prec } from "@codemirror/state";
import { drawSelection, EditorView, highlightActiveLine, keymap } from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const colour = (name) => `var(--md-code-hl-${name}-color)`;

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword], color: colour("keyword") },
  { tag: [t.string, t.special(t.string)], color: colour("string") },
  { tag: [t.number, t.bool, t.null], color: colour("number") },
  { tag: [t.comment, t.lineComment], color: colour("comment"), fontStyle: "italic" },
  { tag: [t.function(t.variableName), t.function(t.propertyName)], color: colour("function") },
  { tag: [t.definition(t.variableName), t.className, t.definition(t.className)], color: colour("function") },
  { tag: [t.operator, t.compareOperator, t.arithmeticOperator], color: colour("operator") },
  { tag: [t.punctuation, t.paren, t.squareBracket, t.brace, t.separator], color: colour("punctuation") },
  { tag: [t.self, t.special(t.variableName), t.standard(t.variableName)], color: colour("constant") },
  { tag: t.propertyName, color: colour("name") },
]);

const theme = EditorView.theme({
  "&": {
    backgroundColor: "var(--md-code-bg-color)",
    color: "var(--md-code-fg-color)",
    fontSize: ".85em",
    borderRadius: ".1rem",
  },
  "&.cm-focused": { outline: "2px solid var(--md-accent-fg-color)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--md-code-font-family)", lineHeight: "1.4", overflowX: "auto" },
  ".cm-content": { padding: ".7em 1.2em", caretColor: "var(--md-code-fg-color)" },
  ".cm-cursor": { borderLeftColor: "var(--md-code-fg-color)" },
  ".cm-activeLine": { backgroundColor: "var(--md-code-hl-color--light, rgba(255, 255, 0, .08))" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "var(--md-code-hl-color, rgba(255, 255, 0, .3))",
  },
  ".cm-matchingBracket": { outline: "1px solid var(--md-default-fg-color--light)" },
});

/**
 * An editor in `parent` holding `code`.
 * options: label (accessible name), onRun (Shift+Enter / Ctrl+Enter), onChange(code).
 */
export function createEditor(parent, code, { label, onRun, onChange }) {
  const run = () => {
    onRun();
    return true;
  };
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: code,
      extensions: [
        Prec.highest(keymap.of([
          { key: "Shift-Enter", run },
          { key: "Mod-Enter", run },
          { key: "Mod-]", run: indentMore },
          { key: "Mod-[", run: indentLess },
        ])),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        indentUnit.of("    "),
        EditorState.tabSize.of(4),
        python(),
        syntaxHighlighting(highlight),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        theme,
        EditorView.contentAttributes.of({ "aria-label": label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    getCode: () => view.state.doc.toString(),
    setCode: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    focus: () => view.focus(),
  };
}
