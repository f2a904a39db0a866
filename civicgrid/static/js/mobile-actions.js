/* Act on a case right from the phone's lists: fixed on the spot, verified fixed, not fixed (rework).
   Like a report, each action is stored in the outbox first and sent with one Idempotency-Key, so a lost
   answer or a dropped connection is sent again later and taken once (cases.services.transition). */
(function () {
  "use strict";
  var zh = document.documentElement.lang !== "en";

  function newKey() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
  }
  function showErrors(form, fields) {
    form.querySelectorAll("[data-error]").forEach(function (n) { n.textContent = ""; n.classList.add("d-none"); });
    form.querySelectorAll(".invalid-feedback[data-error]").forEach(function (n) { n.classList.remove("d-none"); });
    Object.keys(fields || {}).forEach(function (name) {
      var target = form.querySelector('[data-error="' + name + '"]') || form.querySelector('[data-error=""]');
      target.textContent = fields[name].map(function (e) { return e.message; }).join(" ");
      target.classList.remove("d-none");
    });
  }
  function done(form, text, warning) {
    var card = form.closest(".card-body"), box = card.querySelector("[data-done]");
    box.textContent = text;
    box.className = "alert small py-2 mt-2 mb-0 " + (warning ? "alert-warning" : "alert-success");
    if (!warning) {
      card.querySelectorAll("form, [data-phone-buttons]").forEach(function (n) { n.classList.add("d-none"); });
    }
  }

  document.querySelectorAll("form.phone-action").forEach(function (form) {
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        var badge = form.querySelector('label[for="' + input.id + '"] [data-count]');
        if (badge) { badge.textContent = input.files.length || ""; }
      });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      // One key per action until it is taken: a resend of the same action is recognised, never doubled.
      form.dataset.key = form.dataset.key || newKey();
      var fields = { expected_version: form.dataset.version };
      form.querySelectorAll("textarea").forEach(function (t) { fields[t.name] = t.value; });
      var files = [];
      form.querySelectorAll("input[type=file]").forEach(function (input) {
        Array.prototype.forEach.call(input.files, function (f) { files.push({ field: input.name, blob: f, name: f.name, type: f.type }); });
      });
      var item = { key: form.dataset.key, url: form.dataset.api, fields: fields, files: files, created: Date.now() };
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      window.Outbox.put(item).then(function () { return window.Outbox.sendNow(item); }).then(function (response) {
        if (response.ok) {
          return window.Outbox.remove(item.key).then(function () {
            done(form, zh ? "已提交。" : "Sent.", false);
            window.Outbox.showStatus();
          });
        }
        return response.json().then(function (body) {
          // Refused (a field error, or the case changed meanwhile): nothing was done; the input stays to correct.
          window.Outbox.remove(item.key);
          delete form.dataset.key;
          var error = body.error || {};
          showErrors(form, error.fields || { "": [{ message: error.message || response.statusText }] });
          button.disabled = false;
        });
      }).catch(function () {
        done(form, zh ? "网络不通，已保存在手机上，联网后自动提交。" : "No connection: saved on the phone, it will be sent when online.", true);
        window.Outbox.showStatus();
        button.disabled = false;
      });
    });
  });
  // Tests (and anyone curious) can tell the forms are wired before they press a button.
  document.body.dataset.actionsReady = "1";
})();
