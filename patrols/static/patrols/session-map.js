// The patrol session page: its track over the grid outline and the community outlines around it, with names.
(function () {
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var track = JSON.parse(document.getElementById("track").textContent);
  var outline = JSON.parse(document.getElementById("grid-outline").textContent);
  var element = document.getElementById("session-map");
  var civic = CivicMap.create(config);
  var map = civic.base(element);
  var group = L.featureGroup().addTo(map);
  var stored = L.featureGroup();  // in stored coordinates, for the box of neighbours to ask for
  if (outline) { civic.geoJSON(outline, { style: { color: "#1d5fbf", weight: 3, fillOpacity: 0.08 } }).addTo(group); L.geoJSON(outline).addTo(stored); }
  if (track) { civic.geoJSON(track, { style: { color: "#e8590c", weight: 3, className: "session-track" } }).addTo(group); L.geoJSON(track).addTo(stored); }
  if (group.getLayers().length) { map.fitBounds(group.getBounds(), { padding: [24, 24] }); }
  var box = stored.getLayers().length ? stored.getBounds().pad(0.5) : null;
  civic.outlines(config.outlinesUrl + (box ? "?bbox=" + [box.getWest(), box.getSouth(), box.getEast(), box.getNorth()].join(",") : ""));
})();
