/* The language menu sends its form as soon as another language is chosen (without script the
   form's own button does, see the <noscript> in base.html). A static file, not an inline
   handler: the Content-Security-Policy allows no inline script (docs/security.md). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var select = event.target;
    if (select instanceof HTMLSelectElement && select.hasAttribute("data-submit-on-change")) {
      select.form.submit();
    }
  });
})();
