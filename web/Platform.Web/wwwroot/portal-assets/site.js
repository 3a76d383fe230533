// Progressive enhancement only: the pages work without it. The browser checks each field against the form's
// schema (required, pattern, min/max...) before sending; this shows its message next to the field, tied to it
// with aria-describedby, instead of only in a bubble, and clears it once the answer is corrected.
document.addEventListener("invalid", function (event) {
  var field = event.target;
  var error = field.id && document.getElementById(field.id + "-error");
  if (!error) return;
  error.textContent = field.validationMessage;
  field.setAttribute("aria-invalid", "true");
}, true);

document.addEventListener("input", function (event) {
  var field = event.target;
  if (!field.validity || !field.validity.valid || field.getAttribute("aria-invalid") !== "true") return;
  var error = document.getElementById(field.id + "-error");
  if (error) error.textContent = "";
  field.removeAttribute("aria-invalid");
});

// After a refused submission the error summary takes the focus, so keyboard and screen reader users start there.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
});
