// The VaPCAT questionnaire: save each item as it is answered, keep the progress counts
// current. Without JavaScript the "Save my answers" button does the same job.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-autosave-url]");
    if (!form) {
      return;
    }
    var url = form.getAttribute("data-autosave-url");
    var status = document.getElementById("autosave-status");
    var revision = form.querySelector("input[name=revision]");
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    // Saves go one after another, so each carries on from the revision the last one set.
    var queue = Promise.resolve();
    var pending = 0;
    var flushing = false;

    function say(text, isError) {
      status.textContent = text;
      status.classList.toggle("is-error", Boolean(isError));
    }

    function updateProgress() {
      var total = 0;
      form.querySelectorAll("section[data-domain]").forEach(function (section) {
        var code = section.getAttribute("data-domain");
        var answered = section.querySelectorAll("fieldset[data-item] input[type=radio]:checked").length;
        total += answered;
        document.querySelectorAll('[data-progress="' + code + '"]').forEach(function (el) {
          el.textContent = answered;
        });
      });
      document.querySelectorAll('[data-progress="all"]').forEach(function (el) {
        el.textContent = total;
      });
    }

    function payload(fieldset) {
      var code = fieldset.getAttribute("data-item");
      var data = new FormData();
      data.append("item", code);
      var checked = fieldset.querySelector("input[type=radio]:checked");
      data.append(code + "-value", checked ? checked.value : "");
      var comment = fieldset.querySelector("textarea");
      data.append(code + "-comment", comment ? comment.value : "");
      return { code: code, data: data };
    }

    function send(fieldset) {
      var request = payload(fieldset);
      pending += 1;
      say("Saving your answer to " + request.code + "…");
      queue = queue
        .then(function () {
          return fetch(url, {
            method: "POST",
            body: request.data,
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrf, Accept: "application/json" },
          }).then(function (response) {
            return response.json().then(function (body) {
              return { ok: response.ok, body: body };
            });
          });
        })
        .then(function (result) {
          if (result.ok) {
            if (Number(result.body.revision) > Number(revision.value)) {
              revision.value = result.body.revision;
            }
            say("Saved your answer to " + request.code + ".");
          } else {
            say("Not saved: " + (result.body.error || "the server refused the answer") + ".", true);
          }
        })
        .catch(function () {
          say(
            "Your answer to " + request.code + " could not be saved just now. " +
              "Use “Save my answers” before you leave the page.",
            true
          );
        })
        .then(function () {
          pending -= 1;
        });
    }

    form.addEventListener("change", function (event) {
      var fieldset = event.target.closest("fieldset[data-item]");
      if (!fieldset) {
        return;
      }
      updateProgress();
      send(fieldset);
    });

    // A save or submit waits for answers still on their way, so that it does not look
    // like someone else's change (its revision would be behind).
    form.addEventListener("submit", function (event) {
      if (pending === 0 || flushing) {
        return;
      }
      event.preventDefault();
      flushing = true;
      var submitter = event.submitter;
      queue.then(function () {
        if (form.requestSubmit) {
          form.requestSubmit(submitter);
        } else {
          form.submit();
        }
      });
    });
  });
})();
