// CSV import page: reads the chosen file in the browser and sends its text with the form, since the
// console takes form posts only. Without JavaScript the file chooser stays hidden and the paste box works.
(function () {
  'use strict';
  var form = document.getElementById('import-form');
  if (!form) return;
  var field = form.querySelector('.file-field');
  var file = document.getElementById('csv-file');
  var text = document.getElementById('csv-file-text');
  var error = document.getElementById('csv-file-error');
  if (!field || !file || !text || !error || typeof FileReader === 'undefined') return;
  field.hidden = false;
  var maxBytes = Number(form.getAttribute('data-max-bytes')) || 10485760;
  var sending = false;

  function showError(message) {
    error.textContent = message;
    error.hidden = false;
    file.setAttribute('aria-invalid', 'true');
    file.focus();
  }

  file.addEventListener('change', function () {
    text.value = '';
    error.hidden = true;
    file.removeAttribute('aria-invalid');
  });

  form.addEventListener('submit', function (event) {
    var chosen = file.files && file.files[0];
    if (!chosen || sending) return;
    event.preventDefault();
    if (chosen.size > maxBytes) {
      showError(form.getAttribute('data-too-big'));
      return;
    }
    var reader = new FileReader();
    reader.onload = function () {
      text.value = String(reader.result);
      sending = true;
      form.submit();
    };
    reader.onerror = function () {
      showError(form.getAttribute('data-unreadable'));
    };
    reader.readAsText(chosen, 'utf-8');
  });
})();
