// What the search learned, from the coordinator's analysis document when it has one, else worked
// out here from the trials and the timeline: best-so-far, each parameter against the metric,
// parallel coordinates and parameter importance.

import { chart, plain } from './charts.js';
import { el } from './dom.js';
import { num, value } from './format.js';
import { higherIsBetter } from './curves.js';

const ENDED = new Set(['trial-finished', 'trial-stopped', 'trial-failed']);

/** Log when a positive parameter spans more than 2 decades, categorical when not all numbers. */
export function guessScale(values) {
  const present = values.filter(v => v !== null && v !== undefined);
  if (!present.every(v => typeof v === 'number')) return 'categorical';
  const low = Math.min(...present), high = Math.max(...present);
  return low > 0 && high / low > 100 ? 'log' : 'linear';
}

/** Best-so-far in the order trials ended (the timeline's), for trials that have the metric. */
export function bestSoFar(rows, entries, metric) {
  const byId = new Map(rows.map(r => [r.trial_id, r]));
  const better = higherIsBetter(metric) ? (a, b) => a > b : (a, b) => a < b;
  const points = [];
  const seen = new Set();
  let best = null;
  for (const entry of entries) {
    if (!ENDED.has(entry.type) || seen.has(entry.trial_id)) continue;
    const v = byId.get(entry.trial_id)?.[metric];
    if (typeof v !== 'number') continue;
    seen.add(entry.trial_id);
    if (best === null || better(v, best)) best = v;
    points.push({ order: points.length + 1, trial_id: entry.trial_id, at: entry.at, value: v, best });
  }
  return points;
}

function ranks(values) {
  const order = values.map((v, i) => [v, i]).sort(([a], [b]) => a - b);
  const result = new Array(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let k = i; k <= j; k++) result[order[k][1]] = (i + j) / 2;
    i = j + 1;
  }
  return result;
}

function correlation(x, y) {
  const n = x.length, mx = x.reduce((a, b) => a + b, 0) / n, my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) ** 2; syy += (y[i] - my) ** 2; }
  return sxx && syy ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Correlation ratio: how much of the metric's variance the categories explain (0..1, its root). */
function eta(categories, y) {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const groups = new Map();
  categories.forEach((c, i) => { const g = groups.get(c) ?? []; g.push(y[i]); groups.set(c, g); });
  let between = 0;
  for (const g of groups.values()) between += g.length * ((g.reduce((a, b) => a + b, 0) / g.length) - mean) ** 2;
  const total = y.reduce((a, v) => a + (v - mean) ** 2, 0);
  return total ? Math.sqrt(between / total) : 0;
}

/** Importance without the coordinator's: |Spearman ρ| for numbers, η for categories, normalised. */
export function localImportance(rows, parameters, metric) {
  const rated = rows.filter(r => typeof r[metric] === 'number');
  if (rated.length < 3) return { method: 'rank correlation (computed in the browser)', note: `${rated.length} trials have ${metric}; at least 3 are needed.`, parameters: [] };
  const y = rated.map(r => r[metric]);
  const raw = parameters.map(p => {
    const values = rated.map(r => r.parameters?.[p.path] ?? null);
    const score = p.scale === 'categorical' ? eta(values.map(v => value(v)), y) : Math.abs(correlation(ranks(values.map(v => v ?? 0)), ranks(y)));
    return { path: p.path, importance: Number.isFinite(score) ? score : 0 };
  });
  const sum = raw.reduce((a, p) => a + p.importance, 0);
  return {
    method: 'rank correlation with the metric (|Spearman ρ|; η for categorical), computed in the browser',
    note: sum ? null : 'No parameter is related to the metric in these trials.',
    parameters: raw.map(p => ({ path: p.path, importance: sum ? p.importance / sum : 0 })).sort((a, b) => b.importance - a.importance),
  };
}

/** The analysis document, or one worked out here with the same shape. */
export function localAnalysis(sweepId, rows, parameterPaths, entries, metric) {
  const parameters = parameterPaths.map(path => ({ path, scale: guessScale(rows.map(r => r.parameters?.[path] ?? null)) }));
  return {
    sweep_id: sweepId, metric, higher_is_better: higherIsBetter(metric),
    rule: `Trials without ${metric} (stopped early, failed, running) are left out.`,
    parameters, best_so_far: bestSoFar(rows, entries, metric), importance: localImportance(rows, parameters, metric),
  };
}

