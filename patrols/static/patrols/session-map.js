// The patrol session page: its track over the grid outline, from the json_script data blocks.
(function () {
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var track = JSON.parse(document.getElementById("track").textContent);
  var outline = JSON.parse(document.getElementById("grid-outline").textContent);
  var element = document.getElementById("session-map");
  var map = L.map(element).setView(config.center, config.zoom);
  if (config.tileUrl) { L.tileLayer(config.tileUrl, { maxZoom: 19 }).addTo(map); } else { element.classList.add("grid-map-plain"); }
  var group = L.featureGroup().addTo(map);
  if (outline) { L.geoJSON(outline, { style: { color: "#1d5fbf", weight: 2, fillOpacity: 0.08 } }).addTo(group); }
  if (track) { L.geoJSON(track, { style: { color: "#e8590c", weight: 3 } }).addTo(group); }
  if (group.getLayers().length) { map.fitBounds(group.getBounds(), { padding: [12, 12] }); }
})();
