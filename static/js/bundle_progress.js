// The bundle page: poll the progress every two seconds and reload once it is finished,
// so the download link appears. Without JavaScript the page's reload link does the same.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("bundle-progress");
    if (!box || box.dataset.finished === "true") {
      return;
    }
    var reload = document.getElementById("bundle-reload");
    if (reload) {
      reload.hidden = true;
    }
    function poll() {
      fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response); })
        .then(function (progress) {
          document.getElementById("bundle-status").textContent = progress.status_label;
          document.getElementById("bundle-count").textContent = progress.done + " of " + progress.total;
          var bar = document.getElementById("bundle-bar");
          bar.max = progress.total || 1;
          bar.value = progress.done;
          if (progress.finished) {
            window.location.reload();
          } else {
            window.setTimeout(poll, 2000);
          }
        })
        .catch(function () {
          if (reload) {
            reload.hidden = false;
          }
        });
    }
    window.setTimeout(poll, 1000);
  });
})();
