// Progressive enhancements shared by every page. The pages work without them.
(function () {
  'use strict';
  var summary = document.getElementById('error-summary');
  if (summary) summary.focus();

  document.querySelectorAll('[data-show-password]').forEach(function (box) {
    var input = document.getElementById(box.getAttribute('data-show-password'));
    if (!input) return;
    box.closest('.show-password').hidden = false;
    box.addEventListener('change', function () {
      input.type = box.checked ? 'text' : 'password';
    });
  });

  var caps = document.getElementById('caps-lock');
  if (caps) {
    var check = function (e) {
      if (e.getModifierState) caps.hidden = !e.getModifierState('CapsLock');
    };
    document.addEventListener('keydown', check);
    document.addEventListener('keyup', check);
  }
})();
