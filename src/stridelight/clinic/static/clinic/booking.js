// Booking pages: progressive enhancement only; every form works without this.
// 1. Move focus to the error summary when the server returned errors.
// 2. Warn before a held time ends (WCAG 2.2.1): two minutes before, an alert says
//    so and the "keep it" button extends the hold in place, without a reload.
(function () {
  "use strict";

  var WARN_BEFORE_MS = 2 * 60 * 1000;

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
    var button = hold.querySelector("[data-hold-extend]");
    var form = hold.closest("form");
    var warned = false;
    var ended = false;
    if (isNaN(expires) || !warning || !button || !form) {
      return;
    }

    function say(text) {
      warning.textContent = text;
    }

    function tick() {
      var left = expires - Date.now();
      if (left <= 0 && !ended) {
        ended = true;
        say("Your held time has ended. You can still book it if nobody else has: " +
          "press \u201cKeep this time 10 more minutes\u201d or \u201cBook this time\u201d.");
      } else if (left > 0 && left <= WARN_BEFORE_MS && !warned) {
        warned = true;
        var n = minutesLeft(expires);
        say("Your held time ends in " + n + " minute" + (n === 1 ? "" : "s") +
          ". Press \u201cKeep this time 10 more minutes\u201d to keep it longer.");
      }
    }

    button.addEventListener("click", function (event) {
      event.preventDefault();
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
          warned = false;
          ended = false;
          if (until) { until.textContent = result.body.expires_text; }
          say("Kept: we hold this time for you until " + result.body.expires_text + ".");
        } else {
          say("Sorry, your held time ended and someone else took it. " +
            "Please choose another time.");
        }
      }).catch(function () {
        form.requestSubmit(button); // the server's own way, without JavaScript
      });
    });

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
