// One trial: its curves, confusion matrix with class names, class report, checkpoint, and every
// attempt with its node. While it trains, its sweep's events refetch it (at most once a second).

import { get } from './api.js';
import { el, fill, link } from './dom.js';
import { num, time, value } from './format.js';
import { chart, disposeIn, plain } from './charts.js';
import { follow, debounce } from './events.js';
import { markReady } from './ready.js';

const SERIES = [['train_loss', 0], ['val_loss', 0], ['train_accuracy', 1], ['val_accuracy', 1]];

function curvesOption(history) {
  return {
    legend: { top: 0 },
    grid: { left: 55, right: 55, top: 35, bottom: 40 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 25, minInterval: 1, min: 1 },
    yAxis: [{ type: 'value', name: 'loss', scale: true }, { type: 'value', name: 'accuracy', scale: true }],
    tooltip: { trigger: 'axis', formatter: params => [`epoch ${params[0]?.value[0]}`, ...params.map(p => `${p.seriesName}: ${num(p.value[1])}`)].join('\n') },
    series: SERIES.map(([key, axis]) => ({ type: 'line', name: key, yAxisIndex: axis, showSymbol: true, symbolSize: history.length === 1 ? 8 : 4,
      lineStyle: { type: key.startsWith('val') ? 'solid' : 'dashed' }, data: history.map(m => [m.epoch, m[key] ?? null]) })),
  };
}

function confusion(parent, report, names) {
  const n = report.confusion_matrix.length;
  const labels = Array.from({ length: n }, (_, i) => names?.[i] ?? String(i));
  const data = [];
  let max = 1;
  report.confusion_matrix.forEach((row, t) => row.forEach((count, p) => { data.push([p, t, count]); max = Math.max(max, count); }));
  chart(parent, 'confusion', {
    grid: { left: 110, right: 20, top: 10, bottom: 90 },
    xAxis: { type: 'category', data: labels, name: 'predicted', nameLocation: 'middle', nameGap: 75, axisLabel: { rotate: 45, interval: 0 } },
    yAxis: { type: 'category', data: labels, name: 'true', inverse: true, axisLabel: { interval: 0 } },
    visualMap: { min: 0, max, show: false, inRange: { color: ['#f7fbff', '#08306b'] } },
    tooltip: { trigger: 'item', formatter: p => `true ${plain(labels[p.value[1]])}, predicted ${plain(labels[p.value[0]])}: ${p.value[2]}` },
    series: [{ type: 'heatmap', data, label: { show: n <= 12, fontSize: 10 } }],
  }, { height: 120 + 28 * n });
}

function classReport(report, names) {
  const row = (name, c, support) => el('tr', {}, el('td', {}, name), el('td', { className: 'num' }, num(c.precision)), el('td', { className: 'num' }, num(c.recall)),
    el('td', { className: 'num' }, num(c.f1)), el('td', { className: 'num' }, support ?? ''));
  const total = report.per_class.reduce((a, c) => a + (c.support ?? 0), 0);
  return el('table', { className: 'data', 'data-table': 'class-report' },
    el('thead', {}, el('tr', {}, ['class', 'precision', 'recall', 'f1', 'support'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, report.per_class.map(c => row(names?.[c.class] ?? String(c.class), c, c.support)),
      row('macro average', report.macro_average, total), row('weighted average', report.weighted_average, total)),
    el('tfoot', {}, el('tr', {}, el('td', { colspan: 5 },
      `accuracy ${num(report.accuracy)} · log loss ${num(report.log_loss)}` + (report.roc_auc_macro ? ` · ROC AUC (macro) ${num(report.roc_auc_macro)}` : '') + ` · ${report.count} images`))));
}

function facts(trial) {
  const item = (name, ...v) => [el('dt', {}, name), el('dd', {}, ...v)];
  return el('dl', { className: 'facts' },
    item('sweep', link(`#/sweeps/${encodeURIComponent(trial.sweep_id)}`, trial.sweep_id)),
    item('state', el('span', { className: `state ${trial.state}` }, trial.state)),
    item('node', trial.node ?? ''), item('attempt', `${trial.attempt} (${trial.retries} retries)`),
    item('parameters', `${num(trial.trainable_parameters)} trainable, ${num(trial.non_trainable_parameters)} not`),
    item('checkpoint', el('code', {}, trial.checkpoint_path ?? 'none')),
    trial.error ? item('error', el('code', {}, trial.error)) : [],
    Object.keys(trial.overrides ?? {}).length ? item('overrides', el('ul', {}, Object.entries(trial.overrides).map(([k, v]) => el('li', {}, `${k} = ${value(v)}`)))) : []);
}

function attempts(trial) {
  return el('table', { className: 'data', 'data-table': 'attempts' },
    el('thead', {}, el('tr', {}, ['attempt', 'node', 'fused group', 'dispatched', 'ended', 'at', 'reason'].map(h => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, (trial.attempts ?? []).map(a => el('tr', {}, el('td', { className: 'num' }, a.attempt), el('td', {}, a.node), el('td', {}, a.group_id ?? ''),
      el('td', {}, time(a.dispatched_at)), el('td', {}, a.ended ?? 'running'), el('td', {}, time(a.ended_at)), el('td', {}, a.reason ?? '')))));
}

function draw(root, trial) {
  const outcome = trial.outcome;
  const report = outcome?.test ?? outcome?.validation ?? null;
  const which = outcome?.test ? 'test' : 'validation';
  const reportBox = el('section', {});
  disposeIn(root);
  fill(root,
    el('h1', {}, trial.label, ' ', el('small', {}, trial.trial_id)), facts(trial),
    el('section', {}, el('h2', {}, 'Curves'), el('div', { className: 'curves-box' })),
    reportBox,
    el('section', {}, el('h2', {}, 'Attempts'), attempts(trial)));
  chart(root.querySelector('.curves-box'), 'trial-curves', curvesOption(trial.history ?? []), { height: 300 });
  if (report) {
    fill(reportBox, el('h2', {}, `Confusion matrix (${which}: rows true, columns predicted)`));
    confusion(reportBox, report, trial.class_names);
    reportBox.append(el('h2', {}, `Class report (${which})`), classReport(report, trial.class_names));
  } else {
    fill(reportBox, el('p', { className: 'note' }, 'No evaluation yet: the trial has not finished with weights to evaluate.'));
  }
}

export async function trialPage(root, signal, trialId) {
  const path = `/trials/${encodeURIComponent(trialId)}`;
  const trial = await get(path, { signal });
  draw(root, trial);
  markReady('trial');
  if (trial.state !== 'queued' && trial.state !== 'running') return;
  const refresh = debounce(async () => {
    try { draw(root, await get(path, { signal })); } catch (error) { if (!signal.aborted) console.warn('refresh failed', error); }
  });
  const stop = follow(trial.sweep_id, trial.event_id, (kind, data) => { if (data.trial_id === trialId) refresh(); });
  signal.addEventListener('abort', stop);
}
