// /me/uploads/: files dropped on the box join the file input, and the upload's
// limits are checked before anything is sent. The form works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var form = document.querySelector("[data-upload-form]");
  if (!form) return;
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector("[data-dropzone]");
  var chosen = form.querySelector("[data-chosen]");
  var error = form.querySelector("[data-upload-error]");

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(bytes < 10485760 ? 1 : 0) + " MB";
  }

  function problem(files) {
    var maxFiles = Number(form.dataset.maxFiles);
    var maxBytes = Number(form.dataset.maxBytes);
    var total = 0;
    for (var i = 0; i < files.length; i++) total += files[i].size;
    if (files.length > maxFiles) {
      return "That is " + files.length + " files; one upload takes at most " + maxFiles + ".";
    }
    if (total > maxBytes) {
      return "That is " + megabytes(total) + "; one upload takes at most " + megabytes(maxBytes) + ".";
    }
    return null;
  }

  function showError(text) {
    error.textContent = text || "";
    error.hidden = !text;
    if (text) {
      input.setAttribute("aria-invalid", "true");
      if (input.getAttribute("aria-describedby").indexOf("upload-error") < 0) {
        input.setAttribute("aria-describedby", input.getAttribute("aria-describedby") + " upload-error");
      }
    } else {
      input.removeAttribute("aria-invalid");
    }
  }

  function describe() {
    var files = input.files;
    if (!files || !files.length) { chosen.textContent = ""; return; }
    var total = 0;
    for (var i = 0; i < files.length; i++) total += files[i].size;
    chosen.textContent = files.length === 1
      ? "Chosen: " + files[0].name + " (" + megabytes(total) + ")"
      : "Chosen: " + files.length + " files (" + megabytes(total) + ")";
    showError(problem(files));
  }

  input.addEventListener("change", describe);
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("dropzone--over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () { zone.classList.remove("dropzone--over"); });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      input.files = event.dataTransfer.files;
      describe();
    }
  });
  form.addEventListener("submit", function (event) {
    var text = input.files && input.files.length ? problem(input.files) : null;
    if (text) {
      event.preventDefault();
      showError(text);
      input.focus();
      return;
    }
    if (!window.XMLHttpRequest || !window.FormData) return; // the plain form post
    event.preventDefault();
    send();
  });

  // Sending through XMLHttpRequest only adds a progress bar while the bytes go
  // up (an export can take minutes on a phone); where the server answers, the
  // browser goes, as after the plain form post.
  var sending = form.querySelector("[data-sending]");
  var bar = sending.querySelector("progress");
  var said = sending.querySelector("[data-sending-status]");
  var button = form.querySelector("button[type=submit]");

  function send() {
    var request = new XMLHttpRequest();
    var lastQuarter = -1;
    request.open("POST", form.action || window.location.href);
    request.upload.addEventListener("progress", function (event) {
      if (!event.lengthComputable) return;
      var share = event.loaded / event.total;
      bar.value = Math.round(share * 100);
      var quarter = Math.floor(share * 4);
      if (quarter !== lastQuarter) { // announce every quarter, not every byte
        lastQuarter = quarter;
        said.textContent = "Sending: " + Math.round(share * 100) + " %";
      }
    });
    request.addEventListener("load", function () {
      if (request.status >= 200 && request.status < 300 && request.responseURL) {
        said.textContent = "Sent. Opening the upload's page…";
        window.location.assign(request.responseURL);
        return;
      }
      finish(refusal(request));
    });
    request.addEventListener("error", function () {
      finish("The upload did not reach the server. Check your connection and try again.");
    });
    button.disabled = true;
    button.textContent = "Uploading…";
    sending.hidden = false;
    bar.value = 0;
    request.send(new FormData(form));
  }

  function refusal(request) {
    var page = new DOMParser().parseFromString(request.responseText || "", "text/html");
    var error = page.querySelector("[data-upload-error]");
    if (error && error.textContent.trim()) return error.textContent.trim();
    return "The server refused the upload (HTTP " + request.status + ").";
  }

  function finish(text) {
    sending.hidden = true;
    button.disabled = false;
    button.textContent = "Upload";
    showError(text);
    input.focus();
  }
})();
