/* Draws the dashboard's charts from the JSON data island #report-data (thidua.reports.selectors.report_data).
   Chart.js is vendored (static/reports/vendor/chartjs); every chart also has a table, so nothing is lost without it. */
(function () {
  "use strict";
  var node = document.getElementById("report-data");
  if (!node || typeof Chart === "undefined") { return; }
  var data = JSON.parse(node.textContent);
  var printing = document.body.dataset.print === "1";
  var levels = ["HTXS", "HTT", "HT", "KHT"];
  var colours = { HTXS: "#198754", HTT: "#0d6efd", HT: "#ffc107", KHT: "#dc3545", not_rated: "#adb5bd" };
  var statusColours = { achieved: "#198754", on_track: "#0d6efd", at_risk: "#fd7e14", missed: "#dc3545",
                        no_data: "#adb5bd", no_source: "#6c757d" };
  Chart.defaults.animation = printing ? false : Chart.defaults.animation;
  Chart.defaults.maintainAspectRatio = false;

  function draw(id, config) {
    var canvas = document.getElementById(id);
    if (canvas) { new Chart(canvas, config); }
  }

  var counts = data.classification.counts;
  draw("chart-classification", {
    type: "doughnut",
    data: {
      labels: levels.concat(["not_rated"]).map(function (l) { return data.labels.levels[l]; }),
      datasets: [{ data: levels.concat(["not_rated"]).map(function (l) { return counts[l] || 0; }),
                   backgroundColor: levels.concat(["not_rated"]).map(function (l) { return colours[l]; }) }]
    },
    options: { plugins: { legend: { position: "right" } } }
  });

  draw("chart-targets", {
    type: "bar",
    data: {
      labels: data.targets.map(function (t) { return t.name; }),
      datasets: [{ label: "% " + (document.documentElement.lang === "en" ? "of goal" : "so với chỉ tiêu"),
                   data: data.targets.map(function (t) { return t.percent_of_goal; }),
                   backgroundColor: data.targets.map(function (t) { return statusColours[t.status] || "#6c757d"; }) }]
    },
    options: { indexAxis: "y", scales: { x: { min: 0, max: 100 } }, plugins: { legend: { display: false } } }
  });

  function stacked(id, rows) {
    draw(id, {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.name; }),
        datasets: levels.map(function (l) {
          return { label: data.labels.levels[l], backgroundColor: colours[l],
                   data: rows.map(function (r) { return r.classification.shares[l] || 0; }) };
        })
      },
      options: { scales: { x: { stacked: true }, y: { stacked: true, min: 0, max: 100 } },
                 onClick: function (event, elements) {
                   if (printing || !elements.length) { return; }
                   var row = rows[elements[0].index];
                   if (row.url) { window.location.href = row.url; }  // drill down to the child unit
                 } }
    });
  }
  stacked("chart-children", data.children);

  stacked("chart-cluster-totals", data.clusters);  // the clusters/blocks side by side, by classification

  var clusterUnits = [];
  data.clusters.forEach(function (c) { c.units.forEach(function (u) { clusterUnits.push(u); }); });
  draw("chart-clusters", {
    type: "bar",
    data: { labels: clusterUnits.map(function (u) { return u.name; }),
            datasets: [{ label: "% HTXS", backgroundColor: colours.HTXS,
                         data: clusterUnits.map(function (u) { return u.htxs_share || 0; }) }] },
    options: { scales: { y: { min: 0, max: 100 } },
               onClick: function (event, elements) {
                 if (printing || !elements.length) { return; }
                 var unit = clusterUnits[elements[0].index];
                 if (unit.url) { window.location.href = unit.url; }  // drill down to the unit
               } }
  });

  draw("chart-trend", {
    type: "line",
    data: {
      labels: data.trend.map(function (y) { return y.year; }),
      datasets: [
        { label: "% HTXS", borderColor: colours.HTXS, yAxisID: "share",
          data: data.trend.map(function (y) { return y.classification.shares.HTXS; }) },
        { label: document.documentElement.lang === "en" ? "Awards" : "Khen thưởng", borderColor: colours.HTT,
          yAxisID: "count", data: data.trend.map(function (y) { return y.awards_individual + y.awards_collective; }) },
        { label: document.documentElement.lang === "en" ? "Initiatives" : "Sáng kiến", borderColor: colours.HT,
          yAxisID: "count", data: data.trend.map(function (y) { return y.initiatives_recognised; }) }
      ]
    },
    options: { spanGaps: true, scales: { share: { position: "left", min: 0, max: 100 }, count: { position: "right", min: 0 } } }
  });
})();
