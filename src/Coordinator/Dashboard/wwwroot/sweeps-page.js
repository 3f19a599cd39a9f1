// The sweeps list: every sweep of the store or cluster, its state and progress. Polled every 5 s:
// there is no event stream over all sweeps.

import { get } from './api.js';
import { el, fill, link } from './dom.js';
import { time } from './format.js';
import { markReady } from './ready.js';

export function progress(done, total) {
  const bar = el('progress', { max: Math.max(1, total), value: done });
  return el('span', { className: 'progress' }, bar, ` ${done}/${total}`);
}

export async function sweepsPage(root, signal) {
  const body = el('tbody');
  fill(root, el('h1', {}, 'Sweeps'),
    el('table', { className: 'data', 'data-table': 'sweeps' },
      el('thead', {}, el('tr', {}, ['sweep', 'state', 'progress', 'failed', 'running', 'queued', 'submitted', 'ended'].map(h => el('th', { scope: 'col' }, h)))),
      body));
  for (;;) {
    const sweeps = await get('/sweeps', { signal });
    fill(body, sweeps.length ? [...sweeps].reverse().map(s => el('tr', {},
      el('td', {}, link(`#/sweeps/${encodeURIComponent(s.sweep_id)}`, s.sweep_id)),
      el('td', {}, el('span', { className: `state ${s.state}` }, s.state)),
      el('td', {}, progress(s.trials_completed, s.trials_total)),
      el('td', { className: 'num' }, s.trials_failed), el('td', { className: 'num' }, s.trials_running), el('td', { className: 'num' }, s.trials_queued),
      el('td', {}, time(s.submitted_at)), el('td', {}, time(s.ended_at)))) : el('tr', {}, el('td', { colspan: 8 }, 'No sweeps yet.')));
    markReady('sweeps');
    await new Promise(resolve => setTimeout(resolve, 5000));
    if (signal.aborted) return;
  }
}
