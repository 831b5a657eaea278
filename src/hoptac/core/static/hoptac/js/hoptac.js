// hoptac — behaviour shared by every page. Served from our own origin (CSP: no inline script).
(function () {
  "use strict";
  // Buttons and forms with data-confirm ask before acting (e.g. locking an account, revoking a role).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);
  // Auto-submit filters marked data-autosubmit when a select changes.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit] select")) {
      el.form.requestSubmit();
    }
  });
})();
