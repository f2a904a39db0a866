/* Report in three taps: photo, position (from the phone, pin to correct), category (the picker of picker.js:
   search by code, name or pinyin initials, recent choices first). */
(function () {
  "use strict";
  var form = document.getElementById("m-report");
  if (!form) { return; }
  var zh = document.documentElement.lang !== "en";
  var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
  var photos = document.getElementById("m-photos");
  photos.addEventListener("change", function () { document.getElementById("photo-count").textContent = photos.files.length || ""; });

  // Every field's error, each under its field; the ones without a place of their own together in the box.
  var ALIASES = { lng: "position", lat: "position", crs: "position" };
  function showErrors(fields) {
    var box = document.getElementById("m-error"), rest = [], shown = {};
    form.querySelectorAll("[data-error]").forEach(function (n) { n.textContent = ""; });
    box.textContent = ""; box.className = "alert alert-danger d-none";
    Object.keys(fields || {}).forEach(function (name) {
      var text = fields[name].map(function (e) { return e.message; }).join(" ");
      var place = ALIASES[name] || name, target = form.querySelector('[data-error="' + place + '"]');
      if (!target) { rest.push(text); return; }
      if (shown[place] === text) { return; }  // lng and lat say the same thing
      shown[place] = text;
      target.textContent = target.textContent ? target.textContent + " " + text : text;
    });
    if (rest.length) { box.textContent = rest.join(" "); box.classList.remove("d-none"); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = {
      description: form.elements.description.value, lng: form.elements.lng.value, lat: form.elements.lat.value,
      category: form.elements.category.value, source: "patrol"
    };
    var item = {
      key: key, url: form.dataset.api, fields: fields, created: Date.now(),
      files: Array.prototype.map.call(photos.files, function (f) { return { field: "photos", blob: f, name: f.name, type: f.type }; })
    };
    window.Outbox.submit(item, {
      button: form.querySelector("button[type=submit]"), done: form.dataset.done, showErrors: showErrors,
      offlineText: zh ? "网络不通，已保存在手机上，联网后自动提交。" : "No connection: saved on the phone, it will be sent when online."
    });
  });
})();
