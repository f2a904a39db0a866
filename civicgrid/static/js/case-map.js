/* The small map of a case page and the position picker of the report form. */
(function () {
  "use strict";
  function readJSON(id) { var n = document.getElementById(id); return n ? JSON.parse(n.textContent) : null; }
  function baseMap(element, config, zoom) {
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: !!config.tileAttribution });
    if (config.tileUrl) { L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map); }
    else { element.classList.add("grid-map-plain"); }
    map.setView(config.center, zoom || config.zoom);
    return map;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var config = readJSON("map-config");
    var caseMap = document.getElementById("case-map");
    if (caseMap && config) {
      var point = readJSON("case-point");
      var map = baseMap(caseMap, config, 16);
      map.setView([point.lat, point.lng], 16);
      L.circleMarker([point.lat, point.lng], { radius: 9, color: "#d9480f", weight: 3, fillOpacity: 0.6 }).addTo(map);
    }
    var picker = document.getElementById("pick-map");
    if (picker && config) {
      var pickMap = baseMap(picker, config);
      var form = picker.closest("form");
      var lng = form.querySelector("input[name=lng]"), lat = form.querySelector("input[name=lat]");
      var marker = null;
      function place(latlng) {
        if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, { draggable: true }).addTo(pickMap); marker.on("dragend", function () { place(marker.getLatLng()); }); }
        lng.value = latlng.lng.toFixed(7); lat.value = latlng.lat.toFixed(7);
      }
      if (lng.value && lat.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lng.value))); pickMap.setView(marker.getLatLng(), 16); }
      pickMap.on("click", function (e) { place(e.latlng); });
      function locate() {
        if (!navigator.geolocation) { return; }
        navigator.geolocation.getCurrentPosition(function (p) { var ll = L.latLng(p.coords.latitude, p.coords.longitude); place(ll); pickMap.setView(ll, 17); },
          function () {}, { enableHighAccuracy: true, timeout: 10000 });
      }
      document.getElementById("use-position").addEventListener("click", locate);
      if (picker.dataset.autolocate) { locate(); }
      fetch(picker.dataset.areaUrl || "/grids/geojson/", { credentials: "same-origin", redirect: "error" }).then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; }).then(function (data) {
        if (!data) { return; }
        var layer = L.geoJSON(data, { style: { color: "#1d5fbf", weight: 1, fillOpacity: 0.05 }, interactive: false }).addTo(pickMap);
        if (!marker && layer.getLayers().length) { pickMap.fitBounds(layer.getBounds()); }
      });
    }
  });
})();
