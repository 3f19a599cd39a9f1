// Every trial's learning curve on one chart. Up to LIMIT trials (the best by the metric) get a
// series each, with hover; the rest are drawn as one grey series broken between trials, so a
// sweep of 10,000 trials stays one cheap draw instead of 10,000 series.

import { chart, plain, replace } from './charts.js';
import { num } from './format.js';

export const LIMIT = 200;
const STOPPED = new Set(['stopped', 'early-stopped', 'diverged', 'failed', 'cancelled']);

export const higherIsBetter = metric => metric.endsWith('accuracy');

/** The curves of a sweep, upserted by (trial, epoch) from the curves document and epoch events. */
export class Curves {
  constructor(document) {
    this.trials = new Map();
    for (const trial of document.trials) {
      this.trials.set(trial.trial_id, { ...trial, history: new Map(trial.history.map(m => [m.epoch, m])) });
    }
  }

  /** Records an epoch (the event's metrics); true when the trial is known. */
  record(trialId, metrics) {
    const trial = this.trials.get(trialId);
    if (!trial) return false;
    trial.history.set(metrics.epoch, metrics);
    if (trial.state === 'queued') trial.state = 'running';
    return true;
  }

  setState(trialId, state) {
    const trial = this.trials.get(trialId);
    if (trial) trial.state = state;
  }

  /** Seconds per epoch measured so far (mean), or null before the first epoch. */
  secondsPerEpoch() {
    let total = 0, count = 0;
    for (const trial of this.trials.values()) for (const m of trial.history.values()) if (m.seconds > 0) { total += m.seconds; count++; }
    return count ? total / count : null;
  }

  /** Epochs left: the planned epochs of every trial not ended yet, less those recorded. */
  epochsLeft() {
    let left = 0;
    for (const trial of this.trials.values()) if (trial.state === 'queued' || trial.state === 'running') left += Math.max(0, trial.epochs - trial.history.size);
    return left;
  }
}

function sorted(trial) {
  return [...trial.history.values()].sort((a, b) => a.epoch - b.epoch);
}

function best(trial, metric) {
  const values = [...trial.history.values()].map(m => m[metric]).filter(v => typeof v === 'number');
  if (!values.length) return null;
  return higherIsBetter(metric) ? Math.max(...values) : Math.min(...values);
}

/** The trials drawn one series each (the best LIMIT by the metric) and the rest. */
function split(curves, metric) {
  const withEpochs = [...curves.trials.values()].filter(t => t.history.size > 0);
  if (withEpochs.length <= LIMIT) return [withEpochs, []];
  const sign = higherIsBetter(metric) ? -1 : 1;
  const ranked = withEpochs.map(t => [best(t, metric), t]).sort(([a], [b]) => (a === null) - (b === null) || sign * (a - b));
  return [ranked.slice(0, LIMIT).map(([, t]) => t), ranked.slice(LIMIT).map(([, t]) => t)];
}

function build(curves, metric) {
  const [own, rest] = split(curves, metric);
  const series = own.map(trial => {
    const stopped = STOPPED.has(trial.state);
    const points = sorted(trial).map(m => [m.epoch, m[metric] ?? null]);
    return {
      type: 'line', name: `${trial.label} · ${trial.trial_id}${stopped ? ` (${trial.state})` : ''}`, data: points,
      showSymbol: true, symbolSize: points.length === 1 ? 8 : 4, symbol: stopped ? 'triangle' : 'circle',
      lineStyle: { width: stopped ? 1 : 2, type: stopped ? 'dashed' : 'solid', opacity: stopped ? 0.6 : 0.9 },
      emphasis: { focus: 'series' },
    };
  });
  const names = [];
  if (rest.length) {
    const data = [];
    for (const trial of rest) {
      for (const m of sorted(trial)) { data.push([m.epoch, m[metric] ?? null]); names.push(`${trial.label} · ${trial.trial_id}`); }
      data.push([null, null]); names.push('');
    }
    series.push({ type: 'line', name: `other ${rest.length} trials`, data, showSymbol: false, connectNulls: false, silent: false,
      lineStyle: { width: 1, color: '#bbb', opacity: 0.5 }, itemStyle: { color: '#bbb' }, z: 0 });
  }
  const option = {
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 25, minInterval: 1, min: 1, max: 'dataMax' },
    yAxis: { type: 'value', name: metric, scale: true },
    tooltip: { trigger: 'item', formatter: params => {
      const name = params.seriesIndex === own.length ? names[params.dataIndex] : params.seriesName;
      return `${plain(name)}\nepoch ${params.value[0]}: ${metric} ${num(params.value[1])}`;
    } },
    series,
  };
  return { option, hidden: rest.length };
}

/** Draws the curves chart in `parent`; returns {redraw(metric), hidden()} for live updates. */
export function curvesChart(parent, curves, metric) {
  let drawn = build(curves, metric);
  const instance = chart(parent, 'curves', drawn.option, { height: 360 });
  return {
    redraw(nextMetric) { metric = nextMetric ?? metric; drawn = build(curves, metric); replace(instance, drawn.option); },
    /** How many trials the grey series holds. */
    hidden: () => drawn.hidden,
  };
}
