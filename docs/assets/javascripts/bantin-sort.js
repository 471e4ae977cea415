/* Sorting a ranking table (table[data-bt-sortable]) by any column: each heading with data-bt-sort becomes a
   button, and aria-sort says which column orders the rows. The HTML is already sorted (worst first, by the
   light) and reads the same without JavaScript. A cell's data-bt-value is its figure; without one, its text
   sorts in Vietnamese order. */
(function () {
  "use strict";

  function value(row, index, kind) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-bt-value");
    if (kind === "number") return parseFloat(raw === null ? cell.textContent : raw);
    return (raw === null ? cell.textContent : raw).trim();
  }

  function sort(table, header, direction, status) {
    var index = header.cellIndex, kind = header.getAttribute("data-bt-sort");
    var body = table.tBodies[0];
    var rows = Array.prototype.map.call(body.rows, function (row, place) { return [row, place]; });
    rows.sort(function (a, b) {
      var x = value(a[0], index, kind), y = value(b[0], index, kind);
      var order = kind === "number" ? x - y : x.localeCompare(y, "vi");
      return (direction === "descending" ? -order : order) || a[1] - b[1];  // ties keep the ranking's order
    });
    rows.forEach(function (pair) { body.appendChild(pair[0]); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) { cell.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", direction);
    var words = header.getAttribute("data-bt-" + direction) || (direction === "ascending" ? "tăng dần" : "giảm dần");
    status.textContent = "Bảng xếp theo " + header.textContent.trim() + ", " + words + ".";
  }

  function enhance(table) {
    var status = document.createElement("p");  // says the new order to screen readers
    status.className = "bt-hidden";
    status.setAttribute("role", "status");
    table.parentNode.parentNode.insertBefore(status, table.parentNode.nextSibling);
    Array.prototype.forEach.call(table.querySelectorAll("th[data-bt-sort]"), function (header) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "bt-sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      if (header.hasAttribute("data-bt-sorted")) header.setAttribute("aria-sort", "ascending");
      button.addEventListener("click", function () {
        // Figures start with the largest (most overdue first), names and the light with the first.
        var first = header.getAttribute("data-bt-sort") === "number" && !header.hasAttribute("data-bt-sorted")
          ? "descending" : "ascending";
        var now = header.getAttribute("aria-sort");
        var next = now ? (now === "ascending" ? "descending" : "ascending") : first;
        sort(table, header, next, status);
      });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table[data-bt-sortable]"), enhance);
})();
