/* The check-in's body map and red-flag shortcuts (progressive enhancement).
 *
 * Without this script the form works as it is: the region list, the side, the
 * scale and the six questions are plain radios.  With it, the SVG map appears
 * and drives the same radios (the map's keys and clicks: runners/body_map.js,
 * loaded first).
 * "None of these six apply" fills each safe answer where it can be seen, and
 * an answer that is a red flag is announced at once.
 */
(function () {
  "use strict";

  function radios(scope, name) {
    return Array.prototype.slice.call(scope.querySelectorAll('input[name="' + name + '"]'));
  }

  function checkedValue(scope, name) {
    var found = scope.querySelector('input[name="' + name + '"]:checked');
    return found ? found.value : null;
  }

  function setupMap(map) {
    // The map's keys and clicks are runners/body_map.js; this is what a press
    // means on the check-in: the region, in the ache's own form.
    var prefix = map.getAttribute("data-for");
    var ache = map.closest("[data-ache]");
    if (!ache || !window.stridelightBodyMap) return;
    var sideField = ache.querySelector('[data-field="side"]');
    var said = document.createElement("p");
    said.className = "hint tapped";
    said.setAttribute("aria-live", "polite");
    if (sideField) sideField.appendChild(said);

    function press(shape) {
      var region = shape.getAttribute("data-region");
      radios(ache, prefix + "-region").forEach(function (input) {
        if (input.value === region) {
          input.checked = true;
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
      drawn.regions.forEach(function (other) { other.setAttribute("aria-pressed", other === shape ? "true" : "false"); });
      // The side is its own step (left/right is the commonest mistake on body
      // maps): the tap suggests it, the runner chooses it.
      said.textContent = "On the map you pressed the " + shape.getAttribute("aria-label").toLowerCase() +
        ". Choose its side here.";
    }

    var drawn = window.stridelightBodyMap(map, press);
    if (!drawn) return;

    function show() {
      // The map shows what the form says: the region, on the side chosen.
      var region = checkedValue(ache, prefix + "-region");
      var side = checkedValue(ache, prefix + "-side");
      drawn.regions.forEach(function (shape) {
        var on = shape.getAttribute("data-region") === region &&
          (side === "both" || shape.getAttribute("data-side") === side);
        shape.setAttribute("aria-pressed", on ? "true" : "false");
      });
    }

    ache.addEventListener("change", function (event) {
      var name = event.target && event.target.name;
      if (name === prefix + "-region" || name === prefix + "-side") show();
    });
    show();
    var pressed = drawn.regions.filter(function (s) { return s.getAttribute("aria-pressed") === "true"; });
    drawn.rove(pressed[0] || drawn.regions[0]);
  }

  function setupRedFlags(form) {
    var box = form.querySelector(".redflags");
    if (!box) return;
    var noneApply = box.querySelector('.none-apply input[type="checkbox"]');
    var live = box.querySelector("[data-advice-live]");
    var advice = box.querySelector("#redflag-advice");
    var answers = Array.prototype.slice.call(box.querySelectorAll("input[data-flag-answer]"));

    function isFlag(input) { return input.checked && input.value === input.getAttribute("data-flag-answer"); }

    function announce() {
      var flagged = answers.some(isFlag);
      if (live) live.textContent = flagged && advice ? advice.textContent.replace(/\s+/g, " ").trim() : "";
    }

    if (noneApply) {
      noneApply.addEventListener("change", function () {
        if (!noneApply.checked) return;
        answers.forEach(function (input) {
          if (input.value !== input.getAttribute("data-flag-answer")) input.checked = true;
        });
        announce();
      });
    }
    answers.forEach(function (input) {
      input.addEventListener("change", function () {
        if (isFlag(input)) {
          if (noneApply) noneApply.checked = false;
          // What to do goes right under the question, where the thumb is.
          var question = input.closest("fieldset");
          if (advice && question) question.after(advice);
        }
        announce();
      });
    });
  }

  document.querySelectorAll("[data-body-map][data-for]").forEach(setupMap);
  document.querySelectorAll("form[data-checkin]").forEach(setupRedFlags);
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
