/* Charts of the motions-and-suggestions dashboard (ECharts, served locally). Labels come from the server. */
/* Tooltips are drawn on the canvas (renderMode richText): ECharts' HTML tooltips write style="…" markup, which
   the Content-Security-Policy (style-src 'self') refuses. */
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("proposals-chart-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  function pie(id, part) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var c = echarts.init(el);
    c.setOption({
      title: { text: part.title, textStyle: { fontSize: 14 } },
      tooltip: { renderMode: "richText", trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{ type: "pie", radius: ["35%", "65%"], top: 24, data: part.items }]
    });
    charts.push(c);
  }
  function bars(id, part, stacked) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var c = echarts.init(el);
    var series = stacked
      ? [{ type: "bar", name: part.series[0], data: part.counts, itemStyle: { color: "#b22222" } },
         { type: "bar", name: part.series[1], data: part.overdue, itemStyle: { color: "#f0ad4e" } }]
      : [{ type: "bar", name: part.series, data: part.counts, itemStyle: { color: "#b22222" } }];
    c.setOption({
      title: { text: part.title, textStyle: { fontSize: 14 } },
      tooltip: { renderMode: "richText", trigger: "axis" },
      legend: stacked ? { top: 0, right: 0 } : undefined,
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: part.names, axisLabel: { width: 140, overflow: "truncate" } },
      series: series
    });
    charts.push(c);
  }
  pie("chart-status", data.status);
  pie("chart-category", data.category);
  pie("chart-topic", data.topic);
  pie("chart-satisfaction", data.satisfaction);
  bars("chart-unit", data.unit, true);
  bars("chart-delegation", data.delegation, false);
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
});
