/* Charts of the leader's section on the home page (ECharts, served locally). Labels come from the server. */
/* Tooltips are drawn on the canvas (renderMode richText): ECharts' HTML tooltips write style="…" markup, which
   the Content-Security-Policy (style-src 'self') refuses. */
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("leader-chart-data");
  if (!source || !window.echarts) { return; }
  var data = JSON.parse(source.textContent);
  var charts = [];
  var bar = document.getElementById("chart-delegation");
  if (bar) {
    var c1 = echarts.init(bar);
    c1.setOption({
      title: { text: data.delegation.title, textStyle: { fontSize: 14 } },
      tooltip: { renderMode: "richText", trigger: "axis" },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.delegation.names,
               axisLabel: { width: 140, overflow: "truncate" } },
      series: [{ type: "bar", name: data.delegation.series, data: data.delegation.counts, itemStyle: { color: "#b22222" } }]
    });
    charts.push(c1);
  }
  var pie = document.getElementById("chart-occupation");
  if (pie) {
    var c2 = echarts.init(pie);
    c2.setOption({
      title: { text: data.occupation.title, textStyle: { fontSize: 14 } },
      tooltip: { renderMode: "richText", trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{ type: "pie", radius: ["35%", "65%"], top: 24, data: data.occupation.items }]
    });
    charts.push(c2);
  }
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
});
