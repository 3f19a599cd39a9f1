// The sweep's decisions from its timeline: scheduler stops and PBT exploits with their reasons,
// requeues and failures, stage winners, the end of sampling.

import { el, fill, link } from './dom.js';
import { time } from './format.js';

const KINDS = new Set(['trial-stopped', 'trial-exploited', 'trial-requeued', 'trial-failed', 'trials-retried', 'stage-started', 'sampling-ended', 'sweep-completed', 'sweep-cancelled']);
const SHOWN = 300;

const trialLink = id => id ? link(`#/trials/${encodeURIComponent(id)}`, id) : '';

function detail(entry) {
  const d = entry.detail ?? {};
  switch (entry.type) {
    case 'trial-stopped': return [d.scheduler, d.rung !== undefined && d.rung !== null ? `rung ${d.rung}` : null, entry.epoch ? `epoch ${entry.epoch}` : null].filter(Boolean).join(', ');
    case 'trial-exploited': return el('span', {}, 'from ', trialLink(d.donor_id), entry.epoch ? ` at epoch ${entry.epoch}` : '');
    case 'stage-started': return el('span', {}, `stage ${d.name ?? d.stage ?? ''} from winner `, trialLink(entry.trial_id));
    default: return Object.entries(d).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
  }
}

/** {element, update(entries)}: the decisions, newest first, and the stage winners. */
export function decisionsPanel() {
  const stages = el('ol', { className: 'stages' });
  const body = el('tbody');
  const note = el('p', { className: 'note' });
  const element = el('section', { className: 'decisions' },
    el('h2', {}, 'Decisions'), stages, note,
    el('div', { className: 'scroll short' }, el('table', { className: 'data', 'data-table': 'decisions' },
      el('thead', {}, el('tr', {}, ['time', 'event', 'trial', 'reason', 'detail'].map(h => el('th', { scope: 'col' }, h)))), body)));
  return {
    element,
    update(entries) {
      const decisions = entries.filter(e => KINDS.has(e.type));
      const winners = decisions.filter(e => e.type === 'stage-started');
      fill(stages, winners.map(e => el('li', {}, `Stage ${e.detail?.name ?? e.detail?.stage ?? ''} started from `, trialLink(e.trial_id), ` (${time(e.at)})`)));
      const shown = decisions.slice(-SHOWN).reverse();
      fill(note, decisions.length ? (decisions.length > SHOWN ? `The latest ${SHOWN} of ${decisions.length} decisions.` : '') : 'No decisions yet: no trial was stopped, exploited or requeued.');
      fill(body, shown.map(e => el('tr', { 'data-type': e.type },
        el('td', {}, time(e.at)), el('td', {}, e.type), el('td', {}, trialLink(e.trial_id)), el('td', {}, e.reason ?? ''), el('td', {}, detail(e)))));
    },
  };
}
