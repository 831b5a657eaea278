// hoptac — term targets: one chart per target, the achieved share per year (bars) against the target (line).
// Served from our own origin (CSP: no inline script); the data comes from the page's json_script element.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("target-chart-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var years = data.years.map(String);
    data.targets.forEach(function (target) {
      var canvas = document.querySelector('canvas[data-target-chart="' + target.id + '"]');
      if (!canvas || canvas.getAttribute("data-drawn")) {
        return;
      }
      canvas.setAttribute("data-drawn", "1");
      new window.Chart(canvas, {
        data: {
          labels: years,
          datasets: [
            {
              type: "bar",
              label: canvas.getAttribute("data-achieved-label") || "Đạt được (%)",
              data: target.achieved,
              backgroundColor: target.achieved.map(function (value) {
                return value !== null && value >= target.share ? "rgba(25, 135, 84, 0.7)" : "rgba(220, 53, 69, 0.6)";
              }),
            },
            {
              type: "line",
              label: canvas.getAttribute("data-target-label") || "Chỉ tiêu (%)",
              data: years.map(function () { return target.share; }),
              borderColor: "rgba(13, 110, 253, 0.9)",
              borderDash: [6, 4],
              pointRadius: 0,
              fill: false,
            },
          ],
        },
        options: {
          animation: false,
          scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
          plugins: { legend: { position: "bottom" } },
        },
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
