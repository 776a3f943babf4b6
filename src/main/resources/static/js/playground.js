// The playground: live estimate, streamed runs (SSE read with fetch), Stop, follow-ups, comparison.
// All text from the server is written with textContent, never as HTML.
(function () {
  'use strict';
  var $ = function (selector) { return document.querySelector(selector); };
  var csrf = $('meta[name="csrf-token"]').content;
  var input = $('#input'), estimate = $('#estimate'), conversation = $('#conversation'), alertBox = $('#alert');
  var runButton = $('#run-button'), stopButton = $('#stop-button'), newButton = $('#new-conversation');
  var toggle = $('#compare-toggle'), versus = $('#compare-model'), compareBox = $('#compare'), meta = $('#run-meta');
  var conversationId = null, controller = null, timer = null;

  function selectedPackage() {
    var detail = $('#package-detail');
    return detail && detail.dataset.packageId ? { id: detail.dataset.packageId, version: detail.dataset.version } : null;
  }

  function model() {
    var checked = document.querySelector('input[name="model"]:checked');
    return checked ? checked.value : null;
  }

  function post(path, body, signal) {
    return fetch(path, {
      method: 'POST', credentials: 'same-origin', signal: signal, body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', 'Accept': 'text/event-stream, application/json', 'X-CSRF-Token': csrf }
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function showAlert(text, extra) {
    alertBox.replaceChildren();
    var box = element('div', 'alert error');
    box.setAttribute('data-testid', 'alert');
    box.appendChild(element('span', null, text));
    if (extra) box.appendChild(extra);
    alertBox.appendChild(box);
  }

  async function showProblem(response) {
    var problem = {};
    try { problem = await response.json(); } catch (ignored) { /* not JSON */ }
    var text = problem.message || problem.detail || ('Request failed (' + response.status + ')');
    if (response.status === 402) {
      var buy = element('a', 'button primary', 'Buy credits');
      buy.href = '/credits';
      buy.setAttribute('data-testid', 'buy-credits');
      showAlert('Not enough credits: this needs ' + problem.required + ', you have ' + problem.available + '. ', buy);
    } else if (response.status === 429) {
      var wait = problem.retryAfter || response.headers.get('Retry-After') || 60;
      showAlert('Too many runs for now: try again in ' + wait + ' seconds.');
    } else if (response.status >= 500) {
      showAlert(text + (problem.correlationId ? ' (correlation id ' + problem.correlationId + ')' : ''));
    } else if (response.status === 401) {
      window.location.assign('/login');
    } else {
      showAlert(text);
    }
  }

  function scheduleEstimate() {
    clearTimeout(timer);
    timer = setTimeout(refreshEstimate, 300);
  }

  async function refreshEstimate() {
    var pkg = selectedPackage();
    if (!pkg || !input.value.trim() || !model()) {
      estimate.textContent = 'Pick a package and type your input to see what the run costs.';
      estimate.className = 'estimate';
      return;
    }
    var response = await post('/api/v1/playground/estimate', runBody(pkg, model()));
    if (!response.ok) { estimate.textContent = 'No estimate for this input.'; return; }
    var e = await response.json();
    var cost = toggle.checked ? e.credits + await otherSide(pkg) : e.credits;
    var affordable = cost <= e.available;
    estimate.textContent = 'Up to ' + cost + (cost === 1 ? ' credit' : ' credits') + ' (you have ' + e.available
      + ') — ' + (affordable ? 'affordable' : 'not enough credits');
    estimate.className = 'estimate ' + (affordable ? 'affordable' : 'unaffordable');
    estimate.dataset.affordable = String(affordable);
  }

  async function otherSide(pkg) {
    var response = await post('/api/v1/playground/estimate', runBody(pkg, versus.value));
    return response.ok ? (await response.json()).credits : 0;
  }

  function runBody(pkg, modelId) {
    return { packageId: pkg.id, version: pkg.version, model: modelId, input: input.value,
      conversationId: toggle.checked ? null : conversationId };
  }

  function setRunning(running) {
    runButton.disabled = running;
    stopButton.hidden = !running;
    newButton.hidden = running || !conversationId;
    $('#input-label').textContent = conversationId ? 'Follow-up' : 'Your input';
  }

  function addMessage(role, text) {
    var box = element('div', 'msg ' + role);
    box.appendChild(element('p', 'who', role === 'user' ? 'You' : model()));
    var body = element('div', 'text', text);
    box.appendChild(body);
    conversation.appendChild(box);
    return body;
  }

  async function readEvents(response, onEvent) {
    var reader = response.body.getReader(), decoder = new TextDecoder(), buffer = '';
    for (;;) {
      var chunk = await reader.read();
      if (chunk.done) return;
      buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, '\n');
      var end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        var block = buffer.slice(0, end), name = 'message', data = [];
        buffer = buffer.slice(end + 2);
        block.split('\n').forEach(function (line) {
          if (line.indexOf('event:') === 0) name = line.slice(6).trim();
          else if (line.indexOf('data:') === 0) data.push(line.slice(5).replace(/^ /, ''));
        });
        if (data.length) onEvent(name, JSON.parse(data.join('\n')));
      }
    }
  }

  function describe(result) {
    return result.tokens.input + ' tokens in · ' + result.tokens.output + ' out · ' + result.credits.charged
      + (result.credits.charged === 1 ? ' credit' : ' credits') + ' · ' + result.durationMs + ' ms · '
      + result.model + (result.demo ? ' (demo)' : '')
      + (result.fallbackFrom ? ' — served instead of ' + result.fallbackFrom : '')
      + (result.partial ? ' · stopped early, charged for the part produced' : '');
  }

  function afterRun() {
    document.body.dispatchEvent(new Event('balance-changed'));
    document.body.dispatchEvent(new Event('sessions-changed'));
    scheduleEstimate();
  }

  async function run() {
    var pkg = selectedPackage();
    if (!pkg) { showAlert('Pick a package first.'); return; }
    if (!input.value.trim()) { showAlert('Type an input first.'); return; }
    alertBox.replaceChildren();
    meta.textContent = '';
    compareBox.hidden = true;
    controller = new AbortController();
    setRunning(true);
    var body = runBody(pkg, model());
    try {
      var response = await post('/api/v1/playground/run/stream', body, controller.signal);
      if (!response.ok) { await showProblem(response); return; }
      addMessage('user', body.input);
      var answer = addMessage('assistant', '');
      var previous = document.querySelector('[data-testid="output"]');
      if (previous) previous.removeAttribute('data-testid');
      answer.setAttribute('data-testid', 'output');
      input.value = '';
      await readEvents(response, function (name, data) {
        if (name === 'delta') answer.textContent += data.text;
        else if (name === 'done') { conversationId = data.sessionId; meta.textContent = describe(data); }
        else if (name === 'error') {
          showAlert((data.detail || 'The run failed') + (data.correlationId ? ' (correlation id ' + data.correlationId + ')' : ''));
          if (data.partial) { conversationId = data.partial.sessionId; meta.textContent = describe(data.partial); }
        }
      });
    } catch (e) {
      if (e.name === 'AbortError') meta.textContent = 'Stopped: you are charged only for what was produced.';
      else showAlert('The connection failed: ' + e.message);
    } finally {
      controller = null;
      setRunning(false);
      afterRun();
    }
  }

  async function compare() {
    var pkg = selectedPackage();
    if (!pkg) { showAlert('Pick a package first.'); return; }
    if (!input.value.trim()) { showAlert('Type an input first.'); return; }
    alertBox.replaceChildren();
    meta.textContent = '';
    setRunning(true);
    try {
      var left = { packageId: pkg.id, version: pkg.version, model: model() };
      var right = { packageId: pkg.id, version: pkg.version, model: versus.value };
      var response = await post('/api/v1/playground/compare', { input: input.value, left: left, right: right });
      if (!response.ok) { await showProblem(response); return; }
      var result = await response.json(), total = 0;
      var columns = compareBox.querySelectorAll('.column');
      result.results.forEach(function (side, i) {
        var column = columns[i];
        column.querySelector('.col-model').textContent = side.model + (side.result && side.result.demo ? ' (demo)' : '');
        column.querySelector('.text').textContent = side.result ? side.result.output : side.detail;
        column.querySelector('.meta').textContent = side.result ? describe(side.result) : 'Failed: ' + side.error;
        total += side.result ? side.result.credits.charged : 0;
      });
      compareBox.querySelector('.total').textContent = 'Total: ' + total + (total === 1 ? ' credit' : ' credits');
      compareBox.hidden = false;
    } catch (e) {
      showAlert('The connection failed: ' + e.message);
    } finally {
      setRunning(false);
      afterRun();
    }
  }

  $('#run-form').addEventListener('submit', function (e) {
    e.preventDefault();
    if (toggle.checked) compare(); else run();
  });
  stopButton.addEventListener('click', function () { if (controller) controller.abort(); });
  newButton.addEventListener('click', function () {
    conversationId = null;
    conversation.replaceChildren();
    meta.textContent = '';
    setRunning(false);
  });
  toggle.addEventListener('change', function () {
    $('#compare-model-label').hidden = !toggle.checked;
    conversation.hidden = toggle.checked;
    compareBox.hidden = true;
    scheduleEstimate();
  });
  input.addEventListener('input', scheduleEstimate);
  versus.addEventListener('change', scheduleEstimate);
  document.querySelectorAll('input[name="model"]').forEach(function (radio) {
    radio.addEventListener('change', scheduleEstimate);
  });
  var pendingSession = null;
  document.body.addEventListener('htmx:afterSwap', function (e) {
    if (e.target.id === 'package-slot') {
      conversationId = pendingSession;
      pendingSession = null;
      if (!conversationId) { conversation.replaceChildren(); meta.textContent = ''; }
      setRunning(false);
      scheduleEstimate();
    }
    var loaded = conversation.querySelector('.loaded');
    if (e.target === conversation && loaded) {
      pendingSession = loaded.dataset.sessionId;
      loaded.remove();
      toggle.checked = false;
      $('#compare-model-label').hidden = true;
      conversation.hidden = false;
      compareBox.hidden = true;
      meta.textContent = '';
      htmx.ajax('GET', '/ui/packages/' + loaded.dataset.packageId, { target: '#package-slot', swap: 'innerHTML' });
    }
  });
  scheduleEstimate();
})();
