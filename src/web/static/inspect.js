// Collects what the device check needs and submits it. Reads no files and nothing personal.
(function () {
  'use strict';
  var form = document.getElementById('inspection-form');
  if (!form) return;
  var nav = window.navigator;
  function set(name, value) {
    var input = form.querySelector('input[name="' + name + '"]');
    if (input) input.value = value;
  }
  function submit(brands, platform, platformVersion) {
    set('userAgent', nav.userAgent || '');
    set('brands', brands);
    set('platform', platform);
    set('platformVersion', platformVersion);
    set('secureContext', window.isSecureContext ? 'yes' : 'no');
    set('cookiesEnabled', nav.cookieEnabled ? 'yes' : 'no');
    form.submit();
  }
  var uad = nav.userAgentData;
  if (uad && uad.getHighEntropyValues) {
    uad
      .getHighEntropyValues(['platformVersion', 'fullVersionList'])
      .then(function (v) {
        var list = (v.fullVersionList || uad.brands || []).map(function (b) {
          return b.brand + '/' + b.version;
        });
        submit(list.join(';'), v.platform || uad.platform || '', v.platformVersion || '');
      })
      .catch(function () {
        submit('', uad.platform || '', '');
      });
  } else {
    submit('', nav.platform || '', '');
  }
})();
