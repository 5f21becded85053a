// Warns before an idle session ends and lets the officer extend it with one action (WCAG 2.2.1). The
// warning counts down the time left (announced politely now and then, not every second), and when the
// session ends anyway (idle, limit, logout elsewhere, revocation) the page moves to the session-ended
// page by itself (issue 8 item 9). It asks the portal for the session's times, which also counts work in
// the back office: the webtop's own timer would not know about it.
(function () {
  'use strict';
  var box = document.getElementById('session-warning');
  if (!box) return;
  var button = box.querySelector('button');
  var countdown = box.querySelector('.countdown');
  var live = box.querySelector('[aria-live]');
  var idleMs = Number(box.getAttribute('data-idle-ms'));
  var warnMs = Math.min(120000, idleMs / 2);
  var ANNOUNCE_AT = [120, 90, 60, 30, 10];
  /** Even without a warning due, ask now and then: a revocation or a logout in another tab ends it too. */
  var POLL_MS = 30000;
  var endsAt = Date.now() + idleMs;
  var skew = 0;
  var checkedAt = Date.now();
  var checking = false;
  var announced = {};

  function fill(template, vars) {
    return String(template || '').replace(/\{(\w+)\}/g, function (m, name) {
      return name in vars ? String(vars[name]) : m;
    });
  }

  function duration(ms) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    if (s >= 60) return fill(box.getAttribute('data-min-sec'), { m: Math.floor(s / 60), s: s % 60 });
    return fill(box.getAttribute('data-sec'), { s: s });
  }

  function ended(reason) {
    window.location.assign(reason ? '/ended?reason=' + encodeURIComponent(reason) : '/');
  }

  function apply(r) {
    return r.json().then(function (body) {
      if (!body.live) return ended(body.reason);
      skew = body.now - Date.now();
      endsAt = body.endsAt;
      if (endsAt - (Date.now() + skew) > warnMs) box.hidden = true;
    });
  }

  function check() {
    if (checking) return;
    checking = true;
    checkedAt = Date.now();
    fetch('/session/status', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(apply)
      .catch(function () {})
      .then(function () {
        checking = false;
      });
  }

  function show(left) {
    if (!box.hidden) return;
    announced = {};
    box.hidden = false;
    button.focus();
    countdown.textContent = fill(box.getAttribute('data-warn'), { time: duration(left) });
  }

  function tick() {
    var left = endsAt - (Date.now() + skew);
    // At the predicted end, and every POLL_MS, ask the portal: work in the back office extends the
    // session, and a logout or revocation elsewhere ends it. The warning itself follows the prediction.
    if (left <= 0 || Date.now() - checkedAt >= POLL_MS) check();
    if (left <= 0 || left > warnMs) return;
    if (box.hidden) show(left);
    var text = fill(box.getAttribute('data-warn'), { time: duration(left) });
    countdown.textContent = text;
    var s = Math.ceil(left / 1000);
    ANNOUNCE_AT.forEach(function (at) {
      if (s <= at && s > at - 5 && !announced[at]) {
        announced[at] = true;
        live.textContent = text;
      }
    });
  }

  button.addEventListener('click', function () {
    fetch('/session/extend', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-dwaar-csrf': box.getAttribute('data-csrf') },
    }).then(function (r) {
      if (!r.ok) return ended('idle');
      box.hidden = true;
      live.textContent = '';
      check();
    });
  });
  box.addEventListener('keydown', function (e) {
    if (e.key === 'Escape') {
      e.preventDefault();
      button.click();
    }
  });
  check();
  setInterval(tick, 1000);
  // Coming back to the tab: ask at once rather than at the next poll.
  window.addEventListener('focus', check);
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'visible') check();
  });
})();
