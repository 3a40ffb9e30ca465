// Leaves empty fields out of a submitted filter form, so the address of the
// results (a permalink) carries only the filters in use. Without this script
// the form works the same, with a longer address.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("form.filters")) return;
  Array.prototype.forEach.call(form.elements, function (field) {
    if (field.name && field.value === "" && !field.disabled) field.disabled = true;
  });
  window.setTimeout(function () {
    Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
  }, 0);
});
