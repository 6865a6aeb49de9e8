// lagebild web UI: small enhancements only; every page works without this script.
// No data is ever inserted as HTML here: only textContent and attributes.
"use strict";
(function () {
  function setupTips() {
    var bar = document.getElementById("tipbar");
    if (!bar) return;
    function show(event) {
      var target = event.target.closest ? event.target.closest("[data-tip]") : null;
      if (!target) return;
      bar.textContent = target.getAttribute("data-tip");
      bar.hidden = false;
    }
    document.addEventListener("mouseover", show);
    document.addEventListener("focusin", show);
  }
  function setupValues() {
    var box = document.getElementById("show-values");
    var text = document.getElementById("article-text");
    if (!box || !text) return;
    box.addEventListener("change", function () { text.classList.toggle("show-values", box.checked); });
  }
  function setupExample() {
    var button = document.getElementById("use-example");
    var area = document.getElementById("text");
    var example = document.getElementById("example-text");
    if (!button || !area || !example) return;
    button.addEventListener("click", function () { area.value = example.content.textContent; area.focus(); });
  }
  document.addEventListener("DOMContentLoaded", function () { setupTips(); setupValues(); setupExample(); });
})();
