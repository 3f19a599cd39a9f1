// One sweep, live: its header with progress and ETA, every trial's curves, the trials table and
// the decisions (overview), or the analysis views. Follows the event stream from the curves
// document's last event; each burst of events refetches the small documents at most once a second.

import { get } from './api.js';
import { el, fill, link } from './dom.js';
import { duration, num, value } from './format.js';
import { follow, debounce } from './events.js';
import { METRICS, disposeIn } from './charts.js';
import { Curves, curvesChart, LIMIT } from './curves.js';
import { sortableTable } from './table.js';
import { decisionsPanel } from './decisions.js';
import { drawAnalysis } from './analysis.js';
import { progress } from './sweeps-page.js';
import { markReady, markStep } from './ready.js';

const TABLE_METRICS = ['val_accuracy', 'val_loss', 'test_accuracy', 'test_loss', 'train_accuracy', 'train_loss'];
const ENDED = new Set(['completed', 'early-stopped', 'stopped', 'diverged', 'failed', 'cancelled']);

/** Seconds left: epochs left × mean measured seconds per epoch ÷ trials training at once. */
export function eta(curves, running) {
  const perEpoch = curves.secondsPerEpoch();
  const left = curves.epochsLeft();
  if (perEpoch === null || left === 0) return null;
  return left * perEpoch / Math.max(1, running);
}

function header(status, curves) {
  const s = status.sweep;
  const seconds = s.state === 'running' ? eta(curves, status.running.length) : null;
  return [
    el('h1', {}, s.name, ' ', el('small', {}, s.sweep_id)),
    el('p', { className: 'summary' },
      el('span', { className: `state ${s.state}` }, s.state), ' ',
      progress(s.trials_completed, s.trials_total), ' ended',
      ` · ${s.trials_failed} failed · ${s.trials_running} running · ${s.trials_queued} queued`,
      el('span', { 'data-eta': seconds ?? '' }, seconds === null ? '' : ` · ETA ${duration(seconds)} (measured epoch times)`)),
  ];
}

function columns(parameters) {
  const metric = key => ({ key, label: key, numeric: true, value: r => r[key] ?? null, text: r => num(r[key]) });
  return [
    { key: 'rank', label: '#', numeric: true, value: r => r.rank, text: r => String(r.rank) + (r.ranked_by ? '*' : '') },
    { key: 'trial_id', label: 'trial', value: r => r.trial_id, text: r => r.trial_id, link: r => `#/trials/${encodeURIComponent(r.trial_id)}` },
    { key: 'label', label: 'label', value: r => r.label, text: r => r.label },
    { key: 'state', label: 'state', value: r => r.state, text: r => r.state },
    ...parameters.map(path => ({ key: `p:${path}`, label: path, numeric: true, value: r => r.parameters?.[path] ?? null, text: r => value(r.parameters?.[path]) })),
    ...TABLE_METRICS.map(metric),
    { key: 'epochs', label: 'epochs', numeric: true, value: r => r.epochs, text: r => String(r.epochs ?? '') },
    { key: 'node', label: 'node', value: r => r.node, text: r => r.node ?? '' },
    { key: 'note', label: 'note', value: r => r.note, text: r => r.note ?? '' },
  ];
}

function metricSelect(metrics, selected, onChange) {
  return el('select', { 'aria-label': 'metric', onchange: event => onChange(event.target.value) },
    metrics.map(m => el('option', { value: m, selected: m === selected }, m)));
}

