/* The phone's outbox: a report is stored on the phone before it is sent, and sent again (with the same
   idempotency key) until the server has it. Nothing typed is lost on a dropped connection, nothing doubled. */
(function () {
  "use strict";
  var DB = "civicgrid-outbox", STORE = "reports";
  var zh = document.documentElement.lang !== "en";

  function db() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, { keyPath: "key" }); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function tx(mode, fn) {
    return db().then(function (conn) {
      return new Promise(function (resolve, reject) {
        var t = conn.transaction(STORE, mode), result = fn(t.objectStore(STORE));
        t.oncomplete = function () { resolve(result && result.result !== undefined ? result.result : result); };
        t.onerror = function () { reject(t.error); };
      });
    });
  }
  function csrf() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return match ? decodeURIComponent(match[1]) : (input ? input.value : "");
  }
  function send(item) {
    var body = new FormData();
    Object.keys(item.fields).forEach(function (name) { if (item.fields[name] !== "") { body.append(name, item.fields[name]); } });
    item.files.forEach(function (file) { body.append(file.field, file.blob, file.name); });
    return fetch(item.url, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), "Idempotency-Key": item.key, "Accept": "application/json" }
    });
  }
  // Sending right after the person pressed the button: a connection that drops once (a phone between
  // cells, a socket the server just closed) gets one more try before the item waits in the outbox.
  function sendNow(item) {
    return send(item).catch(function () {
      return new Promise(function (resolve) { setTimeout(resolve, 1500); }).then(function () { return send(item); });
    });
  }
  function put(item) { return tx("readwrite", function (s) { return s.put(item); }); }
  function remove(key) { return tx("readwrite", function (s) { return s.delete(key); }); }
  function all() { return tx("readonly", function (s) { return s.getAll(); }); }

  var flushing = false;
  function showStatus() {
    var badge = document.getElementById("outbox-status");
    if (!badge) { return Promise.resolve(); }
    return all().then(function (items) {
      badge.textContent = items.length ? (zh ? "待上传 " + items.length : items.length + " waiting") : "";
    });
  }
  function flush() {
    if (flushing) { return Promise.resolve(); }
    flushing = true;
    return all().then(function (items) {
      return items.reduce(function (chain, item) {
        return chain.then(function () {
          return send(item).then(function (response) {
            // Stored on the server (201/200), or refused for good (4xx but a rate limit): done with it here.
            if (response.ok || (response.status >= 400 && response.status < 500 && response.status !== 429 && response.status !== 408)) {
              return remove(item.key);
            }
          });
        });
      }, Promise.resolve());
    }).catch(function () { /* offline: try again later */ }).then(function () { flushing = false; return showStatus(); });
  }

  // A phone form's submission: stored on the phone first (closing the page or losing the network now loses
  // nothing), then sent at once. Accepted: go to `done`. Refused as invalid (400): the item is dropped and the
  // field errors shown, so the person corrects and sends again. No connection: it waits in the outbox.
  function submit(item, options) {
    options.button.disabled = true;
    return put(item).then(function () { return sendNow(item); }).then(function (response) {
      if (response.ok) {
        return remove(item.key).then(function () { window.location.href = options.done + "?sent=1"; });
      }
      return response.json().then(function (body) {
        if (response.status === 400) { remove(item.key); }
        options.showErrors((body.error && body.error.fields) || { "": [{ message: (body.error && body.error.message) || response.statusText }] });
        options.button.disabled = false;
      });
    }).catch(function () {
      var box = document.getElementById("m-error");
      box.className = "alert alert-warning";
      box.textContent = options.offlineText;
      showStatus();
      options.button.disabled = false;
    });
  }

  window.Outbox = { put: put, remove: remove, send: send, sendNow: sendNow, submit: submit, flush: flush, showStatus: showStatus };
  window.addEventListener("online", flush);
  document.addEventListener("DOMContentLoaded", function () { flush(); });
  setInterval(flush, 30000);
})();
