// hoptac — the lab's order form: ticking a package ticks its parameters; the quote follows the ticked ones.
// Served from our own origin (CSP: no inline script); works on content htmx swaps in (document-level listener).
(function () {
  "use strict";
  function formatVnd(amount) {
    return String(Math.round(amount)).replace(/\B(?=(\d{3})+(?!\d))/g, ".") + " ₫";
  }
  function updateQuote(picker) {
    var total = 0;
    picker.querySelectorAll("input[name=parameters]:checked").forEach(function (box) {
      total += Number(box.getAttribute("data-price") || 0);
    });
    var shown = picker.querySelector("[data-quote]");
    if (shown) {
      shown.textContent = formatVnd(total);
    }
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    var picker = el.closest && el.closest("#parameter-picker");
    if (!picker) {
      return;
    }
    if (el.name === "packages" && el.checked) {
      (el.getAttribute("data-parameters") || "").split(",").forEach(function (id) {
        var box = picker.querySelector('input[name=parameters][value="' + id + '"]');
        if (box) {
          box.checked = true;
        }
      });
    }
    updateQuote(picker);
  });
})();
