/* Grid map (list page) and outline editor (detail page). Leaflet, vendored; no tiles needed. */
(function () {
  "use strict";
  var STYLES = {
    // Zones overlay the community grids: outline only, so a click inside reaches the community.
    road: { color: "#d9480f", weight: 4, dashArray: "10 6", fill: false },
    community: { color: "#1d5fbf", weight: 2, fillColor: "#4d8ee8", fillOpacity: 0.18 },
    unit: { color: "#2b8a3e", weight: 2, fillColor: "#51cf66", fillOpacity: 0.25 }
  };

  function readJSON(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  var civic = null;
  function baseMap(element, config) {
    civic = CivicMap.create(config);
    return civic.base(element);
  }

  // The stored bounding box of a feature widened by a margin: the neighbours to draw around it.
  function around(feature) {
    var b = L.geoJSON(feature).getBounds(), m = 0.01;
    return [b.getWest() - m, b.getSouth() - m, b.getEast() + m, b.getNorth() + m].join(",");
  }

  function styleFor(kind, extra) {
    var style = Object.assign({}, STYLES[kind] || STYLES.community);
    style.className = "grid-shape grid-kind-" + kind + (extra ? " " + extra : "");
    return style;
  }

  function initOverview(element) {
    var config = readJSON("map-config");
    var map = baseMap(element, config);
    var layers = {};
    var selected = null;
    fetch(element.dataset.geojsonUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (collection) {
        var all = L.featureGroup();
        collection.features.forEach(function (feature) {
          var kind = feature.properties.kind;
          layers[kind] = layers[kind] || L.featureGroup().addTo(map);
          var layer = civic.geoJSON(feature, { style: styleFor(kind) });
          layer.eachLayer(function (shape) {
            shape.feature.properties.kind = kind;
            shape.bindTooltip(feature.properties.name, {
              permanent: true, direction: "center", className: "grid-label grid-label-" + kind
            });
            shape.on("click", function () {
              if (selected) { selected.setStyle(styleFor(selected.feature.properties.kind)); }
              selected = shape;
              shape.setStyle({ weight: 5, fillOpacity: 0.35 });
              var url = element.dataset.cardUrl.replace("/0/", "/" + feature.properties.id + "/");
              htmx.ajax("GET", url, { target: "#grid-card", swap: "innerHTML" });
            });
          });
          layer.addTo(layers[kind]);
          layer.addTo(all);
        });
        var overlays = {};
        Object.keys(layers).forEach(function (kind) {
          overlays[element.dataset["label" + kind.charAt(0).toUpperCase() + kind.slice(1)] || kind] = layers[kind];
        });
        L.control.layers(null, overlays, { collapsed: false }).addTo(map);
        if (all.getLayers().length) { map.fitBounds(all.getBounds(), { padding: [12, 12] }); }
        element.dataset.loaded = String(collection.features.length);
      });
  }

  function initEditor(element) {
    var config = readJSON("map-config");
    var feature = readJSON("grid-feature");
    var map = baseMap(element, config);
    var group = civic.geoJSON(feature, { style: styleFor(feature.properties.kind) }).addTo(map);
    map.fitBounds(group.getBounds(), { padding: [20, 20] });
    civic.outlines(config.outlinesUrl + "?bbox=" + around(feature));
    if (!element.dataset.editable || !map.pm) { return; }
    var input = document.querySelector("#geometry-form input[name=geometry]");
    group.eachLayer(function (layer) {
      layer.pm.enable({ allowSelfIntersection: false });
      layer.on("pm:edit", function () { input.value = JSON.stringify(civic.storeGeometry(layer.toGeoJSON().geometry)); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var overview = document.getElementById("grid-map");
    if (overview) { initOverview(overview); }
    var editor = document.getElementById("grid-edit-map");
    if (editor) { initEditor(editor); }
  });
})();
