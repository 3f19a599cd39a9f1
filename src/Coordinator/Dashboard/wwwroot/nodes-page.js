// The nodes at work, as the running sweeps' records show them: slots in use, fused groups,
// throughput and the trials each trains. Polled every 5 s. Total slots and memory are not recorded
// by the coordinator yet, so they are not shown.

import { get } from './api.js';
import { el, fill, link } from './dom.js';
import { num } from './format.js';
import { chart, disposeIn, plain } from './charts.js';
import { markReady } from './ready.js';

function nodeCard(node) {
  return el('section', { className: 'node', 'data-node': node.node },
    el('h2', {}, node.node),
    el('p', {}, `${node.busy} slot(s) in use · ${node.fused_groups} fused group(s) · ${num(node.images_per_second)} images/s`),
    el('table', { className: 'data' },
      el('thead', {}, el('tr', {}, ['sweep', 'trial', 'label', 'attempt', 'epoch', 'fused group', 'images/s'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, node.trials.map(t => el('tr', {},
        el('td', {}, link(`#/sweeps/${encodeURIComponent(t.sweep_id)}`, t.sweep_id)),
        el('td', {}, link(`#/trials/${encodeURIComponent(t.trial_id)}`, t.trial_id)),
        el('td', {}, t.label), el('td', { className: 'num' }, t.attempt), el('td', {}, `${t.epoch}/${t.epochs}`),
        el('td', {}, t.group_id ?? ''), el('td', { className: 'num' }, num(t.images_per_second)))))));
}

export async function nodesPage(root, signal) {
  const chartBox = el('div');
  const list = el('div');
  fill(root, el('h1', {}, 'Nodes'),
    el('p', { className: 'note' }, 'Nodes training a trial of a running sweep. The coordinator does not record nodes\u2019 total slots or memory yet: only slots in use are shown.'),
    chartBox, list);
  for (;;) {
    const nodes = await get('/nodes', { signal });
    disposeIn(chartBox);
    chartBox.replaceChildren();
    if (nodes.length) {
      chart(chartBox, 'nodes', {
        grid: { left: 140, right: 30, top: 10, bottom: 30 },
        xAxis: { type: 'value', name: 'images/s' },
        yAxis: { type: 'category', data: nodes.map(n => n.node) },
        tooltip: { trigger: 'item', formatter: p => `${plain(p.name)}: ${num(p.value)} images/s` },
        series: [{ type: 'bar', name: 'images/s', data: nodes.map(n => n.images_per_second) }],
      }, { height: 60 + 30 * nodes.length });
    }
    fill(list, nodes.length ? nodes.map(nodeCard) : el('p', {}, 'No node is training a trial now.'));
    markReady('nodes');
    await new Promise(resolve => setTimeout(resolve, 5000));
    if (signal.aborted) return;
  }
}
