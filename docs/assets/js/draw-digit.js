/* The draw-a-digit box at the end of the MNIST lab page.
 *
 * tools/sitebuild/digit_box.py puts a placeholder <section class="draw-digit">
 * there, with the URL of the exported network (data-model) and the words of
 * ui.yml `digits:` in the page's language (data-words). This script builds the
 * box: a pad to draw on with the mouse, a finger or the keyboard, a Clear
 * button, the 28x28 picture the network sees, and its three best guesses,
 * updated as the reader draws. The network (about 220 KB) is fetched only when
 * the reader starts drawing.
 *
 * Two parts must stay equal to the Python package:
 * - mnistStyle() is ownframework.preprocess.mnist_style, step by step in the
 *   same order with the same rounding (so `ownframework predict` on a picture of
 *   the pad gives the same 784 numbers);
 * - forward() is ownframework's Linear/ReLU/Softmax forward pass on the
 *   exported weights (tools/sitebuild/digit_model.py), in float64.
 * tests/browser/test_draw_digit.py checks both against NumPy.
 */
(function () {
  "use strict";

  var PAD = 280; // pixels of the drawing pad (its CSS size may be smaller)
  var PEN = 20; // line width on the pad: MNIST-like strokes after scaling to 20x20
  var KEY_STEP = 14; // pad pixels per arrow-key press

  /* ------------------------------------------------------------------ */
  /* preprocessing: ownframework/preprocess.py                          */
  /* ------------------------------------------------------------------ */

  /* RGBA bytes -> grey in [0, 1], transparent parts white (grey_from_rgba). */
  function greyFromRgba(rgba) {
    var n = rgba.length / 4;
    var grey = new Float64Array(n);
    for (var i = 0; i < n; i++) {
      var alpha = rgba[4 * i + 3] / 255;
      var luma = (rgba[4 * i] * 0.299 + rgba[4 * i + 1] * 0.587 + rgba[4 * i + 2] * 0.114) / 255;
      grey[i] = luma * alpha + (1 - alpha);
    }
    return grey;
  }

  function roundHalfUp(x) {
    return Math.floor(x + 0.5);
  }

  /* np.median: the middle value, or the mean of the two middle ones. */
  function median(values) {
    var sorted = Float64Array.from(values).sort();
    var mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }

  /* (nOut, nIn): output pixel i averages input [i * nIn / nOut, (i + 1) * nIn / nOut). */
  function areaWeights(nIn, nOut) {
    var weights = new Float64Array(nOut * nIn);
    var width = nIn / nOut;
    for (var i = 0; i < nOut; i++) {
      var low = (i * nIn) / nOut;
      var high = ((i + 1) * nIn) / nOut;
      for (var j = 0; j < nIn; j++) {
        var overlap = Math.min(high, j + 1) - Math.max(low, j);
        weights[i * nIn + j] = overlap > 0 ? overlap / width : 0;
      }
    }
    return weights;
  }

  /* grey: Float64Array (height * width) -> Float32Array(784) MNIST-style, or null when there is no ink.
   * c: the constants of ownframework.preprocess (size, box, ink, min_contrast). */
  function mnistStyle(grey, height, width, c) {
    var border = [];
    var r, col, i;
    for (col = 0; col < width; col++) border.push(grey[col]);
    for (col = 0; col < width; col++) border.push(grey[(height - 1) * width + col]);
    for (r = 1; r < height - 1; r++) border.push(grey[r * width]);
    for (r = 1; r < height - 1; r++) border.push(grey[r * width + width - 1]);
    var background = median(border);
    var image = Float64Array.from(grey);
    if (background > 0.5) { // light paper, dark ink: MNIST is the other way round
      for (i = 0; i < image.length; i++) image[i] = 1 - image[i];
      background = 1 - background;
    }
    var brightest = -Infinity;
    for (i = 0; i < image.length; i++) brightest = Math.max(brightest, image[i]);
    var contrast = brightest - background;
    if (contrast < c.min_contrast) return null;
    var top = height, bottom = -1, left = width, right = -1;
    for (r = 0; r < height; r++) {
      for (col = 0; col < width; col++) {
        var v = Math.min(Math.max((image[r * width + col] - background) / contrast, 0), 1);
        image[r * width + col] = v;
        if (v > c.ink) {
          top = Math.min(top, r); bottom = Math.max(bottom, r);
          left = Math.min(left, col); right = Math.max(right, col);
        }
      }
    }
    var h = bottom - top + 1, w = right - left + 1;
    var longer = Math.max(h, w);
    var newH = Math.max(1, roundHalfUp((h * c.box) / longer));
    var newW = Math.max(1, roundHalfUp((w * c.box) / longer));
    // patch = rows @ crop @ cols.T, as two products
    var rows = areaWeights(h, newH), cols = areaWeights(w, newW);
    var half = new Float64Array(newH * w);
    for (i = 0; i < newH; i++) {
      for (r = 0; r < h; r++) {
        var weight = rows[i * h + r];
        if (!weight) continue;
        for (col = 0; col < w; col++) half[i * w + col] += weight * image[(top + r) * width + left + col];
      }
    }
    var patch = new Float64Array(newH * newW);
    for (i = 0; i < newH; i++) {
      for (var j = 0; j < newW; j++) {
        var sum = 0;
        for (col = 0; col < w; col++) sum += half[i * w + col] * cols[j * w + col];
        patch[i * newW + j] = sum;
      }
    }
    // centre of mass, rounded to 1e-6 as in Python, then a whole-pixel shift
    var mass = 0, rowMoment = 0, colMoment = 0;
    for (i = 0; i < newH; i++) {
      for (j = 0; j < newW; j++) {
        var p = patch[i * newW + j];
        mass += p; rowMoment += p * i; colMoment += p * j;
      }
    }
    var centreRow = roundHalfUp((rowMoment / mass) * 1e6) / 1e6;
    var centreCol = roundHalfUp((colMoment / mass) * 1e6) / 1e6;
    var middle = c.size / 2;
    var dy = Math.min(Math.max(roundHalfUp(middle - centreRow), 0), c.size - newH);
    var dx = Math.min(Math.max(roundHalfUp(middle - centreCol), 0), c.size - newW);
    var out = new Float32Array(c.size * c.size);
    for (i = 0; i < newH; i++) {
      for (j = 0; j < newW; j++) out[(dy + i) * c.size + dx + j] = patch[i * newW + j];
    }
    return out;
  }

  /* ------------------------------------------------------------------ */
  /* the network                                                        */
  /* ------------------------------------------------------------------ */

  /* IEEE 754 half precision (the weights' format) -> float32. */
  function decodeHalves(halves) {
    var out = new Float32Array(halves.length);
    for (var i = 0; i < halves.length; i++) {
      var h = halves[i];
      var sign = h & 0x8000 ? -1 : 1;
      var exponent = (h >> 10) & 0x1f, fraction = h & 0x3ff;
      out[i] = exponent === 0 ? sign * Math.pow(2, -14) * (fraction / 1024)
        : exponent === 31 ? (fraction ? NaN : sign * Infinity)
        : sign * Math.pow(2, exponent - 15) * (1 + fraction / 1024);
    }
    return out;
  }

  /* x: 784 numbers -> class probabilities (Float64Array), through Linear, ReLU and Softmax layers. */
  function forward(model, x) {
    var a = Float64Array.from(x);
    model.layers.forEach(function (layer) {
      if (layer.type === "Linear") {
        var W = model.values, out = new Float64Array(layer.out);
        for (var j = 0; j < layer.out; j++) out[j] = W[layer.b + j];
        for (var i = 0; i < layer.in; i++) {
          var xi = a[i];
          if (xi === 0) continue; // most pixels are blank
          var row = layer.W + i * layer.out;
          for (j = 0; j < layer.out; j++) out[j] += xi * W[row + j];
        }
        a = out;
      } else if (layer.type === "ReLU") {
        a = a.map(function (v) { return v > 0 ? v : 0; });
      } else if (layer.type === "Softmax") {
        var top = Math.max.apply(null, a), total = 0;
        a = a.map(function (v) { var e = Math.exp(v - top); total += e; return e; });
        a = a.map(function (e) { return e / total; });
      } else {
        throw new Error("unknown layer " + layer.type);
      }
    });
    return a;
  }

  function hex(buffer) {
    return Array.from(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  /* model.json, then weights.bin beside it, checked by size and SHA-256. */
  function loadModel(url) {
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error(url + ": HTTP " + response.status);
      return response.json();
    }).then(function (meta) {
      var weightsUrl = new URL(meta.weights, new URL(url, document.baseURI)).href;
      return fetch(weightsUrl).then(function (response) {
        if (!response.ok) throw new Error(meta.weights + ": HTTP " + response.status);
        return response.arrayBuffer();
      }).then(function (buffer) {
        if (buffer.byteLength !== 2 * meta.count) throw new Error(meta.weights + ": wrong size " + buffer.byteLength);
        var check = window.crypto && crypto.subtle ? crypto.subtle.digest("SHA-256", buffer) : Promise.resolve(null);
        return check.then(function (digest) {
          if (digest && hex(digest) !== meta.sha256) throw new Error(meta.weights + ": wrong SHA-256");
          meta.values = decodeHalves(new Uint16Array(buffer));
          return meta;
        });
      });
    });
  }

  /* ------------------------------------------------------------------ */
  /* the box                                                            */
  /* ------------------------------------------------------------------ */

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) { return name in values ? values[name] : all; });
  }

  function element(tag, className, parent) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (parent) parent.appendChild(el);
    return el;
  }

  function Box(section) {
    var words = JSON.parse(section.dataset.words);
    var lang = document.documentElement.lang || undefined;
    // Latin digits in every language, as the site's texts (and quiz.js) write numbers;
    // the language still decides the rest (the percent sign, the decimal mark).
    var percent = new Intl.NumberFormat(lang, {
      style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1, numberingSystem: "latn",
    });
    var number = new Intl.NumberFormat(lang, { numberingSystem: "latn" });
    var state = { model: null, loading: null, input: null, probabilities: null, dirty: false };
    section.drawDigit = state; // for the browser tests: what the network saw and said

    var body = element("div", "draw-digit__body", section);
    var padWrap = element("div", "draw-digit__pad", body);
    var pad = element("canvas", "draw-digit__canvas", padWrap);
    pad.width = pad.height = PAD;
    pad.tabIndex = 0;
    pad.setAttribute("role", "img");
    pad.setAttribute("aria-label", words.pad_label);
    var help = element("p", "draw-digit__help", padWrap);
    help.id = "draw-digit-help";
    help.textContent = words.keyboard_help;
    pad.setAttribute("aria-describedby", help.id);
    var cursor = element("div", "draw-digit__cursor", padWrap);
    cursor.setAttribute("aria-hidden", "true");

    var side = element("div", "draw-digit__side", body);
    var clear = element("button", "md-button draw-digit__clear", side);
    clear.type = "button";
    clear.textContent = words.clear;
    var figure = element("figure", "draw-digit__seen", side);
    var seen = element("canvas", "", figure);
    seen.width = seen.height = 28;
    seen.setAttribute("aria-hidden", "true");
    element("figcaption", "", figure).textContent = words.seen;
    var heading = element("p", "draw-digit__heading", side);
    heading.textContent = words.guesses;
    var list = element("ol", "draw-digit__guesses", side);
    var message = element("p", "draw-digit__message", side);
    var live = element("p", "draw-digit__live", side); // read out when a stroke ends, not on every move
    live.setAttribute("aria-live", "polite");
    live.setAttribute("role", "status");

    var ctx = pad.getContext("2d", { willReadFrequently: true });
    var pen = { x: PAD / 2, y: PAD / 2, down: false };

    /* A colour of the theme, made opaque: overlapping segments of a translucent stroke would show as dots.
       The canvas writes any CSS colour back as #rrggbb or rgba(r, g, b, a); the alpha is dropped. */
    function colour(name, fallback) {
      ctx.fillStyle = getComputedStyle(section).getPropertyValue(name).trim() || fallback;
      return String(ctx.fillStyle).replace(/^rgba\((\d+),\s*(\d+),\s*(\d+),.*\)$/, "rgb($1, $2, $3)");
    }

    function reset() {
      pen.x = pen.y = PAD / 2; // the keyboard draws from the middle again
      pen.down = false;
      moveCursor();
      ctx.fillStyle = colour("--md-default-bg-color", "#fff");
      ctx.fillRect(0, 0, PAD, PAD);
      ctx.strokeStyle = colour("--md-default-fg-color", "#000");
      ctx.lineWidth = PEN;
      ctx.lineCap = ctx.lineJoin = "round";
      seen.getContext("2d").clearRect(0, 0, 28, 28);
      state.input = state.probabilities = null;
      list.textContent = "";
      message.textContent = words.empty;
      live.textContent = "";
    }

    function line(x0, y0, x1, y1) {
      ctx.beginPath();
      ctx.moveTo(x0, y0);
      ctx.lineTo(x1, y1);
      ctx.stroke();
      changed();
    }

    function start() {
      if (state.model || state.loading) return;
      message.textContent = words.loading;
      state.loading = loadModel(section.dataset.model).then(function (model) {
        state.model = model;
        changed();
        announce();
      }, function (error) {
        state.loading = null; // the next stroke tries again
        message.textContent = fill(words.failed, { message: error.message });
      });
    }

    function changed() {
      if (state.dirty) return;
      state.dirty = true;
      requestAnimationFrame(function () {
        state.dirty = false;
        guess();
      });
    }

    function guess() {
      var rgba = ctx.getImageData(0, 0, PAD, PAD).data;
      var input = mnistStyle(greyFromRgba(rgba), PAD, PAD, state.model ? state.model.preprocess : DEFAULTS);
      state.input = input;
      drawSeen(input);
      if (!input) {
        list.textContent = "";
        message.textContent = words.empty;
        return;
      }
      if (!state.model) return;
      state.probabilities = forward(state.model, input);
      showGuesses();
    }

    function top3() {
      var order = Array.from(state.probabilities.keys());
      order.sort(function (a, b) { return state.probabilities[b] - state.probabilities[a]; });
      return order.slice(0, 3);
    }

    function showGuesses() {
      message.textContent = "";
      list.textContent = "";
      top3().forEach(function (k) {
        var p = state.probabilities[k];
        var item = element("li", "draw-digit__guess", list);
        element("span", "draw-digit__digit", item).textContent = number.format(k);
        var bar = element("span", "draw-digit__bar", item);
        element("span", "", bar).style.width = (100 * p).toFixed(1) + "%";
        element("span", "draw-digit__percent", item).textContent = percent.format(p);
      });
    }

    function announce() {
      if (!state.probabilities || !state.input) return;
      var parts = top3().map(function (k) {
        return fill(words.guess, { digit: number.format(k), probability: percent.format(state.probabilities[k]) });
      });
      live.textContent = fill(words.announce, { guesses: parts.join(", ") });
    }

    function drawSeen(input) {
      var seenCtx = seen.getContext("2d");
      var picture = seenCtx.createImageData(28, 28);
      for (var i = 0; i < 784; i++) {
        var v = input ? 255 - Math.round(255 * input[i]) : 255;
        picture.data[4 * i] = picture.data[4 * i + 1] = picture.data[4 * i + 2] = v;
        picture.data[4 * i + 3] = 255;
      }
      seenCtx.putImageData(picture, 0, 0);
    }

    function point(event) {
      var rect = pad.getBoundingClientRect();
      return { x: ((event.clientX - rect.left) * PAD) / rect.width, y: ((event.clientY - rect.top) * PAD) / rect.height };
    }

    pad.addEventListener("pointerdown", function (event) {
      start();
      pad.setPointerCapture(event.pointerId);
      var p = point(event);
      pen.down = true;
      pen.x = p.x;
      pen.y = p.y;
      line(p.x, p.y, p.x, p.y); // a dot for a tap
      event.preventDefault();
    });
    pad.addEventListener("pointermove", function (event) {
      if (!pen.down) return;
      var p = point(event);
      line(pen.x, pen.y, p.x, p.y);
      pen.x = p.x;
      pen.y = p.y;
    });
    function lift() {
      if (!pen.down) return;
      pen.down = false;
      requestAnimationFrame(announce);
    }
    pad.addEventListener("pointerup", lift);
    pad.addEventListener("pointercancel", lift);

    var KEYS = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
    pad.addEventListener("keydown", function (event) {
      if (event.key === "Escape" || event.key === "Delete" || event.key === "Backspace") {
        reset();
        event.preventDefault();
        return;
      }
      var step = KEYS[event.key];
      if (!step) return;
      event.preventDefault();
      start();
      var x = Math.min(Math.max(pen.x + step[0] * KEY_STEP, PEN / 2), PAD - PEN / 2);
      var y = Math.min(Math.max(pen.y + step[1] * KEY_STEP, PEN / 2), PAD - PEN / 2);
      if (!event.shiftKey) line(pen.x, pen.y, x, y);
      pen.x = x;
      pen.y = y;
      moveCursor();
    });
    pad.addEventListener("keyup", function (event) {
      if (KEYS[event.key]) requestAnimationFrame(announce);
    });
    function moveCursor() {
      cursor.style.left = (100 * pen.x) / PAD + "%";
      cursor.style.top = (100 * pen.y) / PAD + "%";
    }
    clear.addEventListener("click", function () {
      reset();
      pad.focus();
    });

    reset();
  }

  // Until the network (and with it ownframework's constants) has loaded, the
  // pad's picture is prepared with the same values, to show what the network will see.
  var DEFAULTS = { size: 28, box: 20, ink: 0.1, min_contrast: 0.05 };

  // For the tests (tests/test_digit_model.py, tests/browser/test_draw_digit.py).
  window.ownframeworkDigits = {
    mnistStyle: mnistStyle, greyFromRgba: greyFromRgba, forward: forward, decodeHalves: decodeHalves,
  };
  document.querySelectorAll("section.draw-digit[data-model]").forEach(function (section) {
    new Box(section);
  });
})();
