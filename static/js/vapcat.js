// The VaPCAT questionnaire: save each item as it is answered, and its comment as it is
// typed (1.5 s after the last keystroke), keep the progress counts current. Leaving the
// page first saves what is still unsaved (static/js/autosave.js). Without JavaScript the
// "Save my answers" button does the same job.
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
    var COMMENT_DELAY = 1500;
    var typing = {}; // item code -> the timer of its comment's save

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

    function send(fieldset, keepalive) {
      var request = payload(fieldset);
      window.clearTimeout(typing[request.code]);
      delete typing[request.code];
      pending += 1;
      say("Saving your answer to " + request.code + "…");
      queue = queue
        .then(function () {
          return fetch(url, {
            method: "POST",
            body: request.data,
            credentials: "same-origin",
            keepalive: Boolean(keepalive),
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
      if (event.target.matches("textarea") && !typing[fieldset.getAttribute("data-item")]) {
        return; // its last keystrokes are saved already
      }
      send(fieldset);
    });

    form.addEventListener("input", function (event) {
      var fieldset = event.target.closest("fieldset[data-item]");
      if (!fieldset || !event.target.matches("textarea")) {
        return;
      }
      var code = fieldset.getAttribute("data-item");
      window.clearTimeout(typing[code]);
      typing[code] = window.setTimeout(function () {
        send(fieldset);
      }, COMMENT_DELAY);
    });

    function typed() {
      return Object.keys(typing).map(function (code) {
        return form.querySelector('fieldset[data-item="' + code + '"]');
      });
    }

    // A save or submit waits for answers still on their way, so that it does not look
    // like someone else's change (its revision would be behind).
    if (window.portalAutosave) {
      window.portalAutosave.register({
        form: form,
        unsaved: function () {
          return pending > 0 || Object.keys(typing).length > 0;
        },
        flush: function (keepalive) {
          typed().forEach(function (fieldset) {
            send(fieldset, keepalive);
          });
          return queue;
        },
        // "Save my answers" sends every comment itself: only the saves on their way.
        settle: function () {
          Object.keys(typing).forEach(function (code) {
            window.clearTimeout(typing[code]);
          });
          typing = {};
          return pending > 0 ? queue : null;
        },
      });
    }
  });
})();
