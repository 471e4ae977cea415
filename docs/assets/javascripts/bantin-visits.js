/* Live visit counter: refreshes the figures built into the page from visits.json,
   which `make visits` rewrites between builds. Same origin, progressive: without
   JavaScript (or without the file) the built figures stay. */
(function () {
  "use strict";
  var block = document.querySelector("[data-bt-visits]");
  if (!block || !window.fetch) return;
  var views = document.querySelector("[data-bt-views]");
  var format = new Intl.NumberFormat("vi-VN");
  function show(element, value) {
    if (element && typeof value === "number") element.textContent = format.format(value);
  }
  fetch(block.getAttribute("data-bt-visits"), { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data) return;
      ["online", "today", "yesterday", "month", "total"].forEach(function (key) {
        show(block.querySelector('[data-visits="' + key + '"]'), data[key]);
      });
      var count = views && data.views ? data.views[views.getAttribute("data-bt-views")] : 0;
      if (count) {
        show(views, count);
        views.parentNode.hidden = false;  // hidden while a new bulletin had no views
      }
      block.setAttribute("data-bt-updated", data.updated || "");
    })
    .catch(function () { /* keep the built figures */ });
})();
