// Gap analysis and capabilities: small enhancements. Every page works without them:
// the "Add to gaps" buttons submit the form, warnings appear after saving, and the
// partner fields are always shown.
(function () {
  "use strict";

  function normalise(text) {
    return text.replace(/\s+/g, " ").trim().toLowerCase();
  }

  // "Add to gaps": append the candidate's text to the domain's gaps, in place.
  function addGap(button) {
    var field = document.getElementById(button.dataset.target);
    var text = button.dataset.text;
    if (!field || !text) {
      return false;
    }
    if (normalise(field.value).indexOf(normalise(text)) === -1) {
      var current = field.value.replace(/\s+$/, "");
      field.value = current ? current + "\n" + text : text;
      // Tells the autosave (static/js/autosave.js) that the gaps changed.
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    button.disabled = true;
    button.textContent = "Added to gaps";
    field.focus();
    return true;
  }

  // The maturity warning as soon as the choice is 2 or more away from the suggestion.
  function updateMaturityWarning(select) {
    var warning = document.getElementById(select.dataset.warning);
    if (!warning) {
      return;
    }
    var suggested = parseInt(select.dataset.suggested, 10);
    var chosen = parseInt(select.value, 10);
    warning.hidden = isNaN(chosen) || isNaN(suggested) || Math.abs(chosen - suggested) < 2;
  }

  // Partner type and name only matter for a capability provided by a partner.
  function updatePartnerFields(card) {
    var fields = card.querySelector(".js-partner-fields");
    var delivery = card.querySelector(".js-delivery");
    if (!fields || !delivery) {
      return;
    }
    var internal = delivery.querySelector("input[value='internal']");
    fields.hidden = Boolean(internal && internal.checked);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".js-add-gap").forEach(function (button) {
      button.addEventListener("click", function (event) {
        if (addGap(button)) {
          event.preventDefault();
        }
      });
    });
    document.querySelectorAll("select[data-suggested]").forEach(function (select) {
      select.addEventListener("change", function () {
        updateMaturityWarning(select);
      });
    });
    document.querySelectorAll("fieldset.capability").forEach(function (card) {
      updatePartnerFields(card);
      card.querySelectorAll(".js-delivery input").forEach(function (radio) {
        radio.addEventListener("change", function () {
          updatePartnerFields(card);
        });
      });
    });
  });
})();
