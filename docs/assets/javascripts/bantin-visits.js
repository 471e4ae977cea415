/* Live visit counter: refreshes the figures built into the page from visits.json, which `make visits`
   rewrites between builds. Same origin, progressive: without JavaScript (or without the file) the built
   figures stay, named by their dates. With it, a day that is the reader's today or yesterday is called
   so, and "Đang truy cập" shows only while the figures are at most 15 minutes old. */
(function () {
  "use strict";
  var block = document.querySelector("[data-bt-visits]");
  if (!block || !window.fetch) return;
  var views = document.querySelector("[data-bt-views]");
  var format = new Intl.NumberFormat("vi-VN");
  var FRESH = 15 * 60 * 1000;

  function show(element, value) {
    if (element && typeof value === "number") element.textContent = format.format(value);
  }
  function localDay(date) {  // yyyy-mm-dd in Vietnam's time, as the data names its days
    return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(date);
  }
  function dmy(date) {  // 30/12/2025
    return new Intl.DateTimeFormat("vi-VN", { timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit",
                                             year: "numeric" }).format(date);
  }
  function row(name) { return block.querySelector('[data-visits-row="' + name + '"]'); }
  function label(name, text) {
    var element = block.querySelector('[data-visits-label="' + name + '"]');
    if (element) element.textContent = text;
  }
  function name(updated) {
    if (!updated) return;
    var when = new Date(updated), now = new Date();
    var day = localDay(when);
    var isToday = day === localDay(now);
    var parts = day.split("-");
    label("today", isToday ? "Hôm nay" : "Ngày " + dmy(when));
    label("yesterday", isToday ? "Hôm qua" : "Ngày " + dmy(new Date(when.getTime() - 86400000)));
    label("month", isToday ? "Tháng này" : "Tháng " + Number(parts[1]) + "/" + parts[0]);
    if (row("online")) row("online").hidden = !(now - when >= 0 && now - when <= FRESH);
  }

  name(block.getAttribute("data-bt-updated"));
  fetch(block.getAttribute("data-bt-visits"), { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (data) {
      if (!data) return;
      ["online", "today", "yesterday", "month", "total"].forEach(function (key) {
        show(block.querySelector('[data-visits="' + key + '"]'), data[key]);
      });
      if (row("yesterday")) row("yesterday").hidden = typeof data.yesterday !== "number";
      name(data.updated);
      var count = views && data.views ? data.views[views.getAttribute("data-bt-views")] : 0;
      if (count) {
        show(views, count);
        views.parentNode.hidden = false;  // hidden while a new bulletin had no views
      }
    })
    .catch(function () { /* keep the built figures */ });
})();
