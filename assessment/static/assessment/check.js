/* Field check on a phone: the nearest sites first, then the checklist walked item by item. A submission is
   stored in the phone's outbox first and sent with its key until the server has it: nothing lost, nothing
   counted twice. */
(function () {
  "use strict";
  var zh = document.documentElement.lang !== "en";

  // --- Site picker -----------------------------------------------------------------------------------
  var status = document.getElementById("nearby-status");
  if (status) {
    var list = document.getElementById("site-list"), row = document.getElementById("site-row");
    var noGps = function () { status.textContent = status.dataset.labelNogps; };
    if (!navigator.geolocation) { noGps(); } else {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var url = status.dataset.api + "?lng=" + pos.coords.longitude + "&lat=" + pos.coords.latitude;
        fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
          .then(function (r) { return r.ok ? r.json() : Promise.reject(r); })
          .then(function (body) {
            status.textContent = status.dataset.labelNear;
            list.innerHTML = "";
            body.sites.forEach(function (site) {
              var li = row.content.firstElementChild.cloneNode(true);
              li.querySelector(".name").textContent = site.name;
              li.querySelector(".meta").textContent = site.type + " · " + site.community + " · " + site.distance_m + " m";
              site.checklists.forEach(function (list) {
                var a = document.createElement("a");
                a.className = "btn btn-sm btn-outline-primary"; a.href = list.url; a.textContent = list.label;
                li.querySelector(".checklists").appendChild(a);
              });
              list.appendChild(li);
            });
          }).catch(noGps);
      }, noGps, { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
    }
  }

  // --- Checklist -------------------------------------------------------------------------------------
  var form = document.getElementById("field-check");
  if (!form) { return; }
  var key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
  if (navigator.geolocation) {
    navigator.geolocation.getCurrentPosition(function (pos) {
      form.elements.lng.value = pos.coords.longitude.toFixed(6);
      form.elements.lat.value = pos.coords.latitude.toFixed(6);
    }, function () {}, { enableHighAccuracy: true, timeout: 8000, maximumAge: 60000 });
  }
  form.querySelectorAll(".check-item").forEach(function (box) {
    var details = box.querySelector(".fail-details");
    box.querySelectorAll("input[type=radio]").forEach(function (radio) {
      radio.addEventListener("change", function () { details.classList.toggle("d-none", radio.value !== "fail" || !radio.checked); });
    });
    var files = box.querySelector("input[type=file]");
    files.addEventListener("change", function () { box.querySelector(".photo-count").textContent = files.files.length || ""; });
  });
  document.getElementById("all-pass").addEventListener("click", function () {
    form.querySelectorAll(".check-item").forEach(function (box) {
      if (!box.querySelector("input[type=radio]:checked")) { box.querySelector("input[value=pass]").checked = true; }
    });
  });

  function showErrors(fields) {
    form.querySelectorAll("[data-error]").forEach(function (n) { n.textContent = ""; });
    var box = document.getElementById("m-error");
    box.classList.add("d-none");
    var first = null;
    Object.keys(fields || {}).forEach(function (name) {
      var target = form.querySelector('[data-error="' + name + '"]');
      var text = fields[name].map(function (e) { return e.message; }).join(" ");
      if (target) { target.textContent = text; first = first || target; } else {
        box.textContent = (box.classList.contains("d-none") ? "" : box.textContent + " ") + text;
        box.className = "alert alert-danger"; first = first || box;
      }
    });
    if (first) { first.scrollIntoView({ block: "center" }); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var fields = {}, files = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken") { return; }
      if (el.type === "radio") { if (el.checked) { fields[el.name] = el.value; } return; }
      if (el.type === "file") {
        var outcome = form.querySelector('input[name="outcome-' + el.name.slice(7) + '"]:checked');
        if (outcome && outcome.value === "fail") {
          Array.prototype.forEach.call(el.files, function (f) { files.push({ field: el.name, blob: f, name: f.name, type: f.type }); });
        }
        return;
      }
      fields[el.name] = el.value;
    });
    var item = { key: key, url: form.dataset.api, fields: fields, files: files, created: Date.now() };
    window.Outbox.submit(item, {
      button: form.querySelector("button[type=submit]"), done: form.dataset.done, showErrors: showErrors,
      offlineText: zh ? "网络不通，检查结果已保存在手机上，联网后自动提交。" : "No connection: the check is saved on the phone and will be sent when online."
    });
  });
})();
