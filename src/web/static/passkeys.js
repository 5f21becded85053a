// Passkeys and security keys (WebAuthn) for Dwaar's own pages: no library, no CDN (the CSP allows only our
// own scripts). A form marked `data-passkey="create"` (add a passkey) or `data-passkey="get"` (use one at
// sign-in) is an ordinary form post: on submit this script asks the server for the ceremony's options
// (the challenge stays on the server), calls the browser, puts the answer as JSON in the form's hidden
// `response` field and sends the form. A "get" form that starts hidden is shown only when the server says
// the account has a passkey.
(function () {
  'use strict';

  function toBuffer(text) {
    var b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    while (b64.length % 4) b64 += '=';
    var bin = atob(b64);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out.buffer;
  }

  function toText(buffer) {
    if (!buffer) return undefined;
    var bytes = new Uint8Array(buffer);
    var bin = '';
    for (var i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
    return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function withIds(list) {
    return (list || []).map(function (c) {
      return { id: toBuffer(c.id), type: c.type || 'public-key', transports: c.transports };
    });
  }

  function creationOptions(o) {
    var copy = Object.assign({}, o);
    copy.challenge = toBuffer(o.challenge);
    copy.user = Object.assign({}, o.user, { id: toBuffer(o.user.id) });
    copy.excludeCredentials = withIds(o.excludeCredentials);
    return copy;
  }

  function requestOptions(o) {
    var copy = Object.assign({}, o);
    copy.challenge = toBuffer(o.challenge);
    copy.allowCredentials = withIds(o.allowCredentials);
    return copy;
  }

  function credentialJson(cred, kind) {
    var r = cred.response;
    var response =
      kind === 'create'
        ? {
            clientDataJSON: toText(r.clientDataJSON),
            attestationObject: toText(r.attestationObject),
            transports: typeof r.getTransports === 'function' ? r.getTransports() : undefined,
          }
        : {
            clientDataJSON: toText(r.clientDataJSON),
            authenticatorData: toText(r.authenticatorData),
            signature: toText(r.signature),
            userHandle: toText(r.userHandle),
          };
    return {
      id: cred.id,
      rawId: toText(cred.rawId),
      type: cred.type,
      response: response,
      authenticatorAttachment: cred.authenticatorAttachment || undefined,
      clientExtensionResults: cred.getClientExtensionResults ? cred.getClientExtensionResults() : {},
    };
  }

  /** The ceremony's options, or null when the server has none for this person (no passkey). */
  function fetchOptions(form) {
    return fetch(form.getAttribute('data-options'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        'x-dwaar-csrf': form.getAttribute('data-csrf'),
      },
      body: '{}',
    }).then(function (res) {
      return res.ok ? res.json() : null;
    });
  }

  function say(form, key) {
    var status = form.querySelector('[data-passkey-status]');
    if (status) status.textContent = key ? form.getAttribute('data-' + key) || '' : '';
  }

  function setUp(form) {
    var kind = form.getAttribute('data-passkey');
    var supported = typeof window.PublicKeyCredential === 'function' && !!navigator.credentials;
    if (kind === 'get' && form.hidden) {
      if (!supported) return;
      fetchOptions(form)
        .then(function (o) {
          if (o) form.hidden = false;
        })
        .catch(function () {});
    }
    var busy = false;
    form.addEventListener('submit', function (event) {
      var field = form.querySelector('input[name="response"]');
      if (field.value) return; // the answer is in: let the form go
      event.preventDefault();
      if (!supported) return say(form, 'unsupported');
      if (busy) return;
      busy = true;
      say(form, 'working');
      fetchOptions(form)
        .then(function (o) {
          if (!o) throw new Error('no options');
          return kind === 'create'
            ? navigator.credentials.create({ publicKey: creationOptions(o) })
            : navigator.credentials.get({ publicKey: requestOptions(o) });
        })
        .then(function (cred) {
          field.value = JSON.stringify(credentialJson(cred, kind));
          say(form);
          form.submit();
        })
        .catch(function () {
          busy = false;
          say(form, 'cancelled');
        });
    });
  }

  var forms = document.querySelectorAll('form[data-passkey]');
  for (var i = 0; i < forms.length; i++) setUp(forms[i]);
})();
