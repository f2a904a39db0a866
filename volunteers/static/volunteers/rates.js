/* The rates over time on the rates page (ECharts, vendored). */
(function () {
  "use strict";
  var box = document.getElementById("rate-chart"), data = document.getElementById("rate-history");
  var labels = document.getElementById("rate-labels");
  if (!box || !data || !window.echarts) { return; }
  var rows = JSON.parse(data.textContent);
  var chart = echarts.init(box);
  chart.setOption({
    grid: { left: 40, right: 16, top: 28, bottom: 24 },
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    xAxis: { type: "category", data: rows.map(function (r) { return r.month; }) },
    yAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    series: [
      { name: labels.dataset.registration, type: "line", data: rows.map(function (r) { return r.registration; }) },
      { name: labels.dataset.participation, type: "line", data: rows.map(function (r) { return r.participation; }) }
    ]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
