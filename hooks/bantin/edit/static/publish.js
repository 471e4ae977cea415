/* "Đăng lên trang": the steps followed live while the site is built. Without JavaScript the page reloads
   itself (its <noscript> refresh); here it asks for the steps each second and shows the result when done. */
(function () {
  "use strict";
  var box = document.querySelector("[data-progress]");
  if (!box) { return; }
  var list = box.querySelector(".steps");
  function poll() {
    fetch(box.getAttribute("data-progress"), { credentials: "same-origin", cache: "no-store" })
      .then(function (answer) { return answer.json(); })
      .then(function (job) {
        job.steps.forEach(function (step, i) {
          var item = list.children[i];
          if (item && item.textContent !== step.text) {
            item.textContent = step.text;
            item.className = "step step--" + step.state;
          }
        });
        if (job.running) { window.setTimeout(poll, 1000); } else { window.location.reload(); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
}());
