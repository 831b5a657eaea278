// hoptac — the ballot entry screen (congress counting). Served from our own origin (CSP: no inline script).
// Without this file the screen works as a plain form; with it:
// * what is typed in the code field is shown against the names as it is typed (struck names crossed out,
//   each agree / disagree / both / neither mark written beside the name), so the counter checks before Enter;
// * a refused entry (400/409) is swapped in by htmx like a saved one, so the reason shows on the form;
// * after each swap the code field has the focus again (the next ballot's number is already filled in).
(function () {
  "use strict";
  var AGREE_KEYS = {
    "1": "agree", "d": "agree", "đ": "agree",
    "2": "disagree", "k": "disagree",
    "3": "both", "c": "both",
    "0": "neither", "-": "neither", ".": "neither"
  };
  var SEPARATORS = /[\s,;+\/]+/;
  var SEPARATORS_ALL = /[\s,;+\/]+/g;

  function parse(style, text, count) {
    var marks = {};
    text = (text || "").trim().toLowerCase();
    if (style === "strike") {
      var tokens = text.split(SEPARATORS).filter(function (t) { return t; });
      if (tokens.length === 1 && count < 10 && tokens[0].length > 1) {
        tokens = tokens[0].split("");
      }
      tokens.forEach(function (token) {
        var position = /^\d+$/.test(token) ? parseInt(token, 10) : 0;
        if (position >= 1 && position <= count) {
          marks[position] = "struck";
        }
      });
    } else {
      text.replace(SEPARATORS_ALL, "").split("").forEach(function (key, index) {
        if (index < count && AGREE_KEYS[key]) {
          marks[index + 1] = AGREE_KEYS[key];
        }
      });
    }
    return marks;
  }

  function preview() {
    var list = document.getElementById("count-names");
    var field = document.querySelector("[data-count-code]");
    if (!list || !field) {
      return;
    }
    var style = list.getAttribute("data-style");
    var items = list.querySelectorAll("[data-index]");
    var marks = parse(style, field.value, items.length);
    items.forEach(function (item) {
      var mark = marks[item.getAttribute("data-index")];
      var name = item.querySelector("[data-name]");
      var label = item.querySelector("[data-mark]");
      name.classList.toggle("text-decoration-line-through", mark === "struck");
      name.classList.toggle("text-body-tertiary", mark === "struck");
      item.classList.toggle("fw-semibold", mark === "agree");
      label.textContent = mark ? list.getAttribute("data-label-" + mark) : list.getAttribute("data-unmarked");
    });
  }

  function focusCode() {
    var field = document.querySelector("[data-count-code]");
    if (field) {
      field.focus();
      field.select();
    }
    preview();
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-count-code]")) {
      preview();
    }
  });
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var target = event.detail.target;
    if ((status === 400 || status === 409) && target && target.id === "count-screen") {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    if (document.getElementById("count-screen")) {
      focusCode();
    }
  });
  document.addEventListener("DOMContentLoaded", preview);
})();
