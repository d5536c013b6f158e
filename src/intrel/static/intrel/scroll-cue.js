/* A table wider than its box scrolls sideways inside the box (intrel.css); this says so.
   Before each such table it puts a caption, the page's data-scroll-cue (translated in
   base.html), and marks the box .is-scrollable. Checked again when the window changes size. */
(function () {
  "use strict";
  var BOXES = ".section, .card, .table-scroll";

  function check() {
    var text = document.body.getAttribute("data-scroll-cue") || "";
    document.querySelectorAll(BOXES).forEach(function (box) {
      var wider = false;
      box.querySelectorAll("table, svg.chart").forEach(function (table) {
        if (table.parentElement.closest(BOXES) !== box) return; // an inner box's own table
        var over = table.getBoundingClientRect().width > box.clientWidth + 1;
        var cue = table.previousElementSibling;
        if (!(cue && cue.classList.contains("scroll-cue"))) {
          if (!over) return;
          cue = document.createElement("p");
          cue.className = "scroll-cue";
          cue.textContent = text;
          table.parentNode.insertBefore(cue, table);
        }
        cue.hidden = !over;
        wider = wider || over;
      });
      box.classList.toggle("is-scrollable", wider);
    });
  }

  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(check, 100);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", check);
  } else {
    check();
  }
})();
