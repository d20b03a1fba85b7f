// Nothing typed is lost.
//
// A form marked data-autosave saves itself as a draft 1.5 s after the last change, when
// the tab is hidden and before the page is left: the whole form (FormData) is posted to
// its own address with the header "X-Autosave: 1", and the server saves it exactly as the
// Save button would (same revision check, same read-only refusal) and answers in JSON.
// The hidden revision field follows each save; the [data-autosave-status] element says
// "Saved at 14:02" or "Not saved: …". On pages with rows, the answer gives the id each
// row now has, so that a row created by an autosave is not created again by the next save.
//
// Leaving the page (a link, another form, a reload) first saves what is still unsaved;
// the browser's leave-page warning appears only while something could not be saved.
// Other savers (the VaPCAT's per-item saves) join through window.portalAutosave.register.
//
// Without JavaScript none of this runs and the Save button does the same job.
(function () {
  "use strict";

  var DELAY = 1500;
  var savers = [];
  var leaving = false; // a form of the page is being submitted: it carries what was typed
  var resubmitting = null;

  function unsaved() {
    return savers.some(function (saver) {
      return saver.unsaved();
    });
  }

  function flushAll(keepalive) {
    return Promise.all(
      savers.map(function (saver) {
        return saver.flush(keepalive);
      })
    );
  }

  function register(saver) {
    savers.push(saver);
  }

  // --- one form that saves itself --------------------------------------------------------

  function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }

  // Give formset `prefix` the ids the server now has: saved rows become the formset's
  // first (initial) forms, with their id; blank or removed rows follow as new ones. Only
  // names and ids change, so the rows stay where they are on the page and keep the focus.
  function applyRowIds(form, prefix, ids) {
    var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var initial = form.querySelector('input[name="' + prefix + '-INITIAL_FORMS"]');
    if (!total || !initial) {
      return;
    }
    var count = parseInt(total.value, 10) || 0;
    var rows = [];
    for (var index = 0; index < count; index += 1) {
      var row = document.getElementById(prefix + "-" + index);
      if (row) {
        rows.push({ element: row, from: index, id: index < ids.length ? ids[index] : null });
      }
    }
    var saved = rows.filter(function (row) {
      return row.id !== null && row.id !== undefined;
    });
    var unsavedRows = rows.filter(function (row) {
      return row.id === null || row.id === undefined;
    });
    var ordered = saved.concat(unsavedRows);
    ordered.forEach(function (row, to) {
      if (row.from !== to) {
        renumber(row.element, prefix, row.from, to);
      }
      var id = row.element.querySelector('input[name="' + prefix + "-" + to + '-id"]');
      if (id) {
        id.value = saved.indexOf(row) >= 0 ? String(row.id) : "";
      }
    });
    initial.value = String(saved.length);
  }

  function renumber(row, prefix, from, to) {
    var pattern = new RegExp(escapeRegExp(prefix + "-" + from) + "(?=-|$|_)", "g");
    var replacement = prefix + "-" + to;
    var attributes = ["id", "name", "for", "aria-describedby", "aria-labelledby", "aria-controls"];
    [row].concat(Array.prototype.slice.call(row.querySelectorAll("*"))).forEach(function (el) {
      attributes.forEach(function (attribute) {
        var value = el.getAttribute(attribute);
        if (value) {
          el.setAttribute(attribute, value.replace(pattern, replacement));
        }
      });
    });
  }

  function autosaveForm(form) {
    var status = form.querySelector("[data-autosave-status]");
    var revision = form.querySelector("input[name=revision]");
    var url = form.action || window.location.href;
    var changes = 0; // edits so far
    var savedChanges = 0; // edits the server has confirmed
    var timer = null;
    var busy = null; // the save on its way
    var blocked = false; // refused for good (someone else saved, or read-only)

    function say(text, isError) {
      if (!status) {
        return;
      }
      status.textContent = text;
      status.classList.toggle("text-danger", Boolean(isError));
      status.classList.toggle("fw-semibold", Boolean(isError));
      status.classList.toggle("text-muted", !isError);
    }

    function pending() {
      return changes !== savedChanges;
    }

    function answer(response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return { ok: false, status: response.status, body: {} };
      }
      return response.json().then(function (body) {
        return { ok: response.ok, status: response.status, body: body };
      });
    }

    function save(keepalive) {
      window.clearTimeout(timer);
      timer = null;
      if (busy) {
        return busy.then(function () {
          return pending() && !blocked ? save(keepalive) : null;
        });
      }
      if (!pending() || blocked) {
        return Promise.resolve();
      }
      var sent = changes;
      var body = new FormData(form);
      busy = fetch(url, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        keepalive: Boolean(keepalive),
        headers: { "X-Autosave": "1", Accept: "application/json" },
      })
        .then(answer)
        .then(function (result) {
          if (result.ok && result.body.saved) {
            revision.value = String(result.body.revision);
            var rows = result.body.rows || {};
            Object.keys(rows).forEach(function (prefix) {
              applyRowIds(form, prefix, rows[prefix]);
            });
            savedChanges = sent;
            say("Saved at " + result.body.saved_at);
            return;
          }
          if (result.status === 409) {
            blocked = true; // saving again would be refused again
          }
          say(
            "Not saved: " +
              (result.body.error ||
                "the portal did not accept your draft (you may have been logged out). " +
                  "Use “Save” before you leave the page."),
            true
          );
        })
        .catch(function () {
          say(
            "Not saved: the portal could not be reached just now. " +
              "Use “Save” before you leave the page.",
            true
          );
        })
        .then(function () {
          busy = null;
        });
      return busy;
    }

    function changed() {
      changes += 1;
      window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", function (event) {
      // Text fields report each keystroke as "input" already.
      if (!event.target.matches("textarea, input[type=text], input:not([type])")) {
        changed();
      }
    });

    register({
      form: form,
      unsaved: pending,
      flush: save,
      // Before the form's own Save: no autosave any more, only the one on its way.
      settle: function () {
        window.clearTimeout(timer);
        timer = null;
        return busy;
      },
    });
  }

  // --- leaving the page --------------------------------------------------------------------

  function leavesPage(link, event) {
    if (event.defaultPrevented || event.button !== 0) {
      return false;
    }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return false; // a new tab or window: this page stays
    }
    if ((link.target && link.target !== "_self") || link.hasAttribute("download")) {
      return false;
    }
    var here = window.location;
    var samePage = link.origin === here.origin && link.pathname === here.pathname &&
      link.search === here.search;
    return !(samePage && link.hash);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href]");
    if (!link || !leavesPage(link, event) || !unsaved()) {
      return;
    }
    event.preventDefault();
    flushAll().then(function () {
      window.location.assign(link.href);
    });
  });

  // Any form of the page is submitted once what was typed is saved. A form's own Save
  // waits only for the autosave on its way (it carries the rest itself): sent before that
  // autosave is answered, it would carry an older revision and be refused as if somebody
  // else had saved in between.
  document.addEventListener("submit", function (event) {
    var target = event.target;
    if (event.defaultPrevented) {
      return;
    }
    var own = savers.filter(function (saver) {
      return saver.form === target;
    })[0];
    if (resubmitting === target) {
      resubmitting = null;
      leaving = Boolean(own) || !unsaved();
      return;
    }
    var wait = own ? own.settle() : unsaved() ? flushAll() : null;
    if (!wait) {
      leaving = true;
      return;
    }
    event.preventDefault();
    var submitter = event.submitter;
    wait.then(function () {
      resubmitting = target;
      if (target.requestSubmit) {
        target.requestSubmit(submitter && submitter.form === target ? submitter : undefined);
      } else {
        leaving = true;
        target.submit();
      }
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (!leaving && unsaved()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && !leaving) {
      flushAll(true);
    }
  });

  window.addEventListener("pagehide", function () {
    if (!leaving) {
      flushAll(true);
    }
  });

  window.addEventListener("pageshow", function () {
    leaving = false;
  });

  window.portalAutosave = { register: register };

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-autosave]").forEach(autosaveForm);
  });
})();
