// Every page: send the CSRF token with htmx requests, show their errors, and the "Copy" buttons of
// share links.
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.content : '';
  document.addEventListener('htmx:configRequest', function (e) {
    e.detail.headers['X-CSRF-Token'] = token;
  });
  // htmx leaves 4xx/5xx answers unswapped; show the server's message (with its correlation id)
  // in the page's alert box instead of failing silently.
  document.addEventListener('htmx:beforeSwap', function (e) {
    var box = document.getElementById('alert');
    if (e.detail.xhr.status >= 400 && box) {
      e.detail.shouldSwap = true;
      e.detail.isError = false;
      e.detail.target = box;
      e.detail.swapOverride = 'innerHTML';
    }
  });
  document.addEventListener('htmx:sendError', function () {
    var box = document.getElementById('alert');
    if (box) box.textContent = 'The server cannot be reached; check your connection and try again.';
  });
  document.addEventListener('click', function (e) {
    var button = e.target.closest('[data-copy]');
    if (!button) return;
    var field = document.getElementById(button.dataset.copy);
    if (!field) return;
    field.select();
    if (navigator.clipboard) navigator.clipboard.writeText(field.value).catch(function () {});
    button.textContent = 'Copied';
  });
})();
