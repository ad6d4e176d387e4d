/* Ratusha: forms with data-confirm ask before they are sent (instead of an inline onsubmit,
   which the Content-Security-Policy refuses). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-confirm]") && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
}());