/** Draws the four views of an analysis document into `parent`. */
export function drawAnalysis(parent, analysis, rows) {
  const metric = analysis.metric;
  const rated = rows.filter(r => typeof r[metric] === 'number');
  parent.append(el('p', { className: 'note' }, analysis.rule ?? ''));

  parent.append(el('h3', {}, `Best ${metric} so far`));
  const history = analysis.best_so_far;
  chart(parent, 'best-so-far', {
    grid: { left: 60, right: 20, top: 30, bottom: 40 },
    xAxis: { type: 'value', name: 'trials ended', nameLocation: 'middle', nameGap: 25, minInterval: 1 },
    yAxis: { type: 'value', name: metric, scale: true },
    tooltip: { trigger: 'item', formatter: p => `trial ${plain(history[p.dataIndex]?.trial_id)}\n#${p.value[0]}: ${num(p.value[1])}` },
    series: [
      { type: 'scatter', name: 'trial', data: history.map(h => [h.order, h.value]), symbolSize: 5, itemStyle: { color: '#9ab' } },
      { type: 'line', name: 'best so far', step: 'end', data: history.map(h => [h.order, h.best]), showSymbol: false, lineStyle: { width: 2 } },
    ],
  }, { height: 260 });

  parent.append(el('h3', {}, `Each parameter against ${metric}`));
  const grid = el('div', { className: 'slices' });
  parent.append(grid);
  for (const parameter of analysis.parameters) {
    const categorical = parameter.scale === 'categorical';
    const points = rated.map(r => [categorical ? value(r.parameters?.[parameter.path]) : r.parameters?.[parameter.path], r[metric], r.trial_id]);
    chart(grid, `slice:${parameter.path}`, {
      title: { text: parameter.path, textStyle: { fontSize: 12 } },
      grid: { left: 55, right: 15, top: 35, bottom: 35 },
      xAxis: categorical ? { type: 'category', data: [...new Set(points.map(p => p[0]))].sort() } : { type: parameter.scale === 'log' ? 'log' : 'value', scale: true },
      yAxis: { type: 'value', scale: true, name: metric },
      tooltip: { trigger: 'item', formatter: p => `trial ${plain(p.value[2])}\n${plain(parameter.path)} = ${plain(value(p.value[0]))}\n${metric} ${num(p.value[1])}` },
      series: [{ type: 'scatter', data: points, symbolSize: 6, large: points.length > 2000 }],
    }, { height: 240 });
  }

  parent.append(el('h3', {}, 'Parallel coordinates'));
  const axes = [...analysis.parameters.map(p => ({ path: p.path, scale: p.scale })), { path: metric, scale: 'linear' }];
  const categories = axes.map(a => a.scale === 'categorical' ? [...new Set(rated.map(r => value(r.parameters?.[a.path])))].sort() : null);
  chart(parent, 'parallel', {
    parallel: { left: 110, right: 110, top: 40, bottom: 30 },
    parallelAxis: axes.map((a, i) => ({ dim: i, name: a.path, nameTextStyle: { fontSize: 10 }, type: a.scale === 'categorical' ? 'category' : a.scale === 'log' ? 'log' : 'value', data: categories[i] ?? undefined, scale: true })),
    visualMap: rated.length ? { show: true, dimension: axes.length - 1, min: Math.min(...rated.map(r => r[metric])), max: Math.max(...rated.map(r => r[metric])), right: 10, top: 'middle', itemHeight: 120, calculable: true, precision: 3, inRange: { color: analysis.higher_is_better ? ['#d94e5d', '#eac736', '#50a3ba'] : ['#50a3ba', '#eac736', '#d94e5d'] } } : undefined,
    series: [{ type: 'parallel', lineStyle: { width: 1, opacity: 0.5 }, data: rated.map(r => axes.map((a, i) => i === axes.length - 1 ? r[metric] : a.scale === 'categorical' ? value(r.parameters?.[a.path]) : r.parameters?.[a.path])), progressive: 500 }],
  }, { height: 320 });

  parent.append(el('h3', {}, 'Parameter importance'));
  const importance = analysis.importance ?? { parameters: [], note: 'No importance in the analysis.' };
  parent.append(el('p', { className: 'note' }, `Method: ${importance.method ?? 'unknown'}.`, importance.note ? ` ${importance.note}` : ''));
  if (importance.parameters.length) {
    const bars = [...importance.parameters].reverse();
    chart(parent, 'importance', {
      grid: { left: 220, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: bars.map(p => p.path), axisLabel: { width: 200, overflow: 'truncate' } },
      tooltip: { trigger: 'item', formatter: p => `${plain(p.name)}: ${num(p.value, 3)}` },
      series: [{ type: 'bar', data: bars.map(p => p.importance) }],
    }, { height: 40 + 28 * bars.length });
  }
}
