// The Dwaar session bar on a back office's pages (issue 8 item 5). Served by the gateway at
// /.dwaar/session-bar.js on every resource host; a back office includes it with one tag, or the gateway
// inserts that tag. It shows a bar (the webtop, time left, log out) and, before the session ends for
// idleness, an accessible warning with one-click extend (WCAG 2.2.1), without leaving the page, so what
// the officer typed stays. No inline script or style, no eval: it runs under a strict CSP. Its markup
// lives in a shadow root with its own stylesheet, so the back office's CSS and the bar's do not mix.
(function () {
  'use strict';
  if (window.dwaarSessionBar || !window.fetch || !document.body || !document.body.attachShadow) return;
  window.dwaarSessionBar = true;

  var BASE = '/.dwaar/';
  var WARN_MAX_MS = 120000;
  var POLL_MS = 60000;
  /** The warning is announced politely at these many seconds left, not every second. */
  var ANNOUNCE_AT = [120, 90, 60, 30, 10];

  var text = null;
  var links = null;
  var endsAt = 0;
  var skew = 0;
  var warnMs = WARN_MAX_MS;
  var ended = false;
  var checking = false;
  var announced = {};
  var lastFocus = null;
  var ui = null;

  function serverNow() {
    return Date.now() + skew;
  }

  function fill(key, vars) {
    return String(text[key] || '').replace(/\{(\w+)\}/g, function (m, name) {
      return vars && name in vars ? String(vars[name]) : m;
    });
  }

  function duration(ms, coarse) {
    var s = Math.max(0, Math.ceil(ms / 1000));
    if (coarse && s >= 60) return fill('timeMin', { m: Math.ceil(s / 60) });
    if (s >= 60) return fill('timeMinSec', { m: Math.floor(s / 60), s: s % 60 });
    return fill('timeSec', { s: s });
  }

  function getJson(path) {
    return fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(
      function (r) {
        return r.json().then(function (body) {
          return { status: r.status, body: body };
        });
      },
    );
  }

  function postJson(path) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'x-dwaar-session-bar': '1' },
    }).then(function (r) {
      return r.json().then(function (body) {
        return { status: r.status, body: body };
      });
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return node;
  }

  function build(lang) {
    var host = el('dwaar-session-bar', { lang: lang });
    var root = host.attachShadow({ mode: 'open' });
    root.appendChild(el('link', { rel: 'stylesheet', href: BASE + 'session-bar.css' }));
    var left = el('span', { class: 'left' });
    var logout = el('button', { type: 'button', class: 'link' }, [text.barLogout]);
    var bar = el('div', { class: 'bar', role: 'region', 'aria-label': text.barLabel }, [
      el('a', { href: links.webtop }, [text.barWebtop]),
      left,
      logout,
    ]);
    var title = el('h2', { id: 'dwaar-warn-title' });
    var body = el('p', { id: 'dwaar-warn-body' });
    var keep = el('p', { class: 'hint' });
    var extend = el('button', { type: 'button', class: 'primary' }, [text.warnExtend]);
    var signIn = el('a', { class: 'button primary', href: '#' }, [text.warnSignIn]);
    var live = el('p', { class: 'visually-hidden', 'aria-live': 'polite' });
    var dialog = el(
      'div',
      {
        class: 'warning',
        role: 'alertdialog',
        'aria-labelledby': 'dwaar-warn-title',
        'aria-describedby': 'dwaar-warn-body',
        tabindex: '-1',
        hidden: '',
      },
      [title, body, keep, extend, signIn],
    );
    root.appendChild(bar);
    root.appendChild(dialog);
    root.appendChild(live);
    document.body.insertBefore(host, document.body.firstChild);
    ui = {
      left: left,
      dialog: dialog,
      title: title,
      body: body,
      keep: keep,
      extend: extend,
      signIn: signIn,
      live: live,
    };
    extend.addEventListener('click', extendSession);
    logout.addEventListener('click', logOut);
    dialog.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && !ended) {
        e.preventDefault();
        extendSession();
      }
    });
  }

  function apply(status) {
    if (status.status === 200 && status.body.live) {
      if (ended) {
        // Signed in again (in another tab): this page can be sent now.
        ended = false;
        hideWarning();
      }
      skew = status.body.now - Date.now();
      endsAt = status.body.endsAt;
      warnMs = Math.min(WARN_MAX_MS, status.body.idleMs / 2);
      return true;
    }
    if (status.status === 401) showEnded();
    return false;
  }

  function check() {
    if (checking || !ui) return;
    checking = true;
    getJson(BASE + 'session')
      .then(function (s) {
        if (!apply(s)) return;
        if (endsAt - serverNow() <= warnMs) showWarning();
        else if (!ui.dialog.hidden) hideWarning(); // extended elsewhere meanwhile
      })
      .catch(function () {})
      .then(function () {
        checking = false;
      });
  }

  function tick() {
    if (!ui || ended) return;
    var left = endsAt - serverNow();
    ui.left.textContent = fill('barTimeLeft', { time: duration(left, true) });
    if (left <= 0) return check();
    if (ui.dialog.hidden) {
      // Before warning, ask again: work in another tab may have extended the session meanwhile.
      if (left <= warnMs) check();
      return;
    }
    ui.body.textContent = fill('warnBody', { time: duration(left, false) });
    var s = Math.ceil(left / 1000);
    ANNOUNCE_AT.forEach(function (at) {
      if (s <= at && s > at - 5 && !announced[at]) {
        announced[at] = true;
        ui.live.textContent = fill('warnBody', { time: duration(left, false) });
      }
    });
  }

  function showWarning() {
    if (ended || !ui.dialog.hidden) return;
    announced = {};
    ui.title.textContent = text.warnTitle;
    ui.body.textContent = fill('warnBody', { time: duration(endsAt - serverNow(), false) });
    ui.keep.textContent = text.warnKeep;
    ui.extend.hidden = false;
    ui.signIn.hidden = true;
    ui.left.textContent = fill('barTimeLeft', { time: duration(endsAt - serverNow(), true) });
    lastFocus = document.activeElement;
    ui.dialog.hidden = false;
    ui.extend.focus();
  }

  function hideWarning() {
    ui.dialog.hidden = true;
    ui.live.textContent = '';
    // Back to where the officer was typing.
    if (lastFocus && lastFocus.focus && document.contains(lastFocus)) lastFocus.focus();
    lastFocus = null;
  }

  function showEnded() {
    if (!ui || ended) return;
    ended = true;
    ui.left.textContent = text.warnEndedTitle;
    ui.title.textContent = text.warnEndedTitle;
    ui.body.textContent = text.warnEnded;
    ui.keep.textContent = '';
    ui.extend.hidden = true;
    ui.signIn.hidden = false;
    ui.signIn.setAttribute('href', links.signIn + encodeURIComponent(window.location.href));
    if (ui.dialog.hidden) lastFocus = document.activeElement;
    ui.dialog.hidden = false;
    ui.signIn.focus();
  }

  function extendSession() {
    postJson(BASE + 'session/extend')
      .then(function (s) {
        if (apply(s)) hideWarning();
      })
      .catch(function () {
        ui.keep.textContent = text.warnFailed;
      });
  }

  function logOut() {
    postJson(BASE + 'session/logout')
      .then(function (s) {
        window.location.assign(s.body.next || links.webtop);
      })
      .catch(function () {
        window.location.assign(links.webtop);
      });
  }

  getJson(BASE + 'session')
    .then(function (s) {
      return getJson(BASE + 'session-bar-text?lang=' + (s.body.lang === 'hi' ? 'hi' : 'en')).then(
        function (t) {
          text = t.body.text;
          links = { webtop: t.body.webtop, signIn: t.body.signIn };
          build(t.body.lang);
          if (apply(s)) tick();
          setInterval(tick, 1000);
          // Work in other tabs, a logout or a revocation change the times: ask again when the officer
          // comes back to this tab, and once a minute.
          setInterval(check, POLL_MS);
          window.addEventListener('focus', check);
          document.addEventListener('visibilitychange', function () {
            if (document.visibilityState === 'visible') check();
          });
        },
      );
    })
    .catch(function () {
      // Not behind the gateway (or it did not answer): the page works as before, without the bar.
    });
})();
