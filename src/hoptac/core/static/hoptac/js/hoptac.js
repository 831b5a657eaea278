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
  // A form posts once: a second click or tap while the first post is on its way is ignored (slow phones).
  // Buttons are not disabled — a disabled submitter would drop its name/value ("Gửi" vs "Lưu nháp").
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post" || form.hasAttribute("hx-post")) {
      return;
    }
    if (form.hasAttribute("data-posting")) {
      event.preventDefault();
      return;
    }
    form.setAttribute("data-posting", "");
    form.setAttribute("aria-busy", "true");
  });
  // Back/forward cache: a restored page may post again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-posting]").forEach(function (form) {
      form.removeAttribute("data-posting");
      form.removeAttribute("aria-busy");
    });
  });
  // Auto-submit filters marked data-autosubmit when a select changes.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el.matches && el.matches("[data-autosubmit] select")) {
      el.form.requestSubmit();
    }
  });
})();
