/* The searchable picker over a long grouped select (select[data-picker], civicgrid/picker.py): the filing
   conditions (部件/事件 › 大类 › 小类) and the categories, on the staff form, the case page and the phone.
   A search box and a list of tappable rows replace the select on screen; the select stays the form's field, so
   what is chosen is what the form posts (or the phone's outbox queues). Typing filters by code, class name,
   condition text or pinyin (full or initials: the keys come from the server in data-pinyin); every word must
   match. Recent choices come first. */
(function () {
  "use strict";
  var zh = document.documentElement.lang !== "en";
  var counter = 0, QUICK = 3;

  function recent(key) { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
  function remember(key, value) {
    if (!value) { return; }
    var list = recent(key).filter(function (v) { return v !== value; });
    list.unshift(value);
    try { localStorage.setItem(key, JSON.stringify(list.slice(0, 6))); } catch (e) { /* private mode */ }
  }
  function norm(text) { return (text || "").toLowerCase().replace(/\s+/g, " "); }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function enhance(select) {
    var text = select.dataset, key = text.recentKey || "recent-picker", id = "picker-" + (++counter);
    var words = {
      search: text.textSearch || (zh ? "搜索编号、名称、拼音首字母" : "Search: code, name, pinyin initials"),
      recent: text.textRecent || (zh ? "最近使用" : "Recently used"),
      found: text.textFound || (zh ? "找到 %(count)s 项" : "%(count)s found"),
      none: text.textNone || (zh ? "没有找到" : "Nothing found"),
      chosen: text.textChosen || (zh ? "已选：" : "Chosen:")
    };

    var box = el("div", "picker");
    var search = el("input", "form-control picker-search");
    search.type = "search"; search.placeholder = words.search; search.autocomplete = "off";
    search.setAttribute("aria-label", words.search);
    search.setAttribute("role", "combobox");
    search.setAttribute("aria-autocomplete", "list");
    search.setAttribute("aria-controls", id);
    search.setAttribute("aria-expanded", "false");
    search.setAttribute("data-testid", "picker-search");
    if (select.id) { search.id = select.id + "-search"; }
    var chosen = el("div", "picker-chosen small");
    chosen.setAttribute("data-testid", "picker-chosen");
    chosen.setAttribute("aria-live", "polite");
    var count = el("div", "form-text mt-0 picker-count");
    count.setAttribute("data-testid", "picker-count");
    var list = el("div", "picker-list list-group");
    list.id = id; list.hidden = true;
    list.setAttribute("role", "listbox");
    list.setAttribute("data-testid", "picker-list");
    // The last few choices as buttons while the list is closed: on the phone, one tap as before.
    var quick = el("div", "picker-quick");
    quick.setAttribute("data-testid", "picker-quick");
    box.append(search, chosen, quick, count, list);
    select.insertAdjacentElement("beforebegin", box);
    // Off screen but still there: it is the field the form posts (and a test may still choose through it).
    select.classList.add("visually-hidden");
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    // The label of the select now names the search box.
    if (select.id) { document.querySelectorAll('label[for="' + select.id + '"]').forEach(function (l) { l.htmlFor = search.id; }); }

    // One row per option, under a heading per group; copies of the recent choices in a group of their own first.
    var rows = [], byValue = {};
    function row(option, group, isRecent) {
      var button = el("button", "list-group-item list-group-item-action picker-item", option.textContent.trim());
      button.type = "button"; button.tabIndex = -1;
      button.id = id + "-" + rows.length;
      button.dataset.value = option.value;
      button.setAttribute("role", "option");
      button.setAttribute("data-testid", "picker-option");
      button.search = norm((group ? group.label : "") + " " + option.textContent + " " + (option.dataset.pinyin || ""));
      button.recent = isRecent;
      rows.push(button);
      return button;
    }
    function heading(label, isRecent) {
      var node = el("div", "picker-group" + (isRecent ? " picker-recent" : ""), label);
      node.setAttribute("role", "presentation");
      return node;
    }
    Array.prototype.forEach.call(select.options, function (option) { if (option.value) { byValue[option.value] = option; } });
    var recentValues = recent(key).filter(function (v) { return byValue[v]; });
    if (recentValues.length) {
      var recentHeading = heading(words.recent, true);
      list.appendChild(recentHeading);
      recentValues.forEach(function (v) {
        var option = byValue[v], r = row(option, option.parentNode.tagName === "OPTGROUP" ? option.parentNode : null, true);
        r.heading = recentHeading; list.appendChild(r);
      });
    }
    Array.prototype.forEach.call(select.children, function (child) {
      if (child.tagName === "OPTGROUP") {
        var h = heading(child.label, false);
        list.appendChild(h);
        Array.prototype.forEach.call(child.children, function (option) {
          if (option.value) { var r = row(option, child, false); r.heading = h; list.appendChild(r); }
        });
      } else if (child.value) {
        list.appendChild(row(child, null, false));
      }
    });

    recentValues.slice(0, QUICK).forEach(function (v) {
      var b = el("button", "btn btn-sm btn-outline-secondary picker-quick-item", byValue[v].textContent.trim());
      b.type = "button"; b.dataset.value = v;
      b.addEventListener("click", function () { choose(v); });
      quick.appendChild(b);
    });

    var active = null;
    function activate(r) {
      if (active) { active.classList.remove("active"); active.setAttribute("aria-selected", "false"); }
      active = r;
      if (r) {
        r.classList.add("active"); r.setAttribute("aria-selected", "true");
        search.setAttribute("aria-activedescendant", r.id);
        r.scrollIntoView({ block: "nearest" });
      } else { search.removeAttribute("aria-activedescendant"); }
    }
    function open() { list.hidden = false; quick.hidden = true; search.setAttribute("aria-expanded", "true"); }
    function close() {
      list.hidden = true; quick.hidden = !quick.children.length;
      search.setAttribute("aria-expanded", "false"); activate(null);
    }
    function showChosen() {
      var option = byValue[select.value];
      chosen.textContent = "";
      if (!option) { return; }
      chosen.append(words.chosen + " ");
      var strong = el("strong", "", option.textContent.trim());
      chosen.appendChild(strong);
      rows.forEach(function (r) { r.classList.toggle("picker-selected", r.dataset.value === select.value); });
    }
    function choose(value) {
      if (select.value !== value) {
        select.value = value;
        select.dispatchEvent(new Event("change", { bubbles: true }));  // shows it as chosen
      }
    }

    function filter() {
      var terms = norm(search.value).split(" ").filter(Boolean), shown = 0, only = null;
      rows.forEach(function (r) {
        var match = terms.every(function (t) { return r.search.indexOf(t) !== -1; });
        r.hidden = !match;
        if (match && !r.recent) { shown += 1; only = r; }
      });
      list.querySelectorAll(".picker-group").forEach(function (h) {
        h.hidden = !rows.some(function (r) { return r.heading === h && !r.hidden; });
      });
      count.textContent = terms.length ? (shown ? words.found.replace("%(count)s", shown) : words.none) : "";
      if (active && active.hidden) { activate(null); }
      // One match: choose it, so typing a code or its initials is enough.
      if (terms.length && shown === 1) { choose(only.dataset.value); }
    }
    function visibleRows() { return rows.filter(function (r) { return !r.hidden; }); }

    search.addEventListener("focus", open);
    search.addEventListener("click", open);
    search.addEventListener("input", function () { filter(); open(); });
    search.addEventListener("keydown", function (event) {
      var shown = visibleRows(), at = shown.indexOf(active);
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault(); open();
        if (!shown.length) { return; }
        var next = event.key === "ArrowDown" ? Math.min(at + 1, shown.length - 1) : Math.max(at - 1, 0);
        activate(shown[at === -1 ? 0 : next]);
      } else if (event.key === "Enter") {
        // Enter chooses the highlighted (or only) row instead of sending the form half-filled.
        var matches = shown.filter(function (r) { return !r.recent; });
        var pick = active || (matches.length === 1 ? matches[0] : null);
        if (!list.hidden || pick) { event.preventDefault(); }
        if (pick) { choose(pick.dataset.value); search.value = ""; filter(); close(); }
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault(); close();
      }
    });
    list.addEventListener("mousedown", function (event) { event.preventDefault(); });  // keep the focus in the box
    list.addEventListener("click", function (event) {
      var r = event.target.closest(".picker-item");
      if (!r) { return; }
      choose(r.dataset.value); search.value = ""; filter(); close();
      search.blur();  // a tap chose: the phone's keyboard goes away
    });
    document.addEventListener("click", function (event) { if (!box.contains(event.target)) { close(); } });
    search.addEventListener("blur", function () {
      setTimeout(function () { if (!box.contains(document.activeElement)) { close(); } }, 150);
    });
    select.addEventListener("change", showChosen);
    close();
    if (select.form) { select.form.addEventListener("submit", function () { remember(key, select.value); }); }
    showChosen();
    select.dataset.pickerReady = "1";
  }

  function start() { document.querySelectorAll("select[data-picker]:not([data-picker-ready])").forEach(enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
