/* Runs in <head>, before the page is drawn: applies the reader's font size and hides an
   announcement they closed, so neither flickers. Kept tiny; bantin.js does the rest. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.className += " js";
  try {
    var size = localStorage.getItem("bantin.fontSize");
    if (size) root.style.setProperty("--bt-font-scale", size);
    var closed = localStorage.getItem("bantin.bannerClosed");
    if (closed) root.setAttribute("data-bt-banner-closed", closed);
  } catch (e) { /* storage blocked: defaults */ }
})();
