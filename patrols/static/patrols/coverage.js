/* The day's coverage map: grids coloured by coverage (red: not patrolled), tracks drawn over them. */
(function () {
  "use strict";
  var COLOURS = { covered: "#2f9e44", flagged: "#f59f00", uncovered: "#e03131" };
  var element = document.getElementById("coverage-map");
  if (!element) { return; }
  var config = JSON.parse(document.getElementById("map-config").textContent);
  var civic = CivicMap.create(config);
  var map = civic.base(element);
  fetch(element.dataset.url, { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var grids = civic.geoJSON(data.grids, {
        style: function (feature) {
          var state = feature.properties.state;
          return {
            color: COLOURS[state], weight: 2, fillColor: COLOURS[state],
            fillOpacity: state === "covered" ? 0.15 + 0.4 * feature.properties.share : 0.35,
            className: "coverage-grid coverage-" + state
          };
        },
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(feature.properties.name + " · " + Math.round(feature.properties.share * 100) + "%",
            { permanent: true, direction: "center", className: "grid-label" });
          layer.on("click", function () { window.location.href = "/patrols/grids/" + feature.properties.id + "/"; });
        }
      }).addTo(map);
      civic.geoJSON(data.tracks, {
        style: function (feature) {
          return { color: feature.properties.counted ? "#1d5fbf" : "#f59f00", weight: 3, opacity: 0.9,
                   className: "coverage-track" + (feature.properties.counted ? "" : " coverage-track-flagged") };
        },
        onEachFeature: function (feature, layer) {
          layer.bindPopup(feature.properties.user + " · " + feature.properties.grid + " · " + feature.properties.km + " km" +
            '<br><a href="/patrols/sessions/' + feature.properties.id + '/">&raquo;</a>');
        }
      }).addTo(map);
      if (grids.getLayers().length) { map.fitBounds(grids.getBounds(), { padding: [12, 12] }); }
      element.dataset.loaded = String(data.grids.features.length);
      element.dataset.tracks = String(data.tracks.features.length);
    });
})();
