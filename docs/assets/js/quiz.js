/*
 * Self-check quizzes.
 *
 * The build (tools/sitebuild/quizzes.py) puts each quiz's data, in the page's
 * language, into the page as JSON:
 *
 *   <div class="quiz" data-quiz="pre">
 *     <script type="application/json" class="quiz-data">{...}</script>
 *   </div>
 *
 * This script turns it into a form: one fieldset per question with native
 * radio buttons or checkboxes, a Check button, feedback with a one-sentence
 * explanation in a live region (so screen readers announce it), a running
 * score and a Try again button. No server, no framework, nothing fetched.
 *
 * The options of a question are shown in a new random order on every attempt
 * (the data lists the right answer first more often than not). Enter on an
 * option chooses it and checks the question. A finished attempt's score is kept
 * in this browser (localStorage, key "quiz:<language>:<quiz>"), so the home page
 * can show which quizzes are done and the best score.
 */
(function () {
  "use strict";

  /* Numbers in Latin digits in every language, as the site's texts write them
     (Bengali and Telugu also have digits of their own; mixing the two confuses). */
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined, { numberingSystem: "latn" });

  /* "Score: {score} of {total}" + {score: 3, total: 7} -> "Score: 3 of 7" */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? numbers.format(values[key]) : whole;
    });
  }

  /* A random order of 0..n-1 (Fisher-Yates). */
  function shuffled(n) {
    var order = [];
    for (var i = 0; i < n; i += 1) order.push(i);
    for (var j = n - 1; j > 0; j -= 1) {
      var k = Math.floor(Math.random() * (j + 1));
      var swap = order[j]; order[j] = order[k]; order[k] = swap;
    }
    return order;
  }

  /* The best and the last score of a finished quiz, kept in this browser. */
  function storageKey(quiz) {
    return "quiz:" + (document.documentElement.lang || "en") + ":" + quiz.quiz;
  }

  function saveResult(quiz, score, total) {
    try {
      var key = storageKey(quiz);
      var before = JSON.parse(localStorage.getItem(key) || "null");
      var best = before && before.total === total ? Math.max(before.best, score) : score;
      localStorage.setItem(key, JSON.stringify({ best: best, last: score, total: total }));
    } catch (error) {
      /* storage disabled or full: the quiz still works, it just forgets */
    }
  }

  /* Create an element with attributes and text or child nodes. */
  function h(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    [].concat(children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  function buildQuestion(question, index, quiz, onChecked) {
    var ui = quiz.ui;
    var id = "quiz-" + quiz.quiz + "-" + question.id;
    var multiple = question.choose === "all";

    var inputs = [];
    var marks = [];
    var labels = question.options.map(function (option, k) {
      var input = h("input", {
        type: multiple ? "checkbox" : "radio",
        name: id,
        value: String(k),
        class: "quiz__input"
      });
      var mark = h("span", { class: "quiz__mark" });
      inputs.push(input);
      marks.push(mark);
      return h("label", { class: "quiz__option" }, [
        input,
        h("span", { class: "quiz__option-text" }, option.text),
        mark
      ]);
    });

    var optionList = h("div", { class: "quiz__options" });
    function showInNewOrder() {
      optionList.replaceChildren.apply(optionList, shuffled(labels.length).map(function (k) { return labels[k]; }));
    }
    showInNewOrder();

    var check = h("button", { type: "button", class: "md-button md-button--primary quiz__check" }, ui.check);
    var feedback = h("p", { class: "quiz__feedback", role: "status", id: id + "-feedback" });
    var fieldset = h("fieldset", { class: "quiz__question", id: id, "aria-describedby": id + "-hint" }, [
      h("legend", { class: "quiz__legend" }, [
        h("span", { class: "quiz__number" }, format(ui.question, { number: index + 1, total: quiz.questions.length })),
        h("span", { class: "quiz__text" }, question.text)
      ]),
      h("p", { class: "quiz__hint", id: id + "-hint" }, multiple ? ui.choose_all : ui.choose_one),
      optionList,
      h("div", { class: "quiz__actions" }, check),
      feedback
    ]);

    function checkAnswer() {
      if (fieldset.dataset.result) return;
      var chosen = inputs.filter(function (input) { return input.checked; });
      if (chosen.length === 0) {
        feedback.className = "quiz__feedback quiz__feedback--empty";
        feedback.textContent = ui.nothing_chosen;
        return;
      }
      var right = question.options.every(function (option, k) {
        return option.correct === inputs[k].checked;
      });
      question.options.forEach(function (option, k) {
        inputs[k].disabled = true;
        if (option.correct) {
          marks[k].textContent = ui.correct_option;
          marks[k].className = "quiz__mark quiz__mark--correct";
        } else if (inputs[k].checked) {
          marks[k].textContent = ui.wrong_option;
          marks[k].className = "quiz__mark quiz__mark--wrong";
        }
      });
      fieldset.dataset.result = right ? "correct" : "wrong";
      check.setAttribute("aria-disabled", "true");
      feedback.className = "quiz__feedback quiz__feedback--" + (right ? "correct" : "wrong");
      feedback.replaceChildren(
        h("strong", {}, right ? ui.correct : ui.incorrect),
        " " + question.explanation
      );
      if (question.more) {
        feedback.append(" ", h("a", { href: question.more, class: "quiz__more" }, ui.read_more));
      }
      onChecked(right);
    }

    function reset() {
      delete fieldset.dataset.result;
      check.removeAttribute("aria-disabled");
      feedback.className = "quiz__feedback";
      feedback.textContent = "";
      inputs.forEach(function (input, k) {
        input.checked = false;
        input.disabled = false;
        marks[k].textContent = "";
        marks[k].className = "quiz__mark";
      });
      showInNewOrder();
    }

    check.addEventListener("click", checkAnswer);
    /* Enter on an option: choose it (a checkbox keeps its state) and check the answer,
       instead of the browser's implicit submission of the form. */
    inputs.forEach(function (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key !== "Enter") return;
        event.preventDefault();
        if (!multiple) input.checked = true;
        checkAnswer();
      });
    });
    return {
      element: fieldset,
      reset: reset,
      firstInput: function () { return optionList.querySelector("input"); }
    };
  }

  function buildQuiz(root, quiz) {
    var ui = quiz.ui;
    var total = quiz.questions.length;
    var answered = 0;
    var score = 0;

    var scoreLine = h("p", { class: "quiz__score" });
    var done = h("p", { class: "quiz__done", role: "status" });
    var retry = h("button", { type: "button", class: "md-button quiz__retry", hidden: "" }, ui.try_again);

    function showScore() {
      scoreLine.textContent = format(ui.score, { score: score, total: total });
      done.textContent = answered === total ? format(ui.finished, { score: score, total: total }) : "";
    }

    var questions = quiz.questions.map(function (question, index) {
      return buildQuestion(question, index, quiz, function (right) {
        answered += 1;
        if (right) score += 1;
        retry.hidden = false;
        showScore();
        if (answered === total) saveResult(quiz, score, total);
      });
    });

    retry.addEventListener("click", function () {
      answered = 0;
      score = 0;
      questions.forEach(function (question) { question.reset(); });
      retry.hidden = true;
      showScore();
      questions[0].firstInput().focus();
    });

    var form = h("form", { class: "quiz__form", novalidate: "" }, questions.map(function (q) { return q.element; }));
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.append(h("div", { class: "quiz__summary" }, [scoreLine, done, retry]));
    root.append(form);
    showScore();
    root.dataset.ready = "true";
  }

  function init() {
    document.querySelectorAll(".quiz[data-quiz]").forEach(function (root) {
      var data = root.querySelector("script.quiz-data");
      if (!data || root.dataset.ready) return;
      buildQuiz(root, JSON.parse(data.textContent));
    });
  }

  /* The quizzes already in the page are built at once: the build puts this script
     right after the last quiz (tools/sitebuild/page_assets.py), so the page is
     never painted with an empty quiz that then pushes the rest down. Any quiz
     parsed later is built when the document is complete. */
  init();
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
