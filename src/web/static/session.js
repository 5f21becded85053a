// Warns before an idle session ends and lets the officer extend it with one action (WCAG 2.2.1).
(function () {
  'use strict';
  var box = document.getElementById('session-warning');
  if (!box) return;
  var idleMs = Number(box.getAttribute('data-idle-ms'));
  var warnMs = Math.min(120000, idleMs / 2);
  var timer;
  function arm() {
    clearTimeout(timer);
    box.hidden = true;
    timer = setTimeout(function () {
      box.hidden = false;
      box.querySelector('button').focus();
    }, idleMs - warnMs);
  }
  box.querySelector('button').addEventListener('click', function () {
    fetch('/session/extend', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-dwaar-csrf': box.getAttribute('data-csrf') },
    }).then(function (r) {
      if (r.ok) arm();
      else window.location.assign('/ended?reason=idle');
    });
  });
  arm();
})();
