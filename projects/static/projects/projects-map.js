/* Project maps (Leaflet, vendored; no tiles needed): all projects, one project, and placing one on the form. */
(function () {
  "use strict";
  var OK = { color: "#1d5fbf", weight: 2, fillColor: "#4d8ee8", fillOpacity: 0.25 };
  var LATE = { color: "#c92a2a", weight: 2, fillColor: "#ff6b6b", fillOpacity: 0.3 };

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function baseMap(element) {
    var config = readJSON("map-config");
    var map = L.map(element, { zoomSnap: 0.25, attributionControl: !!config.tileAttribution });
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.tileAttribution, maxZoom: 19 }).addTo(map);
    } else {
      element.classList.add("grid-map-plain");
    }
    map.setView(config.center, config.zoom);
    return map;
  }

  function drawFeatures(map, features, withPopup) {
    var group = L.geoJSON({ type: "FeatureCollection", features: features }, {
      style: function (feature) { return feature.properties.status === "failing" ? LATE : OK; },
      pointToLayer: function (feature, latlng) {
        var style = feature.properties.status === "failing" ? LATE : OK;
        return L.circleMarker(latlng, Object.assign({ radius: 9, fillOpacity: 0.8 }, style));
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties;
        layer.bindTooltip(p.name + (p.progress !== undefined ? " · " + p.progress + "%" : ""));
        if (withPopup) {
          var link = document.createElement("a");
          link.href = p.url;
          link.textContent = p.name;
          var box = document.createElement("div");
          box.appendChild(link);
          box.appendChild(document.createElement("br"));
          box.appendChild(document.createTextNode(p.kind + " · " + p.progress + "%"));
          layer.bindPopup(box);
        }
      }
    }).addTo(map);
    if (group.getLayers().length) { map.fitBounds(group.getBounds(), { maxZoom: 17, padding: [20, 20] }); }
    return group;
  }

  var overview = document.getElementById("projects-map");
  if (overview) {
    var map = baseMap(overview);
    fetch(overview.dataset.geojsonUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) { drawFeatures(map, collection.features, true); overview.dataset.loaded = "1"; });
  }

  var single = document.getElementById("project-map");
  if (single) {
    drawFeatures(baseMap(single), readJSON("project-features") || [], false);
  }

  var editor = document.getElementById("project-edit-map");
  if (editor) {
    var emap = baseMap(editor);
    var lng = document.getElementById("id_lng"), lat = document.getElementById("id_lat");
    var area = document.getElementById("id_area");
    var marker = null, shape = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(emap); }
      lng.value = latlng.lng.toFixed(7);
      lat.value = latlng.lat.toFixed(7);
    }
    if (lng.value && lat.value) { place(L.latLng(parseFloat(lat.value), parseFloat(lng.value))); emap.setView(marker.getLatLng(), 16); }
    if (area.value) {
      try { shape = L.geoJSON(JSON.parse(area.value)).addTo(emap); } catch (e) { shape = null; }
    }
    emap.on("click", function (event) { place(event.latlng); });
    if (emap.pm) {
      emap.pm.addControls({ position: "topleft", drawMarker: false, drawCircleMarker: false, drawPolyline: false,
        drawCircle: false, drawText: false, cutPolygon: false, rotateMode: false, dragMode: false, editMode: false });
      emap.on("pm:create", function (event) {
        if (shape) { emap.removeLayer(shape); }
        shape = event.layer;
        area.value = JSON.stringify(shape.toGeoJSON().geometry);
        if (!lng.value) { place(shape.getBounds().getCenter()); }
      });
      emap.on("pm:remove", function () { shape = null; area.value = ""; });
    }
  }
})();
