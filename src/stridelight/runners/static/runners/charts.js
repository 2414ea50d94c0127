/* The dashboard's charts, drawn with uPlot (served by the project, no CDN).
 *
 * Progressive enhancement: each chart's data is in a <script type="application/json">
 * written by Django's json_script, and the same numbers are in a table under the
 * chart, so the page says everything without JavaScript. Hover, or tap on a phone,
 * moves the cursor; the legend under the chart shows the values there.
 */
(function () {
  "use strict";

  var BLUE = "#0072B2", SKY = "#56B4E9", ORANGE = "#E69F00", VERMILLION = "#D55E00",
    INK = "#222222";
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

  function data(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function dayLabel(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1];
  }

  function indices(n) {
    var out = [];
    for (var i = 0; i < n; i++) { out.push(i); }
    return out;
  }

  function constant(n, value) {
    var out = [];
    for (var i = 0; i < n; i++) { out.push(value); }
    return out;
  }

  /* The loads of whole weeks (or of the partial one), null elsewhere. */
  function only(load, days, whole) {
    return load.map(function (v, i) { return (days[i] === 7) === whole ? v : null; });
  }

  function height(el) {
    return el.classList.contains("chart-small") ? 150 : 240;
  }

  /* A tap or a finger's slide moves the cursor, as the mouse does. */
  function touchCursor(u) {
    function move(event) {
      var touch = event.touches[0];
      if (!touch) { return; }
      var box = u.over.getBoundingClientRect();
      u.setCursor({ left: touch.clientX - box.left, top: touch.clientY - box.top });
    }
    u.over.addEventListener("touchstart", move, { passive: true });
    u.over.addEventListener("touchmove", move, { passive: true });
  }

  function draw(el, options, columns) {
    options.width = Math.max(el.clientWidth, 240);
    options.height = height(el);
    var u = new uPlot(options, columns, el);
    touchCursor(u);
    return u;
  }

  function xAxis(labels) {
    return {
      values: function (u, splits) {
        return splits.map(function (i) { return labels[i] === undefined ? "" : labels[i]; });
      },
      space: 48,
    };
  }

  function weekly(el, d) {
    var n = d.weeks.length;
    var labels = d.weeks.map(function (w, i) {
      return dayLabel(w) + (d.days[i] === 7 ? "" : " (so far)");
    });
    var bars = uPlot.paths.bars({ size: [0.6, 48] });
    return draw(el, {
      title: "Weekly load and the worst ache",
      scales: { x: { time: false, range: [-0.5, n - 0.5] }, load: { range: [0, null] },
        ache: { range: [0, 10] } },
      axes: [
        xAxis(labels),
        { scale: "load", label: "Weekly load" },
        { scale: "ache", side: 1, label: "Worst ache (0-10)", grid: { show: false } },
      ],
      series: [
        { label: "Week of", value: function (u, i) { return i == null ? "" : labels[i]; } },
        { label: "Load", scale: "load", stroke: BLUE, fill: SKY, width: 1, paths: bars,
          points: { show: false } },
        // The week in progress: hollow, as in the report, so no one compares it
        // with the whole weeks.
        { label: "This week so far", scale: "load", stroke: BLUE, fill: "#FFFFFF",
          width: 1, paths: bars, points: { show: false } },
        { label: "Worst ache", scale: "ache", stroke: VERMILLION, width: 0,
          points: { show: true, size: 9, fill: VERMILLION },
          value: function (u, v, s, i) { return i == null ? "--" : (v == null ? "none logged" : v); } },
      ],
    }, [indices(n), only(d.load, d.days, true), only(d.load, d.days, false), d.ache]);
  }

  function form(el, d) {
    var n = d.days.length;
    var labels = d.days.map(dayLabel);
    return draw(el, {
      title: "Fitness, fatigue and form",
      scales: { x: { time: false } },
      axes: [xAxis(labels), { label: "Load per day" }],
      series: [
        { label: "Day", value: function (u, i) { return i == null ? "" : labels[i]; } },
        { label: "Fitness (42 d)", stroke: BLUE, width: 2 },
        { label: "Fatigue (7 d)", stroke: ORANGE, width: 1.5, dash: [6, 4] },
        { label: "Form", stroke: INK, width: 1.2 },
        { label: "High-risk form (-30)", stroke: VERMILLION, width: 1, dash: [2, 3],
          points: { show: false } },
      ],
    }, [indices(n), d.fitness, d.fatigue, d.form, constant(n, -30)]);
  }

  function monotony(el, d) {
    var n = d.days.length;
    var labels = d.days.map(dayLabel);
    return draw(el, {
      title: "Monotony (7 days)",
      // As the report: from 0, with room above the 2.0 flag line.
      scales: { x: { time: false },
        y: { range: function (u, min, max) { return [0, Math.max(2.5, max || 0) * 1.2]; } } },
      axes: [xAxis(labels), { label: "Monotony" }],
      series: [
        { label: "Day", value: function (u, i) { return i == null ? "" : labels[i]; } },
        { label: "Monotony", stroke: INK, width: 1.4,
          value: function (u, v, s, i) { return i == null ? "--" : (v == null ? "not judged" : v); } },
        { label: "1.5 watch", stroke: ORANGE, dash: [6, 4], points: { show: false } },
        { label: "2.0 flag", stroke: VERMILLION, dash: [2, 3], points: { show: false } },
      ],
    }, [indices(n), d.monotony, constant(n, 1.5), constant(n, 2.0)]);
  }

  var SIDE_COLOURS = { left: BLUE, right: VERMILLION, both: INK };

  /* A screening test's results per side over time, with its norm. */
  function trend(el, d) {
    var n = d.days.length;
    var labels = d.days.map(function (iso) { return dayLabel(iso) + " " + iso.slice(0, 4); });
    var unit = el.dataset.unit;
    var series = [
      { label: "Day", value: function (u, i) { return i == null ? "" : labels[i]; } },
    ];
    var columns = [indices(n)];
    Object.keys(d.sides).forEach(function (side) {
      series.push({ label: side.charAt(0).toUpperCase() + side.slice(1), spanGaps: true,
        stroke: SIDE_COLOURS[side] || INK, width: 2, points: { show: true, size: 8 },
        value: function (u, v, s, i) {
          return i == null ? "--" : (v == null ? "not measured" : v + " " + unit);
        } });
      columns.push(d.sides[side]);
    });
    series.push({ label: "Norm", stroke: ORANGE, dash: [2, 3], points: { show: false } });
    columns.push(constant(n, d.norm));
    return draw(el, {
      title: el.dataset.title,
      scales: { x: { time: false, range: [-0.5, n - 0.5] } },
      axes: [xAxis(labels), { label: unit }],
      series: series,
    }, columns);
  }

  var BUILDERS = { "weekly-chart": weekly, "form-chart": form, "monotony-chart": monotony };

  function start() {
    if (typeof uPlot === "undefined") { return; }  // the tables still say it all
    var drawn = [];
    Object.keys(BUILDERS).forEach(function (id) {
      var el = document.getElementById(id);
      var d = el && data(el.dataset.source);
      if (d) { drawn.push({ el: el, u: BUILDERS[id](el, d) }); }
    });
    document.querySelectorAll('.chart[data-kind="trend"]').forEach(function (el) {
      var d = data(el.dataset.source);
      if (d) { drawn.push({ el: el, u: trend(el, d) }); }
    });
    var pending = null;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        drawn.forEach(function (c) {
          c.u.setSize({ width: Math.max(c.el.clientWidth, 240), height: height(c.el) });
        });
      }, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
