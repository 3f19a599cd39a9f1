// ECharts (the global from echarts.min.js, served beside this page) with the dashboard's defaults.
// Tooltips render as rich text on the canvas, not HTML: trial names never become markup, and the
// strict style-src of the page's CSP holds.

import { el } from './dom.js';

const live = new Set();
// No animation: a live page redraws often, and a chart should show its data at once.
const BASE = { animation: false, tooltip: { renderMode: 'richText', confine: true } };

/** A chart in a new element appended to `parent`; `name` marks it for tests (data-chart). */
export function chart(parent, name, option, { height = 320 } = {}) {
  const box = el('div', { className: 'chart', 'data-chart': name });
  box.style.height = `${height}px`;
  parent.append(box);
  const instance = echarts.init(box, null, { renderer: 'canvas' });
  instance.setOption(withBase(option));
  live.add(instance);
  return instance;
}

// A chart's own tooltip settings add to the base's: rich text always, never HTML.
function withBase(option) {
  return { ...BASE, ...option, tooltip: { ...BASE.tooltip, ...option.tooltip, renderMode: 'richText' } };
}

/** Replaces a chart's whole option (series that went away go). */
export function replace(instance, option) {
  instance.setOption(withBase(option), { notMerge: true });
}

/** Disposes every chart (the page changes). */
export function disposeAll() {
  for (const instance of live) instance.dispose();
  live.clear();
}

addEventListener('resize', () => { for (const instance of live) instance.resize(); });

/** Text safe in a rich-text tooltip: braces and bars are its markup. */
export function plain(text) {
  return String(text ?? '').replace(/[{}|]/g, ' ');
}

export const METRICS = ['val_accuracy', 'val_loss', 'train_loss', 'train_accuracy'];

/** Disposes the charts inside `parent` (a view redrawn on its own). */
export function disposeIn(parent) {
  for (const instance of live) {
    if (parent.contains(instance.getDom())) { instance.dispose(); live.delete(instance); }
  }
}
