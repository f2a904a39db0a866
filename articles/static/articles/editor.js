/* The article editor's small toolbar: wraps the selected text of the body in a tag, or inserts a picture.
   What is typed is HTML; the server sanitises it on save (articles.sanitize). */
(function () {
  "use strict";
  var bar = document.querySelector("[data-editor-for]");
  if (!bar) { return; }
  var area = document.getElementById(bar.dataset.editorFor);

  function replace(text) {
    var start = area.selectionStart, end = area.selectionEnd;
    area.setRangeText(text, start, end, "end");
    area.focus();
  }

  function selected() { return area.value.substring(area.selectionStart, area.selectionEnd); }

  bar.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    var text = selected();
    if (button.dataset.wrap) {
      var tag = button.dataset.wrap;
      replace("<" + tag + ">" + text + "</" + tag + ">");
    } else if (button.dataset.list) {
      var items = (text || "").split("\n").filter(Boolean).map(function (line) { return "  <li>" + line + "</li>"; });
      replace("<ul>\n" + (items.join("\n") || "  <li></li>") + "\n</ul>");
    } else if (button.dataset.link) {
      var url = window.prompt(button.dataset.prompt, "https://");
      if (url) { replace('<a href="' + url.replace(/"/g, "&quot;") + '">' + (text || url) + "</a>"); }
    }
  });

  document.querySelectorAll("[data-insert-image]").forEach(function (button) {
    button.addEventListener("click", function () {
      var alt = (button.dataset.alt || "").replace(/"/g, "&quot;");
      replace('<p><img src="' + button.dataset.insertImage + '" alt="' + alt + '"></p>');
    });
  });
})();
