/* Search page: Pagefind in the browser, loading only the index chunks a query needs.
   Pagefind already matches tone marks loosely (chuyen = chuyển), but not d with đ, which
   has no decomposition: each query is also searched with a word-initial d read as đ
   (Vietnamese syllables start with d or đ only), and the results are merged by score. */
(function () {
  "use strict";
  var script = document.currentScript;
  var bundle = new URL(script.getAttribute("data-pagefind"), document.baseURI).href;
  var form = document.querySelector(".bt-search-page");
  var input = document.getElementById("bt-search-input");
  var status = document.getElementById("bt-search-status");
  var list = document.getElementById("bt-search-results");
  var pagefind = null;
  var MAX_VARIANTS = 16, SHOWN = 20;

  function variants(query) {
    var combos = [[]];
    query.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 10).forEach(function (word) {
      var options = word.charAt(0) === "d" ? [word, "đ" + word.slice(1)] : [word];
      var next = [];
      combos.forEach(function (combo) {
        options.forEach(function (option) { next.push(combo.concat(option)); });
      });
      combos = next.slice(0, MAX_VARIANTS);
    });
    return combos.map(function (combo) { return combo.join(" "); });
  }

  function load() {
    if (!pagefind) {
      pagefind = import(bundle).then(function (module) { return module.init().then(function () { return module; }); });
    }
    return pagefind;
  }

  function search(query) {
    return load().then(function (module) {
      return Promise.all(variants(query).map(function (v) { return module.search(v); }));
    }).then(function (answers) {
      var best = {};
      answers.forEach(function (answer) {
        answer.results.forEach(function (result) {
          if (!best[result.id] || best[result.id].score < result.score) best[result.id] = result;
        });
      });
      var ranked = Object.keys(best).map(function (id) { return best[id]; })
        .sort(function (a, b) { return b.score - a.score; });
      return Promise.all(ranked.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (pages) { return { total: ranked.length, pages: pages }; });
    });
  }

  function show(query, found) {
    list.textContent = "";
    found.pages.forEach(function (page) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = page.url;
      link.textContent = (page.meta && page.meta.title) || page.url;
      var excerpt = document.createElement("p");
      excerpt.innerHTML = page.excerpt; /* Pagefind's excerpt: escaped text with <mark> */
      item.appendChild(link);
      item.appendChild(excerpt);
      list.appendChild(item);
    });
    status.textContent = found.total
      ? "Tìm thấy " + found.total.toLocaleString("vi-VN") + " kết quả cho “" + query + "”."
      : "Không tìm thấy kết quả nào cho “" + query + "”.";
  }

  function run(query) {
    query = query.trim();
    if (!query) { status.textContent = ""; list.textContent = ""; return; }
    status.textContent = "Đang tìm…";
    search(query).then(function (found) { show(query, found); }, function () {
      status.textContent = "Không tải được bộ tìm kiếm. Hãy thử lại sau.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    history.replaceState(null, "", "?q=" + encodeURIComponent(query));
    run(query);
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; run(initial); }
})();
