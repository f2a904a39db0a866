/* The trend of the points at stake on the 0.1-point view (ECharts, vendored). */
(function () {
  "use strict";
  var box = document.getElementById("stake-trend"), data = document.getElementById("trend-data");
  if (!box || !data || !window.echarts) { return; }
  var trend = JSON.parse(data.textContent);
  var chart = echarts.init(box);
  chart.setOption({
    grid: { left: 40, right: 16, top: 16, bottom: 24 },
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: trend.days },
    yAxis: { type: "value", minInterval: 0.1 },
    series: [{ type: "line", data: trend.points, smooth: true, showSymbol: false, areaStyle: { opacity: 0.12 }, itemStyle: { color: "#d9480f" } }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
