// The notebook runner's Web Worker: one Python interpreter (Pyodide) for one page.
//
// The page (page.js) starts this worker on the reader's first Run, and ends it
// (worker.terminate()) for Stop and Restart: the page itself never waits for
// Python. Messages, handled one after the other:
//
//   page -> worker   {type: "run", id, code, number}     run one cell
//                    {type: "check", id, name}           check exercise `name`
//   worker -> page   {type: "progress", what}            python | numpy | numpy_matplotlib | matplotlib |
//                                                        ownframework | mnist
//                    {type: "output", id, kind, text}    stdout | stderr | result | image (base64 PNG) | error
//                    {type: "done", id, ok, results?}    the cell (or check) finished
//                    {type: "failed", id, message}       Python could not be loaded
//
// Everything comes from this site (URLs in the query string, set by page.js):
// Pyodide's core and wheels from assets/pyodide/ (Pyodide checks each wheel
// against the SHA-256 of its lock), the package wheel from downloads/.

const params = new URL(self.location.href).searchParams;
const config = JSON.parse(params.get("config"));

let pyodide = null;
let runner = null;
const loaded = new Set();
let current = null; // id of the message being handled, for output

// Called from Python (runner.py) for every piece of output of the running cell.
self.runnerEmit = (kind, text) => {
  self.postMessage({ type: "output", id: current, kind, text: String(text) });
};

function progress(what) {
  self.postMessage({ type: "progress", id: current, what });
}

async function fetchText(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

const needsMatplotlib = (code) => /\bmatplotlib\b|\bplots\b/.test(code);

// Python, numpy and the package; matplotlib too when the first cell needs it
// (one loadPackage call: the downloads overlap).
async function startPython(code) {
  if (pyodide) return;
  progress("python");
  const { loadPyodide } = await import(config.pyodide + "pyodide.mjs");
  pyodide = await loadPyodide({
    indexURL: config.pyodide,
    lockFileURL: config.pyodide + "pyodide-lock.json",
    stdout: () => {}, // cells write through runner.py's streams; this is Pyodide's own start-up chatter
    stderr: () => {},
  });
  const withMatplotlib = needsMatplotlib(code);
  progress(withMatplotlib ? "numpy_matplotlib" : "numpy");
  const [, source] = await Promise.all([
    pyodide.loadPackage(withMatplotlib ? ["numpy", "matplotlib"] : ["numpy"], { messageCallback: () => {} }),
    fetchText(config.assets + "runner.py"),
  ]);
  loaded.add("numpy");
  pyodide.FS.mkdirTree("/runner");
  pyodide.FS.writeFile("/runner/runner.py", source);
  pyodide.runPython("import sys; sys.path.insert(0, '/runner')");
  runner = pyodide.pyimport("runner"); // sets Matplotlib's backend before anything imports it
  if (withMatplotlib) importMatplotlib();
  progress("ownframework");
  // The wheel the site offers for download: the same code the tests run. A wheel
  // installed by URL brings no dependencies: numpy (and matplotlib) came first.
  await pyodide.loadPackage(config.wheel, { messageCallback: () => {} });
}

// pyplot's first import builds Matplotlib's font list and says so on stderr: do it
// while the progress line is up, not inside the reader's cell.
function importMatplotlib() {
  pyodide.runPython("import matplotlib.pyplot");
  loaded.add("matplotlib");
}

async function loadPackage(name) {
  if (loaded.has(name)) return;
  progress(name);
  await pyodide.loadPackage(name, { messageCallback: () => {} });
  if (name === "matplotlib") importMatplotlib();
  loaded.add(name);
}

// The MNIST subset the site serves, fetched on the first cell that loads MNIST.
async function loadMnist() {
  if (loaded.has("mnist")) return;
  progress("mnist");
  const dir = "/mnist";
  pyodide.FS.mkdirTree(dir);
  for (const name of Object.keys(config.mnist.files)) {
    const response = await fetch(config.mnist.url + name);
    if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
    pyodide.FS.writeFile(`${dir}/${name}`, new Uint8Array(await response.arrayBuffer()));
  }
  const checksums = pyodide.toPy(config.mnist.sha256);
  runner.use_mnist_subset(dir, checksums);
  checksums.destroy();
  loaded.add("mnist");
}

async function runCell({ code, number }) {
  if (needsMatplotlib(code)) await loadPackage("matplotlib");
  if (config.mnist && /\bload_mnist\s*\(/.test(code)) await loadMnist();
  return { ok: runner.run_cell(code, number) };
}

async function checkExercise({ name }) {
  if (!loaded.has("checks")) {
    pyodide.FS.writeFile("/runner/runner_checks.py", await fetchText(config.assets + "runner_checks.py"));
    loaded.add("checks");
  }
  return { ok: true, results: JSON.parse(runner.check_exercise(name)) };
}

let queue = Promise.resolve();
self.onmessage = (event) => {
  const message = event.data;
  queue = queue.then(async () => {
    current = message.id;
    try {
      await startPython(message.code || "");
      const reply = message.type === "check" ? await checkExercise(message) : await runCell(message);
      self.postMessage({ type: "done", id: message.id, ...reply });
    } catch (error) {
      self.postMessage({ type: "failed", id: message.id, message: String(error && error.message || error) });
    }
  });
};