export async function sweepPage(root, signal, sweepId, tab) {
  const path = `/sweeps/${encodeURIComponent(sweepId)}`;
  const fetchCurves = () => get(`${path}/curves`, { signal });
  // The analysis draws no curves: it asks for them (the header's ETA, the events' start) once drawn.
  const [status, board, timeline, early] = await Promise.all([
    get(path, { signal }), get(`${path}/trials`, { signal }), get(`${path}/timeline`, { signal }), tab === 'analysis' ? null : fetchCurves()]);
  markStep('data');
  const curves = new Curves(early ?? { trials: [] });
  const state = { status, board, entries: timeline.entries };

  const head = el('header');
  const tabs = el('nav', { className: 'tabs' },
    link(`#/sweeps/${encodeURIComponent(sweepId)}`, 'Overview'), link(`#/sweeps/${encodeURIComponent(sweepId)}/analysis`, 'Analysis'));
  tabs.children[tab === 'analysis' ? 1 : 0].className = 'active';
  const content = el('div');
  fill(root, head, tabs, content);
  fill(head, header(status, curves));

  let refreshView = () => {};
  if (tab === 'analysis') refreshView = await analysisView(content, sweepId, state, signal);
  else refreshView = overview(content, curves, state);
  markReady(tab === 'analysis' ? 'analysis' : 'sweep');
  const curvesDocument = early ?? await fetchCurves();
  if (!early) {
    curves.trials = new Curves(curvesDocument).trials;
    fill(head, header(state.status, curves));
  }

  const refresh = debounce(async () => {
    try {
      const [status, board, timeline] = await Promise.all([get(path, { signal }), get(`${path}/trials`, { signal }), get(`${path}/timeline`, { signal })]);
      Object.assign(state, { status, board, entries: timeline.entries });
      for (const row of board.rows) curves.setState(row.trial_id, row.state);
      fill(head, header(status, curves));
      await refreshView();
    } catch (error) {
      if (!signal.aborted) console.warn('refresh failed', error);
    }
  });
  const reloadCurves = debounce(async () => {
    const fresh = new Curves(await get(`${path}/curves`, { signal }));
    curves.trials = fresh.trials;
    refresh();
  });
  const stop = follow(sweepId, curvesDocument.event_id, (kind, data) => {
    if (kind === 'epoch-recorded' && !curves.record(data.trial_id, data.metrics)) reloadCurves();
    if (kind === 'trial-dispatched') curves.setState(data.trial_id, 'running');
    if (kind === 'trial-proposed') reloadCurves();
    refresh();
  });
  signal.addEventListener('abort', stop);
}

function overview(content, curves, state) {
  let metric = 'val_accuracy';
  const curvesBox = el('div');
  const note = el('p', { className: 'note' });
  const table = sortableTable(columns(state.board.parameters), { sortKey: 'rank', name: 'trials' });
  const decisions = decisionsPanel();
  fill(content,
    el('section', {}, el('h2', {}, 'Learning curves ', metricSelect(METRICS, metric, m => { metric = m; drawCurves(); })), note, curvesBox),
    el('section', {}, el('h2', {}, 'Trials'), el('p', { className: 'note' }, 'Click a header to sort; filters take text, or numbers as >0.8, <=3, 0.1..0.5, =32. ', state.board.rule), table.element),
    decisions.element);
  const tables = () => { table.update(state.board.rows); decisions.update(state.entries); };
  tables();
  markStep('table');
  const chart = curvesChart(curvesBox, curves, metric);
  const describe = () => fill(note, (chart.hidden() ? `The best ${LIMIT} trials by ${metric} are drawn one by one (hover for names); the other ${chart.hidden()} are the grey lines. ` : '')
    + 'Dashed lines with triangles: trials stopped before their last epoch.');
  const drawCurves = () => { chart.redraw(metric); describe(); };
  describe();
  return () => { tables(); drawCurves(); };
}

async function analysisView(content, sweepId, state, signal) {
  let metric = 'val_accuracy';
  const box = el('div', { className: 'analysis' });
  fill(content, el('h2', {}, 'Analysis of ', metricSelect(TABLE_METRICS, metric, m => { metric = m; ended = -1; draw(); })), box);
  let ended = -1;
  const draw = async () => {
    // Redrawn when a trial ends, not on every epoch: these views only move then.
    const count = state.board.rows.filter(r => ENDED.has(r.state)).length;
    if (count === ended) return;
    ended = count;
    const analysis = await get(`/sweeps/${encodeURIComponent(sweepId)}/analysis?metric=${metric}`, { signal });
    disposeIn(box);
    box.replaceChildren();
    drawAnalysis(box, analysis, state.board.rows);
  };
  await draw();
  return draw;
}
