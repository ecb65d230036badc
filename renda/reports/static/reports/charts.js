/* The charts of the leader's section on the home page and of the motions-and-suggestions dashboard (ECharts,
   served locally). Labels come from the server: the page's JSON data, "leader-chart-data" or
   "proposals-chart-data". */
/* Tooltips are drawn on the canvas (renderMode richText): ECharts' HTML tooltips write style="…" markup, which
   the Content-Security-Policy (style-src 'self') refuses. */
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) { return; }
  var charts = [];
  function read(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }
  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var c = echarts.init(el);
    c.setOption(option);
    charts.push(c);
  }
  function pie(id, part) {
    draw(id, {
      title: { text: part.title, textStyle: { fontSize: 14 } },
      tooltip: { renderMode: "richText", trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{ type: "pie", radius: ["35%", "65%"], top: 24, data: part.items }]
    });
  }
  function bars(id, part, stacked) {
    var series = stacked
      ? [{ type: "bar", name: part.series[0], data: part.counts, itemStyle: { color: "#b22222" } },
         { type: "bar", name: part.series[1], data: part.overdue, itemStyle: { color: "#f0ad4e" } }]
      : [{ type: "bar", name: part.series, data: part.counts, itemStyle: { color: "#b22222" } }];
    draw(id, {
      title: { text: part.title, textStyle: { fontSize: 14 } },
      tooltip: { renderMode: "richText", trigger: "axis" },
      legend: stacked ? { top: 0, right: 0 } : undefined,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: part.names, axisLabel: { width: 140, overflow: "truncate" } },
      series: series
    });
  }
  var leader = read("leader-chart-data");
  if (leader) {
    bars("chart-delegation", leader.delegation, false);
    pie("chart-occupation", leader.occupation);
  }
  var proposals = read("proposals-chart-data");
  if (proposals) {
    pie("chart-status", proposals.status);
    pie("chart-category", proposals.category);
    pie("chart-topic", proposals.topic);
    pie("chart-satisfaction", proposals.satisfaction);
    bars("chart-unit", proposals.unit, true);
    bars("chart-delegation", proposals.delegation, false);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
});
