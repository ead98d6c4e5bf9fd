'use strict';
// The Weft job page. Every URL is relative to the page, so it works through the ResourceManager's
// proxy (<rm>/proxy/<application>/) as well as on the JobManager's own port.
(function () {
  const refreshMillis = Number(document.body.dataset.refreshMillis) || 3000;
  const ended = new Set(['FINISHED', 'FAILED', 'CANCELED']);
  let timer = null;
  let overview = null;

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return e;
  }
  function num(n) { return n == null ? '—' : Number(n).toLocaleString('en'); }
  function rate(n) { return n == null ? '—' : Number(n).toFixed(n < 10 ? 1 : 0); }
  function pct(n) { return n == null ? '—' : Math.round(n * 100) + '%'; }
  function millis(ms) {
    if (ms == null || ms < 0) return '—';
    if (ms < 1000) return ms + ' ms';
    const s = ms / 1000;
    if (s < 120) return s.toFixed(1) + ' s';
    const m = Math.floor(s / 60);
    return m < 120 ? m + ' min ' + Math.floor(s % 60) + ' s' : Math.floor(m / 60) + ' h ' + (m % 60) + ' min';
  }
  function bytes(b) {
    if (b == null || b < 0) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let i = 0;
    while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
    return (i ? b.toFixed(1) : b) + ' ' + units[i];
  }
  function time(t) { return t ? new Date(t).toLocaleTimeString() : '—'; }
  function watermark(w) { return w == null ? '—' : (w >= 8.64e15 || w < -8.64e15 ? String(w) : new Date(w).toISOString()); }
  function fill(tbody, rows) { tbody.replaceChildren(...rows); }
  function cell(v, cls) { return el('td', cls ? { class: cls } : {}, v); }
  function logLink(c) { return c && c.logs ? el('a', { href: c.logs, target: '_blank', rel: 'noopener' }, 'logs') : '—'; }

  async function get(name) {
    const r = await fetch('api/v1/' + name, { cache: 'no-store' });
    if (!r.ok) throw new Error(name + ': HTTP ' + r.status);
    return r.json();
  }

  function renderOverview(o, tms) {
    overview = o;
    document.getElementById('job-name').textContent = o.job + ' (' + o.jobId + ')';
    const state = document.getElementById('job-state');
    state.textContent = o.state;
    state.className = 'state ' + o.state;
    document.title = 'Weft: ' + o.job + ' ' + o.state;
    // Why the job waits for TaskManager containers YARN does not grant (pendingResources in the overview).
    const pending = document.getElementById('pending-resources');
    pending.textContent = o.pendingResources || '';
    pending.hidden = !o.pendingResources;
    const last = o.lastCheckpoint;
    const facts = [
      ['Application', o.application], ['ApplicationMaster attempt', o.applicationAttempt],
      ['State', o.state], ['Uptime', millis(o.uptimeMillis)],
      ['Progress', pct(o.progress)], ['Restarts', o.restarts], ['Execution attempt', o.executionAttempt],
      ['Parallelism', o.parallelism], ['TaskManagers × slots', o.taskManagers + ' × ' + o.slotsPerTaskManager],
      ['Tasks', Object.entries(o.tasks).map(([k, v]) => k + ' ' + v).join(', ')],
      ['Source records/s', rate(o.sourceRecordsPerSecond)],
      ['Checkpoints', o.checkpoints.completed + ' completed, ' + o.checkpoints.failed + ' failed'],
      ['Last checkpoint', last ? last.id + ' ' + last.status + ' (' + millis(last.durationMillis) + ')' : '—'],
      ['All tasks running after', millis(o.allTasksRunningAfterMillis)],
      ['JobManager logs', logLink(o.jobManager)],
    ];
    document.getElementById('overview-facts').replaceChildren(
      ...facts.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
    document.getElementById('progress-bar').style.width = Math.round(o.progress * 100) + '%';
    const rows = [el('tr', {}, cell('JobManager'), cell(tms.jobManager.id), cell(tms.jobManager.host), cell('—'),
      cell('—'), cell('—'), cell(logLink(tms.jobManager)))];
    for (const tm of tms.taskManagers) {
      rows.push(el('tr', { 'data-taskmanager': tm.id }, cell(tm.id), cell(tm.container.id), cell(tm.container.host),
        cell(tm.slots, 'num'), cell(tm.ended ? 'ended' : tm.registered ? 'yes' : 'no'),
        cell(tm.subtasks.join(', ')), cell(logLink(tm.container))));
    }
    fill(document.querySelector('#taskmanagers tbody'), rows);
  }

  function renderGraph(g) {
    // Columns by depth: a vertex sits one column right of its deepest input.
    const depth = new Map(g.vertices.map(v => [v.id, 0]));
    for (let changed = true, rounds = 0; changed && rounds < g.vertices.length; rounds++) {
      changed = false;
      for (const e of g.edges) {
        if (depth.get(e.target) <= depth.get(e.source)) { depth.set(e.target, depth.get(e.source) + 1); changed = true; }
      }
    }
    const columns = [];
    for (const v of g.vertices) (columns[depth.get(v.id)] = columns[depth.get(v.id)] || []).push(v);
    const graph = document.getElementById('job-graph');
    const parts = [];
    columns.forEach((vs, i) => {
      if (i > 0) {
        const into = g.edges.filter(e => depth.get(e.target) === i).map(e => e.partitioning);
        parts.push(el('div', { class: 'arrow' }, [...new Set(into)].join(', ') + ' →'));
      }
      parts.push(el('div', { class: 'column' }, ...vs.map(v => el('div',
        { class: 'vertex bp-' + v.backPressure, 'data-vertex': v.id, 'data-records-in': v.recordsIn,
          'data-records-out': v.recordsOut },
        el('div', { class: 'name' }, v.name + ' ×' + v.parallelism),
        el('div', { class: 'ops' }, v.operators.join(' → ')),
        el('div', {}, 'in ' + num(v.recordsIn) + ' (' + rate(v.recordsInPerSecond) + '/s), out ' + num(v.recordsOut)
          + ' (' + rate(v.recordsOutPerSecond) + '/s)'),
        el('div', {}, 'backpressure ' + v.backPressure + ' ' + pct(v.backPressuredRatio) + ', watermark '
          + watermark(v.watermark))))));
    });
    graph.replaceChildren(...parts);
    fill(document.querySelector('#vertices tbody'), g.vertices.map(v => el('tr', { 'data-vertex': v.id },
      cell(v.name), cell(v.parallelism, 'num'), cell(v.running, 'num'), cell(num(v.recordsIn), 'num'),
      cell(num(v.recordsOut), 'num'), cell(rate(v.recordsInPerSecond), 'num'), cell(rate(v.recordsOutPerSecond), 'num'),
      cell(v.backPressure + ' ' + pct(v.backPressuredRatio)), cell(v.inputUsagePercent + '%', 'num'),
      cell(v.outputUsagePercent + '%', 'num'), cell(watermark(v.watermark)))));
  }

  function renderCheckpoints(c) {
    document.getElementById('checkpoint-summary').textContent = c.enabled
      ? 'Every ' + millis(c.intervalMillis) + '; ' + c.counts.completed + ' completed, ' + c.counts.failed + ' failed, '
        + c.counts.inProgress + ' in progress. Newest first.'
      : 'Checkpointing is off (execution.checkpointing.interval is 0).';
    fill(document.querySelector('#checkpoint-history tbody'), c.history.map(e => el('tr', { 'data-checkpoint': e.id },
      cell(e.id, 'num'), el('td', { class: 'status-' + e.status }, e.status), cell(time(e.triggerMillis)),
      cell(e.acknowledged + '/' + e.subtasks, 'num'), cell(millis(e.acknowledgedMillis), 'num'),
      cell(millis(e.alignmentMillis), 'num'),
      cell(millis(e.durationMillis), 'num'), cell(bytes(e.sizeBytes), 'num'), cell(e.failure))));
  }

  function renderExceptions(x) {
    const list = document.getElementById('exception-list');
    if (!x.exceptions.length) { list.replaceChildren(el('p', {}, 'No failures.')); return; }
    list.replaceChildren(...x.exceptions.slice().reverse().map(f => el('div', { class: 'exception' },
      el('h3', {}, time(f.timeMillis) + ' ' + f.task), el('p', {}, f.message),
      f.stackTrace ? el('pre', {}, f.stackTrace) : '')));
  }

  function renderConfig(c) {
    fill(document.querySelector('#configuration tbody'),
      Object.entries(c.configuration).map(([k, v]) => el('tr', {}, cell(k), cell(v))));
  }

  // The autoscaler's latest decisions (api/v1/scaling): each task's inputs and what it recommends.
  function renderScaling(sc) {
    const state = document.getElementById('scaling-state');
    if (!sc || !sc.enabled) {
      state.textContent = sc ? 'The autoscaler is off (job.autoscaler.enabled).' : 'No autoscaler decisions here.';
      fill(document.querySelector('#scaling tbody'), []);
      return;
    }
    state.textContent = sc.state + (sc.lastAction ? '. Last action (' + time(sc.lastActionAtMillis) + '): '
      + sc.lastAction : '');
    fill(document.querySelector('#scaling tbody'), sc.decisions.map(d => el('tr', {},
      cell(d.task), cell(d.parallelism, 'num'), cell(d.newParallelism, 'num'), cell(pct(d.busyRatio), 'num'),
      cell(rate(d.processedPerSecond), 'num'), cell(rate(d.trueRatePerSubtask), 'num'),
      cell(rate(d.targetRate), 'num'), cell(pct(d.utilization), 'num'), cell(d.reason))));
  }

  async function load() {
    try {
      const [o, tms, g, c, x, conf] = await Promise.all(
        ['overview', 'taskmanagers', 'vertices', 'checkpoints', 'exceptions', 'config'].map(get));
      // An archive written before the history server kept the scaling document has none: the panel then
      // says so instead of failing the page.
      const sc = await get('scaling').catch(() => null);
      renderOverview(o, tms);
      renderScaling(sc);
      renderGraph(g);
      renderCheckpoints(c);
      renderExceptions(x);
      renderConfig(conf);
      document.getElementById('error').hidden = true;
      document.getElementById('updated').textContent = 'Updated ' + new Date().toLocaleTimeString()
        + (ended.has(o.state) ? '; the job has ended' : '; refreshing every ' + millis(refreshMillis));
      if (ended.has(o.state) && timer) { clearInterval(timer); timer = null; }
    } catch (e) {
      const error = document.getElementById('error');
      error.textContent = 'Cannot reach the JobManager: ' + e.message;
      error.hidden = false;
    }
  }

  // The rescale button: the page cannot sign the action, so it gives the command that does it.
  document.getElementById('rescale-form').addEventListener('submit', ev => {
    ev.preventDefault();
    const p = Number(document.getElementById('rescale-parallelism').value);
    const out = document.getElementById('rescale-command');
    if (!Number.isInteger(p) || p < 1) {
      out.textContent = 'The parallelism must be a whole number of at least 1, not ' + p;
    } else {
      const command = 'weft rescale ' + (overview ? overview.application : '<applicationId>') + ' -p ' + p;
      out.textContent = command;
      if (navigator.clipboard) navigator.clipboard.writeText(command).catch(() => {});
    }
    out.hidden = false;
  });

  load();
  timer = setInterval(load, refreshMillis);
})();
