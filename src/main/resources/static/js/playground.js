// The playground: live estimate, streamed runs (SSE read with fetch), Stop, follow-ups, comparison.
// All text from the server is written with textContent, never as HTML.
(function () {
  'use strict';
  var $ = function (selector) { return document.querySelector(selector); };
  var csrf = $('meta[name="csrf-token"]').content;
  var input = $('#input'), estimate = $('#estimate'), conversation = $('#conversation'), alertBox = $('#alert');
  var runButton = $('#run-button'), stopButton = $('#stop-button'), newButton = $('#new-conversation');
  var toggle = $('#compare-toggle'), versus = $('#compare-model'), mode = $('#compare-mode'), compareBox = $('#compare');
  var meta = $('#run-meta');
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

  async function readProblem(response) {
    var problem = {};
    try { problem = await response.json(); } catch (ignored) { /* not JSON */ }
    problem.status = response.status;
    if (!problem.retryAfter && response.headers.get('Retry-After')) problem.retryAfter = response.headers.get('Retry-After');
    return problem;
  }

  // One readable sentence for a failed request: what happened, when to retry, the correlation id.
  function problemText(problem) {
    var text = problem.message || problem.detail || ('Request failed (' + problem.status + ')');
    if (problem.status === 429 || problem.error === 'rate_limit_exceeded') {
      var wait = problem.retryAfter || 60;
      return 'Too many runs for now: try again in ' + wait + (String(wait) === '1' ? ' second.' : ' seconds.');
    }
    if (problem.status === 402) {
      return 'Not enough credits: this needs ' + problem.required + ', you have ' + problem.available + '.';
    }
    if (problem.status >= 500) {
      return text + (problem.retryAfter ? ' Try again in ' + problem.retryAfter + ' seconds.' : '')
        + (problem.correlationId ? ' (correlation id ' + problem.correlationId + ')' : '');
    }
    return text;
  }

  function showNotEnough(required, available) {
    var buy = element('a', 'button primary', 'Buy credits');
    buy.href = '/credits';
    buy.setAttribute('data-testid', 'buy-credits');
    showAlert(problemText({ status: 402, required: required, available: available }) + ' ', buy);
  }

  async function showProblem(response) {
    var problem = await readProblem(response);
    if (problem.status === 401) { window.location.assign('/login'); return; }
    if (problem.status === 402) { showNotEnough(problem.required, problem.available); return; }
    showAlert(problemText(problem));
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
    var response = await post('/api/v1/playground/estimate', sideBody(pkg, compareSides()[1], input.value));
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
          showAlert(problemText(Object.assign({ message: data.detail || 'The run failed' }, data)));
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

  // The two sides of a comparison: the chosen model with the package prompt, and either a second
  // model or the same model without the prompt.
  function compareSides() {
    var noPrompt = mode.value === 'no-prompt';
    return [{ model: model(), noPrompt: false }, { model: noPrompt ? model() : versus.value, noPrompt: noPrompt }];
  }

  function sideBody(pkg, side, text) {
    return { packageId: pkg.id, version: pkg.version, model: side.model, input: text, useNoPrompt: side.noPrompt };
  }

  function sideName(side) {
    return side.model + (side.noPrompt ? ' · no prompt' : ' · package prompt');
  }

  // Streams one column; resolves to its RunResult (or the partial one), or null when it failed.
  async function streamColumn(column, side, body, signal) {
    var text = column.querySelector('.text'), info = column.querySelector('.meta');
    column.querySelector('.col-model').textContent = sideName(side);
    text.textContent = '';
    info.textContent = 'Running…';
    try {
      var response = await post('/api/v1/playground/run/stream', body, signal);
      if (!response.ok) { info.textContent = 'Failed: ' + problemText(await readProblem(response)); return null; }
      var result = null;
      await readEvents(response, function (name, data) {
        if (name === 'start') {
          column.querySelector('.col-model').textContent = sideName({ model: data.model + (data.demo ? ' (demo)' : ''),
            noPrompt: side.noPrompt });
        } else if (name === 'delta') text.textContent += data.text;
        else if (name === 'done') { result = data; info.textContent = describe(data); }
        else if (name === 'error') {
          result = data.partial || null;
          info.textContent = 'Failed: ' + problemText(Object.assign({ message: data.detail }, data))
            + (result ? ' ' + describe(result) : '');
        }
      });
      return result;
    } catch (e) {
      info.textContent = e.name === 'AbortError' ? 'Stopped: charged only for what was produced.'
        : 'The connection failed: ' + e.message;
      return null;
    }
  }

  async function compare() {
    var pkg = selectedPackage();
    if (!pkg) { showAlert('Pick a package first.'); return; }
    if (!input.value.trim()) { showAlert('Type an input first.'); return; }
    alertBox.replaceChildren();
    meta.textContent = '';
    var sides = compareSides(), text = input.value;
    controller = new AbortController();
    setRunning(true);
    try {
      // Both sides must be affordable together before either starts (one 402 for the pair).
      var quotes = await Promise.all(sides.map(function (side) {
        return post('/api/v1/playground/estimate', sideBody(pkg, side, text));
      }));
      var failed = quotes.find(function (r) { return !r.ok; });
      if (failed) { await showProblem(failed); return; }
      var estimates = await Promise.all(quotes.map(function (r) { return r.json(); }));
      var required = estimates[0].credits + estimates[1].credits;
      if (required > estimates[0].available) { showNotEnough(required, estimates[0].available); return; }
      var columns = compareBox.querySelectorAll('.column'), total = compareBox.querySelector('.total');
      total.textContent = '';
      compareBox.querySelector('.total-detail').textContent = '';
      compareBox.hidden = false;
      var started = performance.now();
      var results = await Promise.all(sides.map(function (side, i) {
        return streamColumn(columns[i], side, sideBody(pkg, side, text), controller.signal);
      }));
      var credits = 0, tokens = 0;
      results.forEach(function (r) {
        if (r) { credits += r.credits.charged; tokens += r.tokens.input + r.tokens.output; }
      });
      total.textContent = 'Total: ' + credits + (credits === 1 ? ' credit' : ' credits');
      compareBox.querySelector('.total-detail').textContent = tokens + ' tokens, both answers in '
        + Math.round(performance.now() - started) + ' ms';
    } catch (e) {
      if (e.name !== 'AbortError') showAlert('The connection failed: ' + e.message);
    } finally {
      controller = null;
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
  function showCompareControls() {
    $('#compare-mode-label').hidden = !toggle.checked;
    $('#compare-model-label').hidden = !toggle.checked || mode.value === 'no-prompt';
  }
  toggle.addEventListener('change', function () {
    showCompareControls();
    conversation.hidden = toggle.checked;
    compareBox.hidden = true;
    scheduleEstimate();
  });
  mode.addEventListener('change', function () { showCompareControls(); scheduleEstimate(); });
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
      showCompareControls();
      conversation.hidden = false;
      compareBox.hidden = true;
      meta.textContent = '';
      htmx.ajax('GET', '/ui/packages/' + loaded.dataset.packageId, { target: '#package-slot', swap: 'innerHTML' });
    }
  });
  scheduleEstimate();
})();
