// The notebook runner on a notebook page: Run, Stop, Reset cell, Restart Python
// and, on exercises, Check. Served as assets/runner/runner.js (esbuild).
//
// Nothing heavy loads with the page: this script is small. The editor
// (editor.js, CodeMirror) loads when the reader first runs a cell or clicks
// into one; Python (worker.js, Pyodide) only on the first Run or Check. The
// page's settings and words come from <script id="nb-runner"> (written by
// tools/sitebuild/runner/pages.py, words from ui.yml `runner:`).

const settings = document.getElementById("nb-runner");
if (settings) start(JSON.parse(settings.textContent));

function start(config) {
  const words = config.words;
  const lang = document.documentElement.lang || "en";
  const absolute = (url) => new URL(url, document.baseURI).href;
  const urls = {
    assets: absolute(config.assets),
    pyodide: absolute(config.pyodide),
    wheel: absolute(config.wheel),
    mnist: config.mnist ? absolute(config.mnist.url) : null,
  };
  // Latin digits, as the pages' text writes numbers in every language; grouping as the language does.
  const locale = `${lang}-u-nu-latn`;
  // Latin digits in every language, as the site's texts write them.
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1, numberingSystem: "latn" });
  const integer = new Intl.NumberFormat(locale, { numberingSystem: "latn" });
  const size = (bytes) => fill(words.size, { n: number.format(bytes / 1e6) });
  const storageKey = (name) => `ownframework-runner:${config.page}:${name}`;

  const notebook = document.querySelector(".jupyter-wrapper .jp-Notebook");
  if (!notebook) return;
  // Code cells in page order, those inside a folded worked solution (<details class="nb-solution-block">,
  // tools/sitebuild/notebooks/solutions.py) included; an exercise's solution (.nb-solution) is not a cell to run.
  const cells = [...notebook.querySelectorAll(":scope > .jp-CodeCell, :scope > .nb-solution-block > .jp-CodeCell")]
    .map((element, index) => makeCell(element, index + 1));
  if (!cells.length) return;

  let editorModule = null;
  let worker = null;
  let busy = null; // {cell, stop()} while something runs
  let nextId = 1;
  const pending = new Map(); // message id -> {cell, resolve}

  const bar = makeBar();
  updateProgress();
  if (cells.some((cell) => cell.exercise && cell.saved())) loadEditors();

  // ------------------------------------------------------------------ cells
  function makeCell(element, n) {
    const input = element.querySelector(".jp-InputArea .highlight") || element.querySelector(".jp-InputArea");
    const code = element.querySelector(".jp-InputArea pre");
    const original = (code ? code.textContent : "").replace(/\n$/, "");
    const exerciseTag = [...element.classList].find((c) => c.startsWith("celltag_exercise-"));
    const cell = {
      element, n, original, input, editor: null, ran: false,
      exercise: exerciseTag ? exerciseTag.slice("celltag_exercise-".length) : null,
    };
    cell.code = () => (cell.editor ? cell.editor.getCode() : cell.saved() ?? original);
    cell.saved = () => (cell.exercise ? load(cell.exercise).code ?? null : null);

    const panel = el("div", { class: "nb-run" });
    const tools = el("div", { class: "nb-run__tools", role: "group", "aria-label": fill(words.cell_tools, { n }) });
    cell.run = button(words.run, words.run_title, "nb-run__run md-button md-button--primary",
                      () => (busy === cell ? stop(cell) : runFromCell(cell)));
    tools.append(cell.run);
    if (cell.exercise) {
      cell.check = button(words.check, words.check_title, "nb-run__check md-button", () => checkFromCell(cell));
      tools.append(cell.check);
    }
    tools.append(
      button(words.reset, words.reset_title, "nb-run__reset md-button", () => resetCell(cell)),
      button(words.restart, words.restart_title, "nb-run__restart md-button", () => restart(cell)),
    );
    if (cell.exercise) {
      cell.badge = el("span", { class: "nb-run__solved", hidden: "" }, words.solved);
      tools.append(cell.badge);
    }
    cell.status = el("p", { class: "nb-run__status", role: "status", "aria-live": "polite" });
    cell.output = el("div", { class: "nb-run__output", "aria-live": "polite", "aria-atomic": "false" });
    panel.append(tools, cell.status, cell.output);
    const inputWrapper = element.querySelector(".jp-Cell-inputWrapper");
    (inputWrapper || input).after(panel);
    cell.savedOutput = element.querySelector(".jp-Cell-outputWrapper");
    // Clicking or tabbing into the code makes it editable (the editor loads then).
    if (code) {
      code.tabIndex = 0;
      const activate = () => loadEditors().then(() => cell.editor && cell.editor.focus());
      code.addEventListener("pointerdown", activate, { once: true });
      code.addEventListener("focus", activate, { once: true });
    }
    return cell;
  }

  function makeBar() {
    const total = Object.values(config.sizes).reduce((a, b) => a + b, 0);
    const box = el("div", { class: "nb-run-bar", role: "region", "aria-label": words.bar_label });
    box.append(el("p", {}, fill(words.intro, { size: size(total) })));
    if (config.mnist) {
      const counts = Object.fromEntries(Object.entries(config.mnist.counts).map(([k, v]) => [k, integer.format(v)]));
      box.append(el("p", { class: "nb-run-bar__note" }, fill(words.subset_note, counts)));
    }
    const progressLine = el("p", { class: "nb-run-bar__progress", role: "status", "aria-live": "polite" });
    box.append(progressLine);
    const download = document.querySelector(".jupyter-wrapper .nb-download");
    if (download) download.after(box);
    else cells[0].element.before(box);
    return { box, progressLine };
  }

  // ------------------------------------------------------------------ editors
  function loadEditors() {
    if (!editorModule) {
      editorModule = import(urls.assets + "editor.js").then((module) => {
        for (const cell of cells) {
          const host = el("div", { class: "nb-run__editor" });
          cell.input.after(host);
          cell.input.hidden = true;
          cell.editor = module.createEditor(host, cell.code(), {
            label: fill(words.editor_label, { n: cell.n }),
            onRun: () => runFromCell(cell),
            onChange: (text) => {
              if (cell.exercise) save(cell.exercise, { code: text === cell.original ? null : text });
            },
          });
        }
      });
    }
    return editorModule;
  }

  // ------------------------------------------------------------------ Python
  function startWorker() {
    if (worker) return worker;
    const query = new URLSearchParams({
      config: JSON.stringify({ pyodide: urls.pyodide, wheel: urls.wheel, assets: urls.assets,
                               mnist: config.mnist && { ...config.mnist, url: urls.mnist } }),
    });
    worker = new Worker(`${urls.assets}worker.js?${query}`, { type: "module" });
    worker.onmessage = (event) => receive(event.data);
    worker.onerror = (event) => failAll(event.message || "worker error");
    return worker;
  }

  function receive(message) {
    const job = pending.get(message.id);
    if (!job) return;
    if (message.type === "progress") {
      job.target.status.textContent = progressText(message.what);
    } else if (message.type === "output") {
      showOutput(job.cell, message.kind, message.text);
    } else if (message.type === "done" || message.type === "failed") {
      pending.delete(message.id);
      if (message.type === "failed") {
        job.target.status.textContent = fill(words.failed, { message: message.message });
        stopWorker();
      }
      job.resolve(message.type === "done" ? message : { ok: false, failed: true });
    }
  }

  function progressText(what) {
    const sizes = config.sizes;
    const keys = { python: "loading_python", numpy: "loading_numpy", matplotlib: "loading_matplotlib",
                   numpy_matplotlib: "loading_numpy_matplotlib", ownframework: "installing", mnist: "loading_mnist" };
    const bytes = what === "numpy_matplotlib" ? sizes.numpy + sizes.matplotlib : sizes[what] || 0;
    return fill(words[keys[what]], { size: size(bytes) });
  }

  function send(message, cell, target) {
    const id = nextId++;
    startWorker().postMessage({ ...message, id });
    return new Promise((resolve) => pending.set(id, { cell, target, resolve }));
  }

  function stopWorker() {
    if (worker) worker.terminate();
    worker = null;
    for (const cell of cells) cell.ran = false;
    for (const job of pending.values()) job.resolve({ ok: false, stopped: true });
    pending.clear();
  }

  function failAll(message) {
    for (const job of pending.values()) job.target.status.textContent = fill(words.failed, { message });
    stopWorker();
  }

  // ------------------------------------------------------------------ running
  async function execute(cell, target) {
    cell.output.replaceChildren();
    showSaved(cell);
    const result = await send({ type: "run", code: cell.code(), number: cell.n }, cell, target);
    cell.ran = Boolean(result.ok);
    return result;
  }

  // Run `cell` after the earlier cells that have not run in this interpreter yet (and say so).
  async function runUpTo(cell) {
    loadEditors(); // in parallel with Python; until it is there, nobody can have edited a cell
    const earlier = cells.slice(0, cell.n - 1).filter((c) => !c.ran);
    const numbers = ranges(earlier.map((c) => c.n));
    const note = !earlier.length ? "" : fill(earlier.length === 1 ? words.running_earlier_one : words.running_earlier,
                                             { cells: numbers });
    cell.status.textContent = note || words.running;
    for (const previous of earlier) {
      const result = await execute(previous, cell);
      if (!result.ok) {
        if (!result.stopped && !result.failed) cell.status.textContent = fill(words.earlier_failed, { n: previous.n });
        return result;
      }
    }
    const result = await execute(cell, cell);
    if (!result.stopped && !result.failed) cell.status.textContent = note;
    return result;
  }

  // One cell at a time: while it runs, its Run button is a Stop button.
  async function whileBusy(cell, work) {
    if (busy) return null;
    busy = cell;
    setRunning(cell, true);
    try {
      return await work();
    } finally {
      setRunning(cell, false);
      busy = null;
    }
  }

  function runFromCell(cell) {
    return whileBusy(cell, () => runUpTo(cell));
  }

  function checkFromCell(cell) {
    return whileBusy(cell, async () => {
      const ran = await runUpTo(cell);
      if (!ran.ok) return ran;
      const result = await send({ type: "check", name: cell.exercise }, cell, cell);
      if (result.results) showFeedback(cell, result.results);
      return result;
    });
  }

  function setRunning(cell, running) {
    for (const other of cells) {
      other.run.disabled = running && other !== cell;
      if (other.check) other.check.disabled = running;
    }
    cell.run.textContent = running ? words.stop : words.run;
    cell.run.title = running ? words.stop_title : words.run_title;
    cell.run.classList.toggle("nb-run__run--stop", running);
  }

  function stop(cell) {
    stopWorker();
    cell.status.textContent = words.stopped;
  }

  function restart(cell) {
    stopWorker();
    cell.status.textContent = words.restarted;
  }

  function resetCell(cell) {
    if (cell.exercise) save(cell.exercise, { code: null });
    if (cell.editor) cell.editor.setCode(cell.original);
    cell.status.textContent = words.reset_done;
  }

  // ------------------------------------------------------------------ outputs
  function showSaved(cell) {
    if (!cell.savedOutput || cell.savedOutput.closest(".nb-run__saved")) return;
    const details = el("details", { class: "nb-run__saved" });
    if (config.mnist) details.open = true; // the lab: compare with the full-data results
    details.append(el("summary", {}, words.saved_output));
    cell.savedOutput.before(details);
    details.append(cell.savedOutput);
  }

  function showOutput(cell, kind, text) {
    if (kind === "image") {
      const image = el("img", { src: `data:image/png;base64,${text}`, alt: words.plot_alt });
      cell.output.append(el("div", { class: "nb-run__image" }, image));
      return;
    }
    const className = `nb-run__${kind === "stdout" || kind === "result" ? "text" : kind}`;
    let last = cell.output.lastElementChild;
    if (!(last && last.classList.contains(className) && kind !== "result" && kind !== "error")) {
      last = el("pre", { class: className, tabindex: "0" });
      cell.output.append(last);
    }
    last.textContent += kind === "result" ? `${text}\n` : text;
  }

  function showFeedback(cell, results) {
    const box = el("div", { class: "nb-run__feedback" });
    const failed = results.find((r) => !r.ok);
    const total = results[0].total || results.length;
    if (!failed) {
      box.classList.add("nb-run__feedback--ok");
      box.append(el("p", {}, fill(words.check_passed, { total })));
      save(cell.exercise, { solved: true });
    } else {
      box.classList.add("nb-run__feedback--fail");
      const i = results.indexOf(failed) + 1;
      const caseText = (words.cases || {})[failed.case] || failed.case;
      box.append(el("p", {}, ...withCode(fill(words.check_failed, { i, total, case: caseText }))));
      if (failed.missing) box.append(el("p", {}, fill(words.check_missing, { name: failed.missing })));
      if (failed.error) box.append(el("pre", { tabindex: "0" }, fill(words.check_error, { error: failed.error })));
      const expected = failed.expected_shape ? fill(words.shape, { shape: failed.expected_shape }) : failed.expected;
      const got = failed.got_shape ? fill(words.shape, { shape: failed.got_shape }) : failed.got;
      if (expected !== undefined) box.append(el("pre", { tabindex: "0" }, fill(words.expected, { value: expected })));
      if (got !== undefined) box.append(el("pre", { tabindex: "0" }, fill(words.got, { value: got })));
    }
    cell.output.append(box);
    updateProgress();
  }

  // ------------------------------------------------------------------ progress (localStorage)
  function load(name) {
    try {
      return JSON.parse(localStorage.getItem(storageKey(name))) || {};
    } catch {
      return {};
    }
  }

  function save(name, change) {
    const value = { ...load(name), ...change };
    try {
      localStorage.setItem(storageKey(name), JSON.stringify(value));
    } catch {
      // storage full or switched off: the exercise still works, only nothing is kept
    }
    updateProgress();
  }

  function updateProgress() {
    const exercises = cells.filter((cell) => cell.exercise);
    if (!exercises.length || !bar) return;
    let done = 0;
    for (const cell of exercises) {
      const solved = Boolean(load(cell.exercise).solved);
      cell.badge.hidden = !solved;
      if (solved) done += 1;
    }
    bar.progressLine.textContent = fill(words.progress, { done: integer.format(done), total: integer.format(exercises.length) });
  }

  // ------------------------------------------------------------------ helpers
  function el(name, attributes = {}, ...children) {
    const element = document.createElement(name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
    element.append(...children);
    return element;
  }

  function button(text, title, className, onClick) {
    const element = el("button", { type: "button", class: className, title }, text);
    element.addEventListener("click", onClick);
    return element;
  }
}

// "compared with `Linear.backward`" -> text and <code> nodes (ui.yml marks code with backticks).
function withCode(text) {
  return text.split("`").map((part, i) => {
    if (i % 2 === 0) return part;
    const code = document.createElement("code");
    code.textContent = part;
    return code;
  });
}

function fill(template, values) {
  return String(template).replace(/\{(\w+)\}/g, (match, key) => (key in values ? String(values[key]) : match));
}

// [1, 2, 3, 5] -> "1–3, 5"
function ranges(numbers) {
  const parts = [];
  for (let i = 0; i < numbers.length; i++) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j] + 1) j++;
    parts.push(i === j ? `${numbers[i]}` : `${numbers[i]}–${numbers[j]}`);
    i = j;
  }
  return parts.join(", ");
}
