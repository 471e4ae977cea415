/* The body's Markdown toolbar (EasyMDE, vendored: vendor/easymde/). Without JavaScript the plain textarea
   works the same; EasyMDE keeps the textarea's value in step, so the form sends what the clerk sees. */
(function () {
  "use strict";
  var area = document.getElementById("f-body");
  if (!area || typeof EasyMDE === "undefined") { return; }
  function button(name, action, text, title) {
    return { name: name, action: action, title: title, icon: "<span class=\"tool\">" + text + "</span>" };
  }
  var editor = new EasyMDE({
    element: area,
    autoDownloadFontAwesome: false,   // no request to a CDN: the buttons carry words of their own
    spellChecker: false,              // its dictionaries come from a CDN
    nativeSpellcheck: true,
    forceSync: true,
    status: false,
    minHeight: "18rem",
    renderingConfig: { codeSyntaxHighlighting: false },
    insertTexts: {
      link: ["[", "](https://)"],
      table: ["", "\n\n| Cột 1 | Cột 2 |\n| --- | --- |\n| Chữ | Chữ |\n\n"],
      horizontalRule: ["", "\n\n-----\n\n"]
    },
    toolbar: [
      button("bold", EasyMDE.toggleBold, "Đậm", "Chữ đậm"),
      button("italic", EasyMDE.toggleItalic, "Nghiêng", "Chữ nghiêng"),
      button("heading-2", EasyMDE.toggleHeading2, "Mục", "Tiêu đề mục"),
      button("unordered-list", EasyMDE.toggleUnorderedList, "• Danh sách", "Danh sách gạch đầu dòng"),
      button("ordered-list", EasyMDE.toggleOrderedList, "1. Danh sách", "Danh sách đánh số"),
      button("quote", EasyMDE.toggleBlockquote, "Trích dẫn", "Trích dẫn"),
      button("link", EasyMDE.drawLink, "Liên kết", "Chèn liên kết"),
      button("table", EasyMDE.drawTable, "Bảng", "Chèn bảng"),
      "|",
      button("undo", EasyMDE.undo, "Hoàn lại", "Hoàn lại thao tác vừa làm"),
      button("redo", EasyMDE.redo, "Làm lại", "Làm lại thao tác")
    ]
  });
  // EasyMDE takes its buttons out of the Tab order (tabindex=-1): a clerk without a mouse reaches them too.
  Array.prototype.forEach.call(document.querySelectorAll(".editor-toolbar button"), function (b) { b.tabIndex = 0; });
  // Tab and Shift+Tab leave the text as in any other field (EasyMDE keeps them to indent lists: a keyboard trap).
  var keys = editor.codemirror.getOption("extraKeys") || {};
  keys.Tab = false;
  keys["Shift-Tab"] = false;
  editor.codemirror.setOption("extraKeys", keys);
  editor.codemirror.getInputField().setAttribute("aria-label", "Nội dung");
  // "Chèn số liệu": the expression at the cursor; the programme chosen when none is.
  var programme = document.getElementById("f-programme");
  var status = document.getElementById("figure-status");
  Array.prototype.forEach.call(document.querySelectorAll("button.insert"), function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      editor.codemirror.replaceSelection(b.getAttribute("data-expression"));
      var wanted = b.getAttribute("data-programme");
      if (programme && !programme.value) { programme.value = wanted; }
      if (status) {
        status.textContent = programme && programme.value !== wanted
          ? "Đã chèn; số liệu này thuộc chương trình khác với ô Chương trình đang chọn."
          : "Đã chèn số liệu vào nội dung.";
      }
      editor.codemirror.focus();
    });
  });
  editor.codemirror.getInputField().setAttribute("aria-describedby", area.getAttribute("aria-describedby"));
}());
