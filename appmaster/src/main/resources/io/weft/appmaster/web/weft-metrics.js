'use strict';
// The metric tables of the Weft job page, from api/v1/metrics (the TaskManagers' latest reports):
// TaskManagers' memory and GC, each subtask's records, backpressure and watermark with a bar that
// makes skew across the subtasks of a task visible, and the Kafka sources' lag per partition.
(function () {
  const refreshMillis = Number(document.body.dataset.refreshMillis) || 3000;
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
    return e;
  }
  function num(n) { return n == null ? '—' : Number(n).toLocaleString('en'); }
  function bytes(b) {
    if (b == null || b < 0) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB'];
    let i = 0;
    while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
    return (i ? b.toFixed(1) : b) + ' ' + units[i];
  }
  function watermark(w) {
    return w == null || w <= -9.2e18 ? '—' : (w >= 8.64e15 ? 'end' : new Date(w).toISOString());
  }
  function td(v, cls) { return el('td', cls ? { class: cls } : {}, v); }
  function bar(value, max) {
    const share = max > 0 ? value / max : 0;
    const width = Math.round(60 * share);
    return el('td', { class: 'num' }, el('span', { class: 'skew' + (share >= 0.999 && max > 0 ? ' hot' : ''),
      style: 'width:' + width + 'px' }), num(value));
  }

  function taskManagerRow(tm) {
    const g = tm.groups.find(x => x.scope === 'taskmanager') || { metrics: {} };
    const m = g.metrics;
    const slots = tm.groups.filter(x => x.scope === 'taskmanager_slot');
    let managedUsed = 0, managedTotal = 0;
    for (const s of slots) {
      managedUsed += s.metrics['Status.Weft.Memory.Managed.Used'] || 0;
      managedTotal += s.metrics['Status.Weft.Memory.Managed.Total'] || 0;
    }
    const gc = Object.keys(m).filter(k => k.startsWith('Status.JVM.GarbageCollector.') && k.endsWith('.Count'))
      .map(k => {
        const name = k.slice('Status.JVM.GarbageCollector.'.length, -'.Count'.length);
        return name + ': ' + num(m[k]) + ', ' + num(m['Status.JVM.GarbageCollector.' + name + '.Time']) + ' ms';
      }).join('; ');
    const load = m['Status.JVM.CPU.Load'];
    return el('tr', { 'data-tm': tm.id, 'data-heap-used': m['Status.JVM.Memory.Heap.Used'] }, td(tm.id),
      td(bytes(m['Status.JVM.Memory.Heap.Used']) + ' / ' + bytes(m['Status.JVM.Memory.Heap.Max'])),
      td(bytes(m['Status.JVM.Memory.Direct.MemoryUsed']) + ' / ' + bytes(m['Status.JVM.Memory.Direct.Max'])),
      td(bytes(managedUsed) + ' / ' + bytes(managedTotal) + ' (' + slots.length + ' slots)'),
      td(gc || '—'), td(load == null || load < 0 ? '—' : Math.round(load * 100) + '%', 'num'),
      td(num(m['Status.JVM.Threads.Count']), 'num'));
  }

  function render(doc) {
    document.getElementById('tm-metrics').tBodies[0].replaceChildren(...doc.taskManagers.map(taskManagerRow));
    const subtasks = [];
    const lag = [];
    for (const tm of doc.taskManagers) {
      for (const g of tm.groups) {
        if (g.scope === 'taskmanager_job_task') subtasks.push({ tm: tm.id, v: g.variables, m: g.metrics });
        if (g.scope.endsWith('KafkaSourceReader_topic_partition')) lag.push({ v: g.variables, m: g.metrics });
      }
    }
    subtasks.sort((a, b) => a.v.task_name.localeCompare(b.v.task_name) || a.v.subtask_index - b.v.subtask_index);
    const maxIn = {}, maxOut = {};
    for (const s of subtasks) {
      maxIn[s.v.task_name] = Math.max(maxIn[s.v.task_name] || 0, s.m.numRecordsIn || 0);
      maxOut[s.v.task_name] = Math.max(maxOut[s.v.task_name] || 0, s.m.numRecordsOut || 0);
    }
    document.getElementById('subtask-metrics').tBodies[0].replaceChildren(...subtasks.map(s => el('tr', {
      'data-subtask': s.v.task_name + '/' + s.v.subtask_index, 'data-records-in': s.m.numRecordsIn },
      td(s.v.task_name), td(s.v.subtask_index, 'num'), td(s.tm),
      bar(s.m.numRecordsIn || 0, maxIn[s.v.task_name]), bar(s.m.numRecordsOut || 0, maxOut[s.v.task_name]),
      td(s.m.numRecordsOutPerSecond ? s.m.numRecordsOutPerSecond.rate.toFixed(1) : '—', 'num'),
      td(Math.round(s.m.backPressuredTimeMsPerSecond / 10) + '%', 'num'),
      td(Math.round(s.m.busyTimeMsPerSecond / 10) + '%', 'num'),
      td(watermark(s.m.currentInputWatermark)))));
    lag.sort((a, b) => a.v.topic.localeCompare(b.v.topic) || a.v.partition - b.v.partition);
    document.getElementById('kafka-lag').tBodies[0].replaceChildren(...lag.map(l => el('tr', {},
      td(l.v.topic), td(l.v.partition, 'num'), td(l.v.subtask_index, 'num'), td(num(l.m.currentOffset), 'num'),
      td(num(l.m.committedOffset), 'num'), td(num(l.m.pendingRecords), 'num'))));
  }

  async function refresh() {
    try {
      const r = await fetch('api/v1/metrics', { cache: 'no-store' });
      if (r.ok) render(await r.json());
    } catch (e) {
      // The main script shows connection errors; these tables just keep their last figures.
    }
    setTimeout(refresh, refreshMillis);
  }
  refresh();
})();
