/* "Số liệu": the sum of the task counts checked as the clerk types, in the words the build uses
   (the sentence comes from the page: bantin.figures.loading's own). Without JavaScript the check is made on saving. */
(function () {
  "use strict";
  var box = document.querySelector("fieldset[data-sum-message]");
  var assigned = box && box.querySelector("[data-sum=assigned]");
  var live = document.getElementById("live-sum");
  if (!assigned || !live) { return; }
  var parts = box.querySelectorAll("[data-sum=part]");
  function whole(input) { return /^[0-9]+$/.test(input.value.trim()) ? parseInt(input.value, 10) : null; }
  function check() {
    var total = 0, terms = [], given = whole(assigned);
    for (var i = 0; i < parts.length; i += 1) {
      var value = whole(parts[i]);
      if (value === null || given === null) { live.hidden = true; return; }
      total += value;
      terms.push(parts[i].getAttribute("data-word") + " " + value);
    }
    if (total === given) {
      live.hidden = true;
      live.textContent = "";
      assigned.removeAttribute("aria-invalid");
      return;
    }
    live.textContent = box.getAttribute("data-sum-message").replace("{a}", given)
      .replace("{terms}", terms.join(" + ")).replace("{s}", total);
    live.hidden = false;
    assigned.setAttribute("aria-invalid", "true");
  }
  box.addEventListener("input", check);
})();
