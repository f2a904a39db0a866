/* The survey results charts (ECharts, vendored): the three rates by community, and each question's answers. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var charts = [];
  var colors = ["#1c7ed6", "#37b24d", "#f59f00"];

  var community = JSON.parse(document.getElementById("community-data").textContent);
  var box = document.getElementById("community-chart");
  if (box) {
    var chart = echarts.init(box);
    chart.setOption({
      color: colors,
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v == null ? "—" : v + "%"; } },
      legend: { top: 0 },
      grid: { left: 40, right: 12, top: 32, bottom: 56 },
      xAxis: { type: "category", data: community.names, axisLabel: { interval: 0, rotate: 30, fontSize: 11 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: community.series.map(function (s) { return { name: s.name, type: "bar", data: s.data }; })
    });
    charts.push(chart);
  }

  var questions = JSON.parse(document.getElementById("question-data").textContent);
  document.querySelectorAll(".survey-chart[data-index]").forEach(function (el) {
    var q = questions[Number(el.dataset.index)];
    var chart = echarts.init(el);
    chart.setOption({
      color: [q.kind === "rating" ? "#f59f00" : "#1c7ed6"],
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: q.labels, inverse: true, axisLabel: { width: 120, overflow: "truncate" } },
      series: [{ type: "bar", data: q.values, label: { show: true, position: "right" } }]
    });
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
