(function () {
  "use strict";
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.rank tbody tr"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.alert"));
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button.flt"));
  var box = document.getElementById("q");
  var kind = "";
  function apply() {
    var q = box ? box.value.trim().toLowerCase() : "";
    rows.forEach(function (tr) {
      var ok = (!kind || tr.getAttribute("data-kind") === kind) && (!q || tr.textContent.toLowerCase().indexOf(q) >= 0);
      tr.classList.toggle("hidden", !ok);
    });
    sections.forEach(function (s) {
      var ok = (!kind || s.getAttribute("data-kind") === kind) && (!q || s.textContent.toLowerCase().indexOf(q) >= 0);
      s.classList.toggle("hidden", !ok);
    });
  }
  buttons.forEach(function (b) {
    b.addEventListener("click", function () {
      kind = b.getAttribute("data-kind") || "";
      buttons.forEach(function (o) { o.classList.toggle("on", o === b); });
      apply();
    });
  });
  if (box) { box.addEventListener("input", apply); }
  function mark() {
    var imgs = Array.prototype.slice.call(document.images);
    var drawn = imgs.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
    document.body.setAttribute("data-images", drawn + "/" + imgs.length);
    document.body.setAttribute("data-alerts", String(sections.length));
    document.body.setAttribute("data-ready", "1");
  }
  if (document.readyState === "complete") { mark(); } else { window.addEventListener("load", mark); }
})();
