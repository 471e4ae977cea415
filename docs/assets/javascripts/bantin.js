/* Progressive enhancement for the portal: font size (A− / A / A+, remembered), print, copy
   link, closing the announcement banner. Without JavaScript these buttons stay hidden and
   the page reads the same. No inline handlers: the site runs under script-src 'self'. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = ["0.875", "1", "1.125", "1.25", "1.5"];

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode: this page only */ }
  }

  function reveal(selector) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) { el.hidden = false; });
  }

  function currentSize() {
    var size = root.style.getPropertyValue("--bt-font-scale").trim() || "1";
    return SIZES.indexOf(size) === -1 ? 1 : SIZES.indexOf(size);
  }

  function setSize(index) {
    var size = SIZES[Math.max(0, Math.min(SIZES.length - 1, index))];
    root.style.setProperty("--bt-font-scale", size);
    store("bantin.fontSize", size);
  }

  reveal("[data-bt-fontsize], [data-bt-print], [data-bt-copy], [data-bt-dismiss]");

  document.addEventListener("click", function (event) {
    var target = event.target.closest("button");
    if (!target) return;
    var size = target.getAttribute("data-bt-size");
    if (size) setSize(size === "reset" ? 1 : currentSize() + (size === "up" ? 1 : -1));
    if (target.hasAttribute("data-bt-print")) window.print();
    if (target.hasAttribute("data-bt-copy")) copy(target);
    if (target.hasAttribute("data-bt-dismiss")) dismiss(target);
  });

  function copy(button) {
    var text = button.getAttribute("data-bt-copy");
    var status = button.parentNode.querySelector("[role=status]");
    function done(ok) { if (status) status.textContent = ok ? "Đã sao chép liên kết" : "Hãy chọn và sao chép liên kết ở ô bên cạnh"; }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(text)); });
    } else {
      done(fallback(text));
    }
  }

  function fallback(text) {
    var field = document.getElementById("bt-share-url");
    if (!field) return false;
    field.value = text;
    field.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }

  function dismiss(button) {
    var banner = button.closest("[data-bt-banner]");
    var id = banner.getAttribute("data-bt-banner");
    root.setAttribute("data-bt-banner-closed", id);
    store("bantin.bannerClosed", id);
  }
})();
