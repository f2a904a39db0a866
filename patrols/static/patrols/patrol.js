/* The phone's patrol page: start, watch the position, buffer positions on the phone (localStorage) and send
   them in batches with a batch id; a batch stays on the phone until the server has it, and is sent again
   (same id, so never stored twice) after a dropped connection. */
(function () {
  "use strict";
  var root = document.getElementById("patrol");
  if (!root) { return; }
  var API = root.dataset.api, BUFFER = "patrol-buffer", QUEUE = "patrol-batches", BATCH_SIZE = 20;
  var session = null, watch = null, sending = false, last = null, lastSent = null, gpsError = false;
  var $ = function (id) { return document.getElementById(id); };

  function load(key) { try { return JSON.parse(localStorage.getItem(key) || "[]"); } catch (e) { return []; } }
  function save(key, value) { localStorage.setItem(key, JSON.stringify(value)); }
  function uid() { return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 10); }
  function csrf() { var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/); return m ? decodeURIComponent(m[1]) : ""; }
  function post(url, body) {
    return fetch(url, { method: "POST", credentials: "same-origin", body: JSON.stringify(body || {}),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf(), "Accept": "application/json" } });
  }
  function error(text) { $("patrol-error").textContent = text || ""; }
  function ago(time) {
    if (!time) { return "—"; }
    var seconds = Math.max(0, Math.round((Date.now() - time) / 1000));
    return seconds < 120 ? seconds + " " + root.dataset.labelSecondsAgo : Math.round(seconds / 60) + " " + root.dataset.labelMinutesAgo;
  }
  // The real state: how old the last position is, what waits on the phone, when the server last took a batch.
  function showQueue() {
    var waiting = load(BUFFER).length + load(QUEUE).reduce(function (n, b) { return n + b.points.length; }, 0);
    $("patrol-queue").textContent = waiting ? waiting + " " + root.dataset.labelSending : root.dataset.labelSent;
    $("patrol-waiting").textContent = String(waiting);
    $("patrol-fix").textContent = ago(last && last.time);
    $("patrol-sent").textContent = ago(lastSent);
  }
  function stopWatching() { if (watch !== null) { navigator.geolocation.clearWatch(watch); watch = null; } }
  // The patrol was ended elsewhere (another phone, a reviewer, the 8-hour auto-close): say so at once.
  function endedElsewhere(data) {
    stopWatching();
    render(data || Object.assign({}, session, { status: "ended" }));
    error(root.dataset.labelEndedElsewhere);
  }
  function checkRunning() {
    if (!session || session.status !== "active") { return; }
    var id = session.id;
    fetch(API + id + "/", { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body && body.status !== "active" && session && session.id === id && session.status === "active") { endedElsewhere(body); } })
      .catch(function () { /* offline: checked again later */ });
  }

  function render(data) {
    session = data;
    var active = data && data.status === "active";
    $("patrol-start").classList.toggle("d-none", !!active);
    $("patrol-end").classList.toggle("d-none", !active);
    if (!data) { return; }
    $("patrol-grid").textContent = data.grid ? data.grid.name : "—";
    $("patrol-status").textContent = active ? root.dataset.labelActive : root.dataset.labelEnded;
    $("patrol-points").textContent = data.points;
    var list = $("patrol-checkpoints"), row = $("checkpoint-row");
    list.innerHTML = "";
    data.checkpoints.forEach(function (cp) {
      var item = row.content.firstElementChild.cloneNode(true);
      item.querySelector(".name").textContent = cp.name;
      var button = item.querySelector("button");
      if (cp.visited) { button.disabled = true; button.className = "btn btn-sm btn-success"; }
      button.addEventListener("click", function () { confirmCheckpoint(cp, button); });
      list.appendChild(item);
    });
  }

  function confirmCheckpoint(cp, button) {
    if (!last) { error(root.dataset.labelNogps); return; }
    post(API + session.id + "/checkpoints/" + cp.id + "/", { lng: last.lng, lat: last.lat }).then(function (r) {
      return r.json().then(function (body) {
        if (r.ok) { button.disabled = true; button.className = "btn btn-sm btn-success"; error(""); }
        else { error(body.error && (Object.values(body.error.fields)[0] || [{}])[0].message || body.error.message); }
      });
    }).catch(function () { error(root.dataset.labelOffline); });
  }

  function seal() {
    var buffer = load(BUFFER);
    if (!buffer.length || !session) { return; }
    var queue = load(QUEUE);
    queue.push({ id: uid(), session: session.id, points: buffer });
    save(QUEUE, queue); save(BUFFER, []);
  }

  function flush() {
    seal();
    if (sending || !navigator.onLine) { showQueue(); return Promise.resolve(); }
    var queue = load(QUEUE);
    if (!queue.length) { showQueue(); return Promise.resolve(); }
    sending = true;
    var batch = queue[0];
    return post(API + batch.session + "/points/", { batch_id: batch.id, points: batch.points }).then(function (r) {
      if (r.ok || (r.status >= 400 && r.status < 500)) {  // stored, or refused for good: either way it leaves the phone
        save(QUEUE, load(QUEUE).filter(function (b) { return b.id !== batch.id; }));
        if (!r.ok) { return r.json().then(function (body) { error(body.error.message); checkRunning(); }); }
        lastSent = Date.now();
        return r.json().then(function (result) { if (session) { session.points += result.accepted; $("patrol-points").textContent = session.points; } });
      }
    }).catch(function () { /* offline: kept for later */ }).then(function () {
      sending = false; showQueue();
      if (load(QUEUE).length && navigator.onLine) { return flush(); }
    });
  }

  function onPosition(position) {
    last = { lng: position.coords.longitude, lat: position.coords.latitude, time: Date.now() };
    if (gpsError) { gpsError = false; error(""); }  // the phone gives positions again: the old warning is wrong now
    var buffer = load(BUFFER);
    buffer.push({ lng: last.lng, lat: last.lat, t: new Date(position.timestamp).toISOString(), acc: position.coords.accuracy });
    save(BUFFER, buffer);
    if (buffer.length >= BATCH_SIZE) { flush(); } else { showQueue(); }
  }

  function watchPosition() {
    if (!navigator.geolocation) { error(root.dataset.labelNogps); return; }
    if (watch === null) {
      watch = navigator.geolocation.watchPosition(onPosition, function () {
        // A timeout between fixes is not "no position" while recent positions keep coming.
        if (!last || Date.now() - last.time > 60000) { gpsError = true; error(root.dataset.labelNogps); }
      },
        { enableHighAccuracy: true, maximumAge: 5000, timeout: 30000 });
    }
  }

  $("patrol-start").addEventListener("click", function () {
    var key = localStorage.getItem("patrol-start-key") || uid();
    localStorage.setItem("patrol-start-key", key);
    post(API, { client_id: key }).then(function (r) { return r.json().then(function (body) {
      if (!r.ok) { error(body.error.message); return; }
      localStorage.removeItem("patrol-start-key"); error(""); render(body); watchPosition();
    }); }).catch(function () { error(root.dataset.labelOffline); });
  });

  $("patrol-end").addEventListener("click", function () {
    if (!session) { return; }
    var id = session.id;
    stopWatching();
    flush().then(function () { return post(API + id + "/end/"); }).then(function (r) { return r.json(); })
      .then(function (body) { if (body.error) { error(body.error.message); } else { render(body); } });
  });

  window.addEventListener("online", flush);
  setInterval(flush, 15000);
  setInterval(checkRunning, 10000);
  setInterval(showQueue, 5000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { checkRunning(); } });
  fetch(API + "current/", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (body) {
    if (body.session) { render(body.session); watchPosition(); }
    root.dataset.ready = "1";
    flush();
  });
})();
