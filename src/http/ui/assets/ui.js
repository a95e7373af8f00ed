// The dashboard's one script. Every page works without it; it adds: confirm dialogs and
// double-submit protection on forms, the trigger editor's live preview (server-rendered by
// GET /ui/preview), live run rows from the server-sent events at /ui/events (rows rendered by
// the server, so they are the same markup as on a reload), the runs-by-status chart (uPlot),
// and "/" to focus the search box.
'use strict';

document.addEventListener('DOMContentLoaded', () => {
  confirmations();
  triggerEditors();
  live();
  charts();
  document.addEventListener('keydown', (event) => {
    const search = document.querySelector('[data-search]');
    if (event.key === '/' && search && !/^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement?.tagName ?? '')) {
      event.preventDefault();
      search.focus();
    }
  });
});

function confirmations() {
  document.addEventListener('submit', (event) => {
    const form = event.target;
    const button = event.submitter;
    const question = button?.dataset.confirm ?? form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    // A double click is one request: disable after the form's data was taken (it includes the button's value).
    setTimeout(() => form.querySelectorAll('button[type=submit]').forEach((b) => (b.disabled = true)), 0);
  });
}

function triggerEditors() {
  for (const editor of document.querySelectorAll('[data-trigger-editor]')) {
    const type = editor.querySelector('[data-trigger-type]');
    const output = editor.querySelector('[data-preview]');
    const show = () => {
      for (const set of editor.querySelectorAll('[data-trigger-args]')) set.hidden = set.dataset.triggerArgs !== type.value;
    };
    let timer = null;
    let asked = 0;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const query = new URLSearchParams();
        for (const input of editor.querySelectorAll('input, select')) {
          if (input.name && input.value && (!input.name.includes('.') || input.name.startsWith(`${type.value}.`))) query.set(input.name, input.value);
        }
        const mine = ++asked;
        try {
          const response = await fetch(`${output.dataset.preview}?${query}`, { headers: { Accept: 'text/html' } });
          // An answer to an older question arriving late must not replace a newer one.
          if (mine === asked) output.innerHTML = await response.text();
        } catch {
          /* offline: the Preview button still works */
        }
      }, 300);
    };
    type.addEventListener('change', () => (show(), refresh()));
    editor.addEventListener('input', refresh);
    show();
  }
}

function live() {
  const url = document.body.dataset.live;
  if (!url || !window.EventSource) return;
  const state = document.querySelector('[data-live-state]');
  const source = new EventSource(url);
  source.addEventListener('open', () => {
    if (state) (state.hidden = false), state.classList.remove('off'), (state.textContent = 'live');
  });
  source.addEventListener('error', () => {
    if (state) state.classList.add('off'), (state.textContent = 'reconnecting…');
  });
  source.addEventListener('run', (event) => {
    const run = JSON.parse(event.data);
    for (const table of document.querySelectorAll('table[data-live-runs]:not([data-live-off])')) {
      if (table.dataset.job && table.dataset.job !== run.job_id) continue;
      if (table.dataset.status && table.dataset.status !== run.status) continue;
      upsertRow(table.tBodies[0], run);
    }
  });
}

function upsertRow(body, run) {
  const holder = document.createElement('tbody');
  holder.innerHTML = run.row;
  const row = holder.firstElementChild;
  const old = body.querySelector(`tr[data-run-id="${run.id}"]`);
  if (old) {
    if (old.classList.contains('current')) row.classList.add('current');
    old.replaceWith(row);
    return;
  }
  // New runs have the highest ids: newest first, as the page lists them.
  row.classList.add('fresh');
  body.prepend(row);
  const note = document.querySelector('[data-live-note]');
  if (note) {
    const count = note.querySelector('[data-live-count]');
    count.textContent = String(Number(count.textContent) + 1);
    note.hidden = false;
  }
}

function charts() {
  if (!window.uPlot) return;
  for (const holder of document.querySelectorAll('[data-chart]')) {
    const data = JSON.parse(holder.dataset.chart);
    const css = getComputedStyle(document.documentElement);
    // Stacked bars: each series drawn up to the sum of itself and those below it, tallest first.
    const stacks = [];
    let sums = data.x.map(() => 0);
    for (const s of data.series) {
      sums = sums.map((v, i) => v + s.counts[i]);
      stacks.push(sums);
    }
    const order = data.series.map((_, i) => i).reverse();
    const bars = uPlot.paths.bars({ size: [0.8, 60] });
    const options = {
      width: holder.clientWidth || 800,
      height: 220,
      scales: { x: { time: true } },
      axes: [{ stroke: css.getPropertyValue('--muted') }, { stroke: css.getPropertyValue('--muted') }],
      series: [
        {},
        ...order.map((i) => ({
          label: data.series[i].status,
          fill: css.getPropertyValue(`--s-${data.series[i].status}`).trim(),
          stroke: css.getPropertyValue(`--s-${data.series[i].status}`).trim(),
          paths: bars,
          points: { show: false },
          value: (u, v, si, idx) => (idx === null ? '' : data.series[i].counts[idx]),
        })),
      ],
    };
    const plot = new uPlot(options, [data.x, ...order.map((i) => stacks[i])], holder);
    window.addEventListener('resize', () => plot.setSize({ width: holder.clientWidth, height: 220 }));
  }
}
