/* Chosen photos survive a rejected submission: a browser cannot refill a file input from the server, so the
   files are held on this device (IndexedDB) when the form is sent, and put back into the input when the page
   comes back with errors (data-rejected). A fresh form forgets them. */
(function () {
  "use strict";
  var DB = "civicgrid-form-files", STORE = "files";

  function open() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function key(form, input) { return location.pathname + "#" + (form.id || "form") + "#" + input.name; }

  function keep(form) {
    var inputs = form.querySelectorAll("input[type=file]");
    form.addEventListener("submit", function () {
      inputs.forEach(function (input) {
        var files = Array.prototype.slice.call(input.files || []);
        run("readwrite", function (store) { return store.put(files, key(form, input)); }).catch(function () {});
      });
    });
    inputs.forEach(function (input) {
      if (!form.dataset.rejected) {
        run("readwrite", function (store) { return store.delete(key(form, input)); }).catch(function () {});
        return;
      }
      run("readonly", function (store) { return store.get(key(form, input)); }).then(function (files) {
        if (!files || !files.length || (input.files && input.files.length) || !window.DataTransfer) { return; }
        var transfer = new DataTransfer();
        files.forEach(function (file) { transfer.items.add(file); });
        input.files = transfer.files;
        input.dispatchEvent(new Event("change", { bubbles: true }));
        var note = document.createElement("div");
        note.className = "form-text text-success";
        note.setAttribute("data-testid", "photos-kept");
        note.textContent = (form.dataset.keptText || "%s").replace("%s", files.length);
        input.insertAdjacentElement("afterend", note);
        form.dataset.filesRestored = String(files.length);
      }).catch(function () {});
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-keep-files]").forEach(keep);
  });
})();
