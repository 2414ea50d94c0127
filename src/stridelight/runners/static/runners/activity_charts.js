// /me/activities/<id>/: pace, heart rate and cadence over the run as uPlot charts.
// The data comes from the page (json_script); the table of kilometres below the
// charts says the same in text, so the charts themselves are hidden from screen readers.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var source = document.getElementById("run-series");
  if (!source || typeof uPlot === "undefined") return;
  var data = JSON.parse(source.textContent);
  var HEIGHT = 180;

  function clock(seconds) {
    if (seconds == null) return "–";
    var s = Math.round(seconds);
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var mm = (h && m < 10 ? "0" : "") + m, ss = (r < 10 ? "0" : "") + r;
    return h ? h + ":" + mm + ":" + ss : mm + ":" + ss;
  }
  function whole(unit) {
    return function (value) { return value == null ? "–" : Math.round(value) + " " + unit; };
  }

  var KINDS = {
    pace: { label: "Pace", value: function (v) { return v == null ? "–" : clock(v) + " /km"; },
            axis: clock, stroke: "#0b5cad" },
    hr: { label: "Heart rate", value: whole("bpm"), axis: function (v) { return String(Math.round(v)); },
          stroke: "#8a1c1c" },
    cadence: { label: "Cadence", value: whole("spm"), axis: function (v) { return String(Math.round(v)); },
               stroke: "#1d6b35" }
  };

  // Pace near a standstill runs off to hours per km: the scale stops a quarter
  // past the 95th percentile, so a pause does not flatten the whole run.
  function paceRange(u, low, high) {
    var values = data.pace.filter(function (v) { return v != null; }).sort(function (a, b) { return a - b; });
    if (!values.length) return [low, high];
    var p95 = values[Math.floor((values.length - 1) * 0.95)];
    return [Math.max(0, values[0] * 0.95), Math.min(high, p95 * 1.25)];
  }

  var charts = [];
  Object.keys(KINDS).forEach(function (name) {
    var box = document.querySelector('[data-chart="' + name + '"]');
    if (!box || !data[name]) return;
    var kind = KINDS[name];
    var options = {
      width: Math.max(box.clientWidth, 280),
      height: HEIGHT,
      scales: {
        x: { time: false },
        y: name === "pace" ? { dir: -1, range: paceRange } : { dir: 1 }
      },
      series: [
        { label: "Time", value: function (u, v) { return clock(v); } },
        { label: kind.label, stroke: kind.stroke, width: 2, spanGaps: false,
          value: function (u, v) { return kind.value(v); } }
      ],
      axes: [
        { values: function (u, ticks) { return ticks.map(clock); } },
        { values: function (u, ticks) { return ticks.map(kind.axis); }, size: 56 }
      ],
      cursor: { drag: { x: false, y: false } }
    };
    charts.push({ plot: new uPlot(options, [data.t, data[name]], box), box: box });
  });

  var pending = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(pending);
    pending = window.setTimeout(function () {
      charts.forEach(function (c) { c.plot.setSize({ width: Math.max(c.box.clientWidth, 280), height: HEIGHT }); });
    }, 150);
  });
})();
