/* The session note's findings on the body map (progressive enhancement).
 *
 * Without a script the findings are rows of three lists (region, side,
 * restriction).  With it, the check-in's map appears above them
 * (runners/body_map.js: Tab enters it once, arrows move, Enter/Space/click
 * press) and drives the same lists: pressing a region puts it, with the side
 * pressed, in the first empty row, and the therapist then chooses its
 * restriction in that row.  Pressing a marked region again takes it off (its
 * row is emptied); on a finding for both sides it leaves the other side.  The
 * map always shows what the rows say.
 */
(function () {
  "use strict";

  var map = document.querySelector('[data-body-map][data-for="f"]');
  var table = document.querySelector("[data-findings]");
  var said = document.getElementById("f-map-said");
  if (!map || !table || !said || !window.stridelightBodyMap) return;
  var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr"));

  function field(row, what) { return row.querySelector('select[name$="-' + what + '"]'); }
  function rowWith(region, side) {
    return rows.filter(function (row) {
      return field(row, "region").value === region && field(row, "side").value === side;
    })[0] || null;
  }
  function number(row) { return rows.indexOf(row) + 1; }
  function set(row, region, side) {
    field(row, "region").value = region;
    field(row, "side").value = side;
    if (!region) field(row, "restriction").value = "";
  }

  function press(shape) {
    var region = shape.getAttribute("data-region");
    var side = shape.getAttribute("data-side");
    var name = shape.getAttribute("aria-label");
    var same = rowWith(region, side);
    var both = rowWith(region, "both");
    if (same) {
      set(same, "", "");
      said.textContent = name + " taken off: finding " + number(same) + " is empty again.";
    } else if (both) {
      var other = side === "left" ? "right" : "left";
      set(both, region, other);
      said.textContent = "Finding " + number(both) + " is now on the " + other + " side only.";
    } else {
      var empty = rows.filter(function (row) { return !field(row, "region").value; })[0];
      if (!empty) {
        said.textContent = "All " + rows.length + " findings are used: empty one before adding " + name.toLowerCase() + ".";
      } else {
        set(empty, region, side);
        said.textContent = name + " is finding " + number(empty) + ": choose its restriction there.";
      }
    }
    show();
  }

  var drawn = window.stridelightBodyMap(map, press);
  if (!drawn) return;

  function show() {
    drawn.regions.forEach(function (shape) {
      var region = shape.getAttribute("data-region");
      var on = rowWith(region, shape.getAttribute("data-side")) || rowWith(region, "both");
      shape.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }

  table.addEventListener("change", show);
  show();
  var pressed = drawn.regions.filter(function (s) { return s.getAttribute("aria-pressed") === "true"; });
  drawn.rove(pressed[0] || drawn.regions[0]);
})();
