/* The interactive body map ({% body_map "interactive" %}), shared by every page
 * that draws it: the runner's check-in (runners/checkin.js) and the therapist's
 * session-note findings (clinic/findings.js).
 *
 * This file knows the map, not the form: it shows the map, lets Tab enter it
 * once (roving tabindex), the arrow keys and Home/End move between regions and
 * Enter, Space or a click press one.  What a press means is the page's:
 * `window.stridelightBodyMap(map, onPress)` calls `onPress(shape)` and returns
 * `{regions, rove}` so the page can show its form's state on the map.
 */
(function () {
  "use strict";

  window.stridelightBodyMap = function (map, onPress) {
    var regions = Array.prototype.slice.call(map.querySelectorAll(".region"));
    if (regions.length === 0) return null;
    map.hidden = false;

    function rove(target) {
      regions.forEach(function (shape) { shape.setAttribute("tabindex", shape === target ? "0" : "-1"); });
    }

    regions.forEach(function (shape, i) {
      shape.addEventListener("click", function () { rove(shape); onPress(shape); });
      shape.addEventListener("keydown", function (event) {
        var next = null;
        if (event.key === "ArrowRight" || event.key === "ArrowDown") next = regions[(i + 1) % regions.length];
        else if (event.key === "ArrowLeft" || event.key === "ArrowUp") next = regions[(i - 1 + regions.length) % regions.length];
        else if (event.key === "Home") next = regions[0];
        else if (event.key === "End") next = regions[regions.length - 1];
        else if (event.key === "Enter" || event.key === " ") { event.preventDefault(); rove(shape); onPress(shape); return; }
        if (next) { event.preventDefault(); rove(next); next.focus(); }
      });
    });
    return { regions: regions, rove: rove };
  };
})();
