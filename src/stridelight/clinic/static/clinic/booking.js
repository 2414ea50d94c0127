// Booking pages: progressive enhancement only; every form works without this.
// 1. Move focus to the error summary when the server returned errors.
// 2. Warn before a held time ends (WCAG 2.2.1): two minutes before, an alert says
//    so, with a button that extends the hold in place, without reloading the form.
//    (Without JavaScript the form's own "Keep this time" button does the same.)
(function () {
  "use strict";

  var WARN_BEFORE_MS = 2 * 60 * 1000;
  var EXTEND_LABEL = "Keep this time 10 more minutes";

  function focusErrors() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) {
      summary.focus();
    }
  }

  function minutesLeft(expires) {
    return Math.max(0, Math.ceil((expires - Date.now()) / 60000));
  }

  function setUpHold(hold) {
    var expires = Date.parse(hold.getAttribute("data-expires"));
    var warning = hold.querySelector("[data-hold-warning]");
    var until = hold.querySelector("[data-hold-until]");
    var form = hold.closest("form");
    var state = "held"; // held, warned, ended
    if (isNaN(expires) || !warning || !form) {
      return;
    }

    function say(text, tone, withButton) {
      warning.textContent = "";
      warning.setAttribute("data-tone", tone);
      var line = document.createElement("p");
      line.textContent = text;
      warning.appendChild(line);
      if (withButton) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = EXTEND_LABEL;
        button.addEventListener("click", extend);
        warning.appendChild(button);
      }
    }

    function extend() {
      var token = form.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(hold.getAttribute("data-extend-url"), {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "", "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      }).then(function (result) {
        if (result.ok) {
          expires = Date.parse(result.body.expires);
          state = "held";
          if (until) { until.textContent = result.body.expires_text; }
          say("Kept: we hold this time for you until " + result.body.expires_text + ".",
            "ok", false);
        } else {
          say("Sorry, your held time ended and someone else took it. " +
            "Please choose another time.", "warn", false);
        }
      }).catch(function () {
        say("We could not reach the clinic's site. Press \u201c" + EXTEND_LABEL +
          "\u201d at the end of the form.", "warn", false);
      });
    }

    function tick() {
      var left = expires - Date.now();
      if (left <= 0 && state !== "ended") {
        state = "ended";
        say("Your held time has ended. You can still book it if nobody else has " +
          "taken it.", "warn", true);
      } else if (left > 0 && left <= WARN_BEFORE_MS && state === "held") {
        state = "warned";
        var n = minutesLeft(expires);
        say("Your held time ends in " + n + " minute" + (n === 1 ? "" : "s") + ".",
          "warn", true);
      }
    }

    window.setInterval(tick, 5000);
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrors();
    var hold = document.querySelector("[data-hold]");
    if (hold) {
      setUpHold(hold);
    }
  });
})();
