/* Dates that only the reader's clock knows, in Viet Nam's time (Asia/Ho_Chi_Minh, UTC+7 all year): today's
   date in the header ("Thứ hai, 7/12/2026") and "Tuần này" beside the current week of the work schedule.
   A built page carries no date of its own (builds are byte-identical); without JavaScript neither shows.
   A file, not an inline script: the site runs under Content-Security-Policy script-src 'self'. */
(function () {
  "use strict";
  var DAYS = ["Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function today() {
    var parts = {};
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "numeric",
        day: "numeric" }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    } catch (e) { /* a browser without time zones: Viet Nam has no daylight saving */
      var shifted = new Date(Date.now() + 7 * 3600 * 1000);
      parts = { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
    }
    return { year: +parts.year, month: +parts.month, day: +parts.day };
  }

  var now = today();
  var weekday = new Date(Date.UTC(now.year, now.month - 1, now.day)).getUTCDay();
  var iso = now.year + "-" + pad(now.month) + "-" + pad(now.day);

  Array.prototype.forEach.call(document.querySelectorAll("[data-bt-today]"), function (el) {
    el.textContent = DAYS[weekday] + ", " + now.day + "/" + now.month + "/" + now.year;
    el.hidden = false;
  });

  /* ISO dates compare as text */
  Array.prototype.forEach.call(document.querySelectorAll("[data-bt-week]"), function (week) {
    if (week.getAttribute("data-bt-week") <= iso && iso <= week.getAttribute("data-bt-week-end")) {
      week.classList.add("bt-week--current");
      Array.prototype.forEach.call(week.querySelectorAll("[data-bt-this-week]"), function (el) { el.hidden = false; });
    }
  });
})();
