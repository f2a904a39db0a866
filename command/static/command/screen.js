// The command screen: polls live.json every 3 s (tiles, new events, changed markers) and charts.json
// every 30 s. Works across app processes because every answer comes from the database.
(function () {
  "use strict";
  const wall = document.querySelector(".screen-wall");
  if (!wall) return;
  const text = JSON.parse(document.getElementById("screen-text").textContent);
  const config = JSON.parse(document.getElementById("map-config").textContent);
  const LIVE_MS = 3000, CHART_MS = 30000;
  let cursor = null, colourBy = "open", gridCounts = {}, gridLayer = null, selected = null;

  // --- map -----------------------------------------------------------------------------------
  const civic = CivicMap.create(config);
  const map = civic.base(document.getElementById("screen-map"), { zoomControl: false });
  map.getContainer().classList.remove("grid-map-plain");  // the screen has its own dark ground
  // Layers other apps add (civicgrid.plugins.ScreenLayer): points coloured by status, switched on and off.
  const overlays = {};
  JSON.parse(document.getElementById("screen-layers").textContent).forEach(async (layer) => {
    const response = await fetch(layer.url, { headers: { Accept: "application/geo+json" } }).catch(() => null);
    if (!response || !response.ok) return;
    const points = civic.geoJSON(await response.json(), {
      pointToLayer: (feature, latlng) => L.circleMarker(latlng, {
        radius: 6, weight: 2, color: "#ffffff", fillOpacity: 0.95,
        fillColor: feature.properties.status === "failing" ? "#ffb020" : "#2ecc71",
      }).bindTooltip(feature.properties.name),
    }).addTo(map);
    overlays[layer.label] = points;
    if (Object.keys(overlays).length === 1) L.control.layers(null, overlays, { position: "bottomright" }).addTo(map);
  });
  const markers = new Map();

  function shade(count, max) {
    if (!count) return "#1b3a6b";
    const steps = colourBy === "overdue" ? ["#7a2a2a", "#b83232", "#e74c3c", "#ff6b6b"] : ["#14507a", "#1e7fb8", "#2fa8e0", "#5cc8ff"];
    return steps[Math.min(steps.length - 1, Math.floor((count / Math.max(max, 1)) * steps.length - 0.0001))];
  }
  function styleGrids() {
    if (!gridLayer) return;
    const index = colourBy === "overdue" ? 1 : 0;
    const max = Math.max(1, ...Object.values(gridCounts).map((v) => v[index]));
    gridLayer.setStyle((feature) => {
      const count = (gridCounts[feature.id] || [0, 0])[index];
      return { color: "#5cc8ff", weight: 1, fillColor: shade(count, max), fillOpacity: 0.55 };
    });
    gridLayer.eachLayer((layer) => {
      const c = gridCounts[layer.feature.id] || [0, 0];
      layer.setTooltipContent(`${layer.feature.properties.name}<br>${c[0]} ${text.open} · ${c[1]} ${text.overdue}`);
    });
  }
  fetch(wall.dataset.gridsUrl, { credentials: "same-origin" }).then((r) => r.json()).then((geojson) => {
    gridLayer = civic.geoJSON(geojson, {
      onEachFeature: (feature, layer) => layer.bindTooltip(feature.properties.name, { sticky: true }),
    }).addTo(map);
    map.invalidateSize();
    if (geojson.features.length) map.fitBounds(gridLayer.getBounds(), { padding: [12, 12] });
    gridLayer.bringToBack();
    styleGrids();
  });
  document.querySelectorAll("[data-colour]").forEach((button) => button.addEventListener("click", () => {
    document.querySelectorAll("[data-colour]").forEach((b) => b.classList.toggle("active", b === button));
    colourBy = button.dataset.colour;
    styleGrids();
  }));

  function markerIcon(m, fresh) {
    const classes = ["case-marker", m.v ? "supervised" : m.o ? "overdue" : "", fresh ? "fresh" : ""].join(" ");
    return L.divIcon({ className: "", html: `<div class="${classes}"></div>`, iconSize: [14, 14] });
  }
  function putMarker(m, fresh) {
    const existing = markers.get(m.id);
    if (existing) {
      existing.setLatLng(civic.show(m.lat, m.lng)).setIcon(markerIcon(m, fresh));
      existing.data = m;
      return;
    }
    const marker = L.marker(civic.show(m.lat, m.lng), { icon: markerIcon(m, fresh), title: m.n }).addTo(map);
    marker.data = m;
    marker.on("click", () => openPopup(marker.data));
    markers.set(m.id, marker);
  }
  function countOpen() { document.getElementById("open-count").textContent = `(${markers.size})`; }

  // --- tiles and feed ------------------------------------------------------------------------
  function setTile(name, value) {
    const el = document.querySelector(`[data-tile="${name}"]`);
    if (!el) return;
    if (el.textContent !== value && el.textContent !== "—") {
      el.classList.remove("bump"); void el.offsetWidth; el.classList.add("bump");
    }
    el.textContent = value;
  }
  function showTiles(t) {
    ["reports", "filed", "closed", "overdue", "supervised", "open"].forEach((k) => setTile(k, String(t[k])));
    setTile("on_time_close_rate", t.on_time_close_rate === null ? "—" : `${(t.on_time_close_rate * 100).toFixed(1)}%`);
    setTile("coverage", t.coverage ? `${t.coverage.covered}/${t.coverage.expected}` : "—");
    Object.keys(t.extra || {}).forEach((k) => setTile(`extra-${k}`, t.extra[k] === null ? "—" : String(t.extra[k])));
  }
  function addFeed(items, fresh) {
    const list = document.getElementById("feed");
    items.slice().reverse().forEach((e) => {
      const li = document.createElement("li");
      if (fresh) li.className = "new";
      li.dataset.case = e.case;
      li.innerHTML = `<span class="t"></span><span class="a"></span><span class="n"></span> <span class="d text-white-50"></span>`;
      li.querySelector(".t").textContent = e.t;
      li.querySelector(".a").textContent = e.a;
      li.querySelector(".n").textContent = e.n;
      li.querySelector(".d").textContent = e.d;
      li.addEventListener("click", () => { const m = markers.get(e.case); if (m) { map.panTo(m.getLatLng()); openPopup(m.data); } });
      list.prepend(li);
    });
    while (list.children.length > 40) list.lastChild.remove();
  }

  // --- polling -------------------------------------------------------------------------------
  const status = document.getElementById("screen-status");
  async function poll() {
    const url = wall.dataset.liveUrl + (cursor === null ? "" : `&since=${cursor}`);
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(response.status);
      const data = await response.json();
      const first = cursor === null;
      showTiles(data.tiles);
      data.markers.forEach((m) => putMarker(m, !first));
      data.removed.forEach((id) => { const m = markers.get(id); if (m) { map.removeLayer(m); markers.delete(id); } });
      countOpen();
      addFeed(data.feed, !first);
      if (!first && data.feed.length) loadCharts();
      cursor = data.cursor;
      status.classList.remove("offline");
      status.title = "";
    } catch (err) {
      status.classList.add("offline");
      status.title = text.offline;
    }
    setTimeout(poll, LIVE_MS);
  }

  // --- charts --------------------------------------------------------------------------------
  const axis = { axisLabel: { color: "#8fb4ff" }, axisLine: { lineStyle: { color: "#1f4b8f" } }, splitLine: { lineStyle: { color: "#12305e" } } };
  const charts = {};
  ["day", "category", "community", "department"].forEach((name) => {
    charts[name] = echarts.init(document.getElementById(`chart-${name}`), null, { renderer: "canvas" });
  });
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
  let lastCharts = 0;
  async function loadCharts() {
    if (Date.now() - lastCharts < 5000) return;
    lastCharts = Date.now();
    try {
      const data = await (await fetch(wall.dataset.chartsUrl, { credentials: "same-origin" })).json();
      drawCharts(data);
      gridCounts = data.grids;
      styleGrids();
    } catch (err) { /* the next round tries again */ }
  }
  function empty(list) {
    return list.length ? {} : { graphic: { type: "text", left: "center", top: "middle", style: { text: text.nodata, fill: "#8fb4ff", fontSize: 14 } } };
  }
  function drawCharts(d) {
    const base = { backgroundColor: "transparent", textStyle: { color: "#dbe7ff" }, grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true }, tooltip: { trigger: "axis" } };
    charts.day.setOption({ ...base, legend: { textStyle: { color: "#dbe7ff" }, top: 0 },
      xAxis: { type: "category", data: d.by_day.days, ...axis }, yAxis: { type: "value", minInterval: 1, ...axis },
      series: d.by_day.series.map((s) => ({ ...s, type: "line", smooth: true, showSymbol: false, areaStyle: { opacity: 0.08 } })) });
    charts.category.setOption({ ...base, grid: { left: 8, right: 16, top: 8, bottom: 4, containLabel: true },
      xAxis: { type: "value", minInterval: 1, ...axis }, yAxis: { type: "category", inverse: true, data: d.by_category.map((c) => c.name), ...axis },
      series: [{ type: "bar", barMaxWidth: 18, data: d.by_category.map((c) => c.value), itemStyle: { color: "#2fa8e0" } }], ...empty(d.by_category) }, true);
    charts.community.setOption({ ...base, legend: { textStyle: { color: "#dbe7ff" }, top: 0 },
      xAxis: { type: "category", data: d.by_community.names, axisLabel: { color: "#8fb4ff", rotate: 35, interval: 0 } }, yAxis: { type: "value", minInterval: 1, ...axis },
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      series: [{ name: text.reports, type: "bar", barMaxWidth: 14, data: d.by_community.reports, itemStyle: { color: "#2fa8e0" } },
               { name: text.closed, type: "bar", barMaxWidth: 14, data: d.by_community.closed, itemStyle: { color: "#2ecc71" } }] });
    // The value labels sit right of the bars: room for “100%” inside the chart, never clipped.
    charts.department.setOption({ ...base, grid: { left: 8, right: 52, top: 8, bottom: 4, containLabel: true },
      xAxis: { type: "value", max: 100, ...axis }, yAxis: { type: "category", inverse: true, data: d.by_department.map((c) => c.name), ...axis },
      series: [{ name: text.rate, type: "bar", data: d.by_department.map((c) => c.value), label: { show: true, position: "right", color: "#dbe7ff", formatter: "{c}%" },
        barMaxWidth: 18, itemStyle: { color: (p) => (p.value >= 90 ? "#2ecc71" : p.value >= 60 ? "#ffc857" : "#ff6b6b") } }], ...empty(d.by_department) }, true);
  }

  // --- case popup and supervision ------------------------------------------------------------
  const popup = document.getElementById("case-popup");
  function openPopup(m) {
    selected = m;
    popup.hidden = false;
    document.getElementById("popup-number").textContent = m.n;
    document.getElementById("popup-category").textContent = [m.c, m.v ? text.supervised : "", m.o ? text.overdue : ""].filter(Boolean).join(" · ");
    document.getElementById("popup-link").href = wall.dataset.caseUrl.replace("/0/", `/${m.id}/`);
    const error = document.getElementById("supervise-error");
    if (error) error.textContent = "";
  }
  document.getElementById("popup-close").addEventListener("click", () => { popup.hidden = true; });
  const form = document.getElementById("supervise-form");
  if (form) form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const error = document.getElementById("supervise-error");
    const response = await fetch(wall.dataset.superviseUrl.replace("/0/", `/${selected.id}/`), {
      method: "POST", credentials: "same-origin", body: new FormData(form), headers: { Accept: "application/json" },
    }).catch(() => null);
    if (response && response.ok) {
      error.textContent = text.done;
      form.reset();
      return;
    }
    const body = response ? await response.json().catch(() => ({})) : {};
    error.textContent = body.errors ? Object.values(body.errors).flat().join(" ") : text.failed;
  });

  // --- clock ---------------------------------------------------------------------------------
  const clock = document.getElementById("screen-clock");
  const format = new Intl.DateTimeFormat(document.documentElement.lang || "zh-CN", { timeZone: "Asia/Shanghai", dateStyle: "medium", timeStyle: "medium" });
  setInterval(() => { clock.textContent = format.format(new Date()); }, 1000);

  poll();
  loadCharts();
  setInterval(() => { lastCharts = 0; loadCharts(); }, CHART_MS);
})();
