/* The small map of a case page and the position picker of the report forms (staff, phone, public).
   Needs civic-map.js. The picker says at once when the pin lies outside the area served. */
(function () {
  "use strict";
  function readJSON(id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : null; }

  function initCaseMap(element, config) {
    var point = readJSON("case-point");
    var civic = CivicMap.create(config);
    civic.base(element);
    var at = civic.show(point.lat, point.lng);
    civic.map.setView(at, 16);
    L.circleMarker(at, { radius: 9, color: "#d9480f", weight: 3, fillOpacity: 0.6, className: "case-point" }).addTo(civic.map);
    var bbox = [point.lng - 0.02, point.lat - 0.02, point.lng + 0.02, point.lat + 0.02].join(",");
    civic.outlines(config.outlinesUrl + "?bbox=" + bbox).then(function () { civic.focus(at); });
  }

  function initPicker(picker, config) {
    var civic = CivicMap.create(config);
    var pickMap = civic.base(picker);
    var form = picker.closest("form");
    var lng = form.querySelector("input[name=lng]"), lat = form.querySelector("input[name=lat]");
    var note = document.createElement("div");
    note.className = "small mt-1"; note.id = "position-note"; note.setAttribute("data-testid", "position-note");
    note.setAttribute("aria-live", "polite");
    picker.insertAdjacentElement("afterend", note);
    var marker = null, loaded = false;

    function check() {
      if (!marker || !loaded) { return; }
      var inside = civic.inside(marker.getLatLng());
      note.classList.toggle("text-danger", inside === false);
      note.classList.toggle("text-muted", inside !== false);
      note.textContent = inside === false ? config.outsideText : "";
      picker.dataset.outside = inside === false ? "1" : "";
    }
    function place(shown) {
      if (marker) { marker.setLatLng(shown); } else {
        marker = L.marker(shown, { draggable: true, title: config.pinTitle || "" }).addTo(pickMap);
        marker.on("dragend", function () { place(marker.getLatLng()); });
      }
      var stored = civic.store(shown);
      lng.value = stored.lng.toFixed(7); lat.value = stored.lat.toFixed(7);
      check();
      form.dispatchEvent(new CustomEvent("position", { detail: { outside: picker.dataset.outside === "1" } }));
    }
    var typed = lng.value && lat.value ? civic.show(parseFloat(lat.value), parseFloat(lng.value)) : null;
    if (typed) { place(typed); pickMap.setView(typed, 16); }
    pickMap.on("click", function (e) { place(e.latlng); });
    function locate() {
      if (!navigator.geolocation) { return; }
      navigator.geolocation.getCurrentPosition(function (p) {
        var shown = civic.show(p.coords.latitude, p.coords.longitude);
        place(shown); civic.focus(shown);
      }, function () {}, { enableHighAccuracy: true, timeout: 10000 });
    }
    document.getElementById("use-position").addEventListener("click", locate);
    civic.outlines(picker.dataset.areaUrl || config.outlinesUrl).then(function (layer) {
      loaded = true;
      if (marker) { civic.focus(marker.getLatLng()); check(); } else if (layer.getLayers().length) { pickMap.fitBounds(layer.getBounds()); }
      if (picker.dataset.autolocate && !typed) { locate(); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var config = readJSON("map-config");
    if (!config) { return; }
    var caseMap = document.getElementById("case-map");
    if (caseMap) { initCaseMap(caseMap, config); }
    var picker = document.getElementById("pick-map");
    if (picker) { initPicker(picker, config); }
  });
})();
