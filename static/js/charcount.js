// The count beside a bounded text field ("1,234 of 2,000 characters"), kept up to date
// as one types. The field says its maximum (data-max, or maxlength) and, for a
// paragraph, its most lines (data-max-lines); the server draws the count and refuses
// what is too long, so every page works without this.
(function () {
  "use strict";

  var PAUSE = 400; // ms after the last key before the live region is updated

  // The text as the server counts it: spaces around it are dropped, a line break is
  // one character, an emoji is one.
  function normalise(text) {
    return text.replace(/\r\n?/g, "\n").trim();
  }

  function length(text) {
    return Array.from(normalise(text)).length;
  }

  function lines(text) {
    var value = normalise(text);
    return value ? value.split("\n").length : 0;
  }

  function number(value) {
    return value.toLocaleString("en-US");
  }

  function describe(field, max, maxLines) {
    var used = length(field.value);
    var text = number(used) + " of " + number(max) + " characters";
    var over = used > max;
    if (over) {
      text += " (" + number(used - max) + " too many)";
    }
    var count = lines(field.value);
    if (maxLines && count > maxLines) {
      text += "; " + number(count) + " lines, at most " + number(maxLines);
      over = true;
    }
    return { text: text, over: over };
  }

  function attach(output) {
    var field = document.getElementById(output.dataset.countFor);
    if (!field) {
      return;
    }
    var max = parseInt(field.dataset.max || field.getAttribute("maxlength"), 10);
    var maxLines = parseInt(field.dataset.maxLines, 10) || 0;
    if (!max) {
      return;
    }
    var timer = null;
    function update() {
      var state = describe(field, max, maxLines);
      if (output.textContent !== state.text) {
        output.textContent = state.text;
      }
      output.classList.toggle("char-count-over", state.over);
    }
    field.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(update, PAUSE);
    });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".char-count[data-count-for]").forEach(attach);
  });
})();
