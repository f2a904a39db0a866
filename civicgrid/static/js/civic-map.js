/* What every map of the site shares: the base map (online tiles, the office's offline tile file, or plain
   paper), pin icons at their collected static URLs, the attribution without Leaflet's prefix, the grid
   outlines with their names (people orient by community names when there are no tiles), and the shift of
   the WGS-84 overlays onto GCJ-02 tiles (Gaode/Tencent). Loaded after leaflet.js, before the page's script. */
(function () {
  "use strict";
  var A = 6378245.0, EE = 0.00669342162296594323;

  function inChina(lng, lat) { return lng > 72.004 && lng < 137.8347 && lat > 0.8293 && lat < 55.8271; }
  // The published GCJ-02 offset (same formula as grids/coords.py).
  function offset(lng, lat) {
    var x = lng - 105.0, y = lat - 35.0, PI = Math.PI;
    var dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    dlat += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    dlat += (20.0 * Math.sin(y * PI) + 40.0 * Math.sin(y / 3.0 * PI)) * 2.0 / 3.0;
    dlat += (160.0 * Math.sin(y / 12.0 * PI) + 320 * Math.sin(y * PI / 30.0)) * 2.0 / 3.0;
    var dlng = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    dlng += (20.0 * Math.sin(6.0 * x * PI) + 20.0 * Math.sin(2.0 * x * PI)) * 2.0 / 3.0;
    dlng += (20.0 * Math.sin(x * PI) + 40.0 * Math.sin(x / 3.0 * PI)) * 2.0 / 3.0;
    dlng += (150.0 * Math.sin(x / 12.0 * PI) + 300.0 * Math.sin(x / 30.0 * PI)) * 2.0 / 3.0;
    var radlat = lat / 180.0 * PI, magic = 1 - EE * Math.sin(radlat) * Math.sin(radlat), sqrtmagic = Math.sqrt(magic);
    return [(dlng * 180.0) / (A / sqrtmagic * Math.cos(radlat) * PI), (dlat * 180.0) / ((A * (1 - EE)) / (magic * sqrtmagic) * PI)];
  }
  function toGcj(lng, lat) { if (!inChina(lng, lat)) { return [lng, lat]; } var d = offset(lng, lat); return [lng + d[0], lat + d[1]]; }
  function fromGcj(lng, lat) {  // no closed form: iterate, as grids/coords.py does
    if (!inChina(lng, lat)) { return [lng, lat]; }
    var w = [lng, lat];
    for (var i = 0; i < 30; i++) {
      var g = toGcj(w[0], w[1]), dx = g[0] - lng, dy = g[1] - lat;
      if (Math.abs(dx) < 1e-10 && Math.abs(dy) < 1e-10) { break; }
      w = [w[0] - dx, w[1] - dy];
    }
    return w;
  }

  function CivicMap(config) { this.config = config; this.gcj = config.tileCrs === "gcj02"; }
  // Stored (WGS-84) position → where it lies on the base map, and back.
  CivicMap.prototype.show = function (lat, lng) { if (!this.gcj) { return L.latLng(lat, lng); } var g = toGcj(lng, lat); return L.latLng(g[1], g[0]); };
  CivicMap.prototype.store = function (latlng) { if (!this.gcj) { return latlng; } var w = fromGcj(latlng.lng, latlng.lat); return L.latLng(w[1], w[0]); };
  // A geometry drawn on the base map (an edited outline) back in stored coordinates.
  CivicMap.prototype.storeGeometry = function (geometry) {
    if (!this.gcj) { return geometry; }
    function walk(c) { if (typeof c[0] === "number") { return fromGcj(c[0], c[1]); } return c.map(walk); }
    return Object.assign({}, geometry, { coordinates: walk(geometry.coordinates) });
  };
  CivicMap.prototype.geoJSON = function (data, options) {
    var self = this;
    return L.geoJSON(data, Object.assign({ coordsToLatLng: function (c) { return self.show(c[1], c[0]); } }, options || {}));
  };

  CivicMap.prototype.base = function (element, options) {
    var config = this.config;
    if (config.icons) { L.Icon.Default.mergeOptions(config.icons); L.Icon.Default.imagePath = ""; }
    var map = L.map(element, Object.assign({ zoomSnap: 0.25, attributionControl: false }, options || {}));
    L.control.attribution({ prefix: false }).addTo(map);
    if (config.tileUrl) {
      L.tileLayer(config.tileUrl, { attribution: config.attribution, maxZoom: config.maxZoom || 19, maxNativeZoom: config.maxNativeZoom || undefined }).addTo(map);
    } else {
      element.classList.add("grid-map-plain");
      map.attributionControl.addAttribution(config.attribution);
    }
    map.setView(config.center, config.zoom);
    this.map = map;
    return map;
  };

  // The grid outlines with their names; resolves to the layer (empty when the outlines could not be read).
  CivicMap.prototype.outlines = function (url, options) {
    var self = this, map = this.map, opts = options || {};
    // Names under the pins: their own pane below the marker pane (tooltips default to above it).
    if (!map.getPane("outline-labels")) { map.createPane("outline-labels").style.zIndex = 450; }
    return fetch(url || this.config.outlinesUrl, { credentials: "same-origin", redirect: "error" })
      .then(function (r) { return r.ok ? r.json() : null; }).catch(function () { return null; })
      .then(function (data) {
        var features = ((data && data.features) || []).filter(function (f) { return !f.properties.kind || f.properties.kind === "community"; });
        var layer = self.geoJSON({ type: "FeatureCollection", features: features }, {
          style: { color: "#1d5fbf", weight: 1.5, fillColor: "#4d8ee8", fillOpacity: 0.06, className: "grid-outline" },
          interactive: !!opts.interactive,
          onEachFeature: function (feature, shape) {
            if (feature.properties.name) {
              shape.bindTooltip(feature.properties.name, { permanent: true, direction: "center", className: "grid-outline-label", pane: "outline-labels" });
            }
          }
        }).addTo(map);
        layer.bringToBack();
        self.outlineLayer = layer;
        map.getContainer().dataset.outlines = String(layer.getLayers().length);
        return layer;
      });
  };

  // Show a position with the grid it lies in, so that the outline and its name stay on screen.
  CivicMap.prototype.focus = function (latlng, maxZoom) {
    var map = this.map, best = null;
    if (this.outlineLayer) {
      this.outlineLayer.eachLayer(function (shape) {
        var b = shape.getBounds();
        if (b.contains(latlng) && (!best || area(b) < area(best))) { best = b; }
      });
    }
    if (best) { map.fitBounds(L.latLngBounds(best.getSouthWest(), best.getNorthEast()).extend(latlng), { padding: [16, 16], maxZoom: maxZoom || 17 }); }
    else if (this.outlineLayer && this.outlineLayer.getLayers().length) {
      // Outside every outline: show the way to the area served.
      map.fitBounds(this.outlineLayer.getBounds().extend(latlng), { padding: [16, 16], maxZoom: maxZoom || 17 });
    } else { map.setView(latlng, Math.min(maxZoom || 16, 16)); }
  };
  function area(b) { return (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest()); }

  // Whether a stored position lies inside any outline drawn (ray casting over the outer rings).
  CivicMap.prototype.inside = function (latlng) {
    if (!this.outlineLayer || !this.outlineLayer.getLayers().length) { return null; }
    var found = false;
    this.outlineLayer.eachLayer(function (shape) {
      if (found || !shape.getBounds().contains(latlng)) { return; }
      var rings = shape.getLatLngs();
      (Array.isArray(rings[0][0]) ? rings : [rings]).forEach(function (polygon) {
        if (!found && pointInRing(latlng, polygon[0])) { found = true; }
      });
    });
    return found;
  };
  function pointInRing(p, ring) {
    var inside = false;
    for (var i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var a = ring[i], b = ring[j];
      if ((a.lat > p.lat) !== (b.lat > p.lat) && p.lng < (b.lng - a.lng) * (p.lat - a.lat) / (b.lat - a.lat) + a.lng) { inside = !inside; }
    }
    return inside;
  }

  window.CivicMap = {
    create: function (config) { return new CivicMap(config); },
    readConfig: function () { var n = document.getElementById("map-config"); return n ? JSON.parse(n.textContent) : null; },
    toGcj: toGcj, fromGcj: fromGcj
  };
})();
