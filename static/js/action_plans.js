// Action-plan pages: "Add another …" adds a row in place. Without this script the same
// buttons submit the form and the server returns the page with one more row.
(function () {
  "use strict";

  function addRow(prefix) {
    var rows = document.getElementById(prefix + "-rows");
    var template = document.getElementById(prefix + "-empty");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    if (!rows || !template || !total) {
      return false;
    }
    var index = parseInt(total.value, 10) || 0;
    if (max && index >= parseInt(max.value, 10)) {
      return false; // let the server say why no more rows can be added
    }
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var row = document.getElementById(prefix + "-" + index);
    var first =
      row &&
      row.querySelector("textarea, select, input:not([type=hidden]):not([type=checkbox])");
    if (first) {
      first.focus();
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-add-row]");
    if (button && addRow(button.getAttribute("data-add-row"))) {
      event.preventDefault();
    }
  });

  // A row ticked for removal is dimmed, so it is clear it will go on save.
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches(".formset-row input[type=checkbox][name$='-DELETE']")) {
      box.closest(".formset-row").classList.toggle("is-removed", box.checked);
    }
  });
})();
