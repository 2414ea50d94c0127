// /me/uploads/<id>/: asks the server about every second how far the import got
// and swaps in the same markup the page was rendered with. Only the sentence in
// the polite status region is announced, and only when it says something new.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var box = document.getElementById("upload-progress");
  var status = document.getElementById("upload-status");
  if (!box || !status || box.dataset.finished === "true") return;
  var url = box.dataset.progressUrl;
  var EVERY_MS = 1000;
  var failures = 0;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        box.innerHTML = data.html;
        if (status.textContent !== data.message && (data.finished || announceable(data))) {
          status.textContent = data.message;
        }
        box.dataset.finished = String(data.finished);
        if (!data.finished) window.setTimeout(poll, EVERY_MS);
      })
      .catch(function () {
        failures += 1;
        if (failures < 30) window.setTimeout(poll, EVERY_MS * 2);
        else status.textContent = "Lost touch with the server: refresh the page to see how far it got.";
      });
  }

  // A screen reader hears the state change and each new file, not every count.
  var lastKey = null;
  function announceable(data) {
    var reading = data.files.filter(function (f) { return f.state === "reading"; });
    var key = data.state + ":" + (reading.length ? reading[0].name : "");
    var changed = key !== lastKey;
    lastKey = key;
    return changed;
  }

  window.setTimeout(poll, 300);
})();
