/* A search box over a long grouped select (select[data-picker]): the filing conditions (部件/事件 › 大类 ›
   小类) and the categories. Typing filters by code, class name or condition text (every word must match);
   recent choices come first. The select itself stays the form's field. */
(function () {
  "use strict";
  var zh = document.documentElement.lang !== "en";

  function recent(key) { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
  function remember(key, value) {
    if (!value) { return; }
    var list = recent(key).filter(function (v) { return v !== value; });
    list.unshift(value);
    try { localStorage.setItem(key, JSON.stringify(list.slice(0, 6))); } catch (e) { /* private mode */ }
  }
  function norm(text) { return (text || "").toLowerCase().replace(/\s+/g, " "); }

  function enhance(select) {
    var key = select.dataset.recentKey || "recent-picker";
    var options = Array.prototype.slice.call(select.querySelectorAll("option")).filter(function (o) { return o.value; });
    options.forEach(function (o) { o.dataset.search = norm((o.parentNode.label || "") + " " + o.textContent); });

    // Recent choices first, in a group of their own (copies: the originals stay in their class group).
    var seen = {};
    var recentOptions = recent(key).map(function (value) {
      var original = options.find(function (o) { return o.value === value; });
      if (!original || seen[value]) { return null; }
      seen[value] = true;
      var copy = original.cloneNode(true);
      copy.dataset.search = original.dataset.search;
      return copy;
    }).filter(Boolean);
    if (recentOptions.length) {
      var group = document.createElement("optgroup");
      group.label = zh ? "最近使用" : "Recently used";
      group.dataset.recent = "1";
      recentOptions.forEach(function (o) { group.appendChild(o); });
      var first = select.querySelector("optgroup");
      select.insertBefore(group, first);
    }

    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-1";
    search.placeholder = zh ? "搜索：编号、类别或立案条件" : "Search: code, class or condition";
    search.setAttribute("aria-label", search.placeholder);
    search.setAttribute("data-testid", "picker-search");
    search.autocomplete = "off";
    var count = document.createElement("div");
    count.className = "form-text mt-0 mb-1";
    count.setAttribute("data-testid", "picker-count");
    select.insertAdjacentElement("beforebegin", search);
    search.insertAdjacentElement("afterend", count);

    function filter() {
      var words = norm(search.value).split(" ").filter(Boolean), shown = 0, firstShown = null;
      select.querySelectorAll("option").forEach(function (o) {
        if (!o.value) { return; }
        var match = words.every(function (w) { return o.dataset.search.indexOf(w) !== -1; });
        o.hidden = !match; o.disabled = !match && !o.selected;
        if (match && !o.parentNode.dataset.recent) { shown += 1; if (!firstShown) { firstShown = o; } }
      });
      select.querySelectorAll("optgroup").forEach(function (g) {
        g.hidden = !Array.prototype.some.call(g.children, function (o) { return !o.hidden; });
      });
      count.textContent = words.length ? (zh ? "找到 " + shown + " 项" : shown + " found") : "";
      // One match: choose it, so typing a code is enough.
      if (words.length && shown === 1 && firstShown) { select.value = firstShown.value; select.dispatchEvent(new Event("change", { bubbles: true })); }
      var groups = Array.prototype.filter.call(select.querySelectorAll("optgroup"), function (g) { return !g.hidden; }).length;
      if (words.length) { select.size = Math.min(10, Math.max(4, shown + groups + 1)); } else { select.removeAttribute("size"); }
    }
    search.addEventListener("input", filter);
    select.addEventListener("change", function () { if (select.value && search.value) { select.removeAttribute("size"); } });
    if (select.form) { select.form.addEventListener("submit", function () { remember(key, select.value); }); }
    select.dataset.pickerReady = "1";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-picker]").forEach(enhance);
  });
})();
