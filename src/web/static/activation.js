// Activation's recovery-codes step: the print button (hidden until this script runs, so a page without
// script shows no button that does nothing). The download is a plain link and needs no script.
(function () {
  'use strict';
  document.querySelectorAll('[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  });
})();
