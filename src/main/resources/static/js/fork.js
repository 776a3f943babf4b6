// The shared page's "Rerun on your model": quote first, then run on the viewer's own credits
// (POST /api/v1/playground/shared/{token}/fork[/estimate]). Server text is set with textContent only.
(function () {
  'use strict';
  var box = document.querySelector('[data-testid="fork"]');
  if (!box) return;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var token = box.dataset.token;
  var select = box.querySelector('[data-testid="fork-model"]');
  var quoteButton = box.querySelector('[data-testid="fork-quote"]');
  var runButton = box.querySelector('[data-testid="fork-run"]');
  var status = box.querySelector('[data-testid="fork-status"]');
  var answer = box.querySelector('[data-testid="fork-answer"]');
  var base = '/api/v1/playground/shared/' + encodeURIComponent(token) + '/fork';

  function post(path) {
    return fetch(path, {
      method: 'POST', credentials: 'same-origin', body: JSON.stringify({ model: select.value }),
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json', 'X-CSRF-Token': csrf }
    }).then(function (response) {
      return response.json().then(function (body) { return { ok: response.ok, body: body }; });
    });
  }

  fetch('/api/v1/playground/models', { credentials: 'same-origin' }).then(function (r) { return r.json(); })
    .then(function (models) {
      models.forEach(function (m) {
        var option = document.createElement('option');
        option.value = m.id;
        option.textContent = m.id + (m.demo ? ' (demo)' : '');
        select.appendChild(option);
      });
    });

  select.addEventListener('change', function () { runButton.disabled = true; status.textContent = ''; });

  quoteButton.addEventListener('click', function () {
    runButton.disabled = true;
    post(base + '/estimate').then(function (result) {
      var q = result.body;
      if (!result.ok) { status.textContent = q.message || 'No quote'; return; }
      status.textContent = 'Hold ' + q.holdCredits + ' credits (expected charge ' + q.expectedCredits
        + '), you have ' + q.available + '.' + (q.affordable ? '' : ' Not enough credits.');
      runButton.textContent = 'Rerun for up to ' + q.holdCredits + ' credits';
      runButton.disabled = !q.affordable;
    });
  });

  runButton.addEventListener('click', function () {
    runButton.disabled = true;
    status.textContent = 'Running…';
    post(base).then(function (result) {
      var r = result.body;
      if (!result.ok) { status.textContent = r.message || 'The rerun failed'; return; }
      status.textContent = 'Charged ' + r.credits.charged + ' credits on ' + r.model + '; balance '
        + r.credits.balanceAfter + '. Saved to your sessions.';
      answer.textContent = r.output;
      answer.hidden = false;
    });
  });
})();
