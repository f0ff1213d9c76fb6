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
 */
(function () {
  "use strict";

  /* Numbers in the page language's own digits where that is the custom (Bengali). */
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);

  /* "Score: {score} of {total}" + {score: 3, total: 7} -> "Score: 3 of 7" */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return key in values ? numbers.format(values[key]) : whole;
    });
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

    var check = h("button", { type: "button", class: "md-button md-button--primary quiz__check" }, ui.check);
    var feedback = h("p", { class: "quiz__feedback", role: "status", id: id + "-feedback" });
    var fieldset = h("fieldset", { class: "quiz__question", id: id, "aria-describedby": id + "-hint" }, [
      h("legend", { class: "quiz__legend" }, [
        h("span", { class: "quiz__number" }, format(ui.question, { number: index + 1, total: quiz.questions.length })),
        h("span", { class: "quiz__text" }, question.text)
      ]),
      h("p", { class: "quiz__hint", id: id + "-hint" }, multiple ? ui.choose_all : ui.choose_one),
      h("div", { class: "quiz__options" }, labels),
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
    }

    check.addEventListener("click", checkAnswer);
    return { element: fieldset, reset: reset, firstInput: inputs[0] };
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
      });
    });

    retry.addEventListener("click", function () {
      answered = 0;
      score = 0;
      questions.forEach(function (question) { question.reset(); });
      retry.hidden = true;
      showScore();
      questions[0].firstInput.focus();
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
