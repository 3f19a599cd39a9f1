// What the search learned, from the coordinator's analysis document (scales, best so far and
// PED-ANOVA importance are computed there): best-so-far, each parameter against the metric,
// parallel coordinates and parameter importance.

import { chart, plain } from './charts.js';
import { el } from './dom.js';
import { num, value } from './format.js';

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
