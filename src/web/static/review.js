// HQ review table: in each officer's row, shows only the fields of the decision chosen there (the reason when
// rejecting; the exception's reason and end date when approving an officer of an open office as an
// exception). Without this script every field shows, and the server reads only those of the decision taken.
(function () {
  'use strict';
  var form = document.getElementById('review-form');
  if (!form) return;

  function update(itemId) {
    var checked = form.querySelector('input[name="decision-' + itemId + '"]:checked');
    var value = checked ? checked.value : '';
    form.querySelectorAll('.review-when[data-for="' + itemId + '"]').forEach(function (part) {
      part.hidden = part.getAttribute('data-when') !== value;
    });
  }

  form.querySelectorAll('.review-decision[data-item]').forEach(function (group) {
    var itemId = group.getAttribute('data-item');
    update(itemId);
    group.addEventListener('change', function () {
      update(itemId);
    });
  });
})();
