// The nodes: what the running sweeps' records show (slots in use, fused groups, throughput, the
// trials each trains) and what each last told the broker (device, slots, memory). Polled every 5 s.

import { get } from './api.js';
import { el, fill, link } from './dom.js';
import { num } from './format.js';
import { chart, disposeIn, plain } from './charts.js';
import { markReady } from './ready.js';

function nodeCard(node) {
  return el('section', { className: 'node', 'data-node': node.node },
    el('h2', {}, node.node),
    el('p', {}, [
      node.device ?? 'device unknown',
      `${node.busy}${node.slots == null ? '' : ` of ${node.slots}`} slot(s) in use`,
      `${node.fused_groups} fused group(s)`,
      `${num(node.images_per_second)} images/s`,
      memory(node),
    ].join(' · ')),
    el('table', { className: 'data' },
      el('thead', {}, el('tr', {}, ['sweep', 'trial', 'label', 'attempt', 'epoch', 'fused group', 'images/s'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, node.trials.map(t => el('tr', {},
        el('td', {}, link(`#/sweeps/${encodeURIComponent(t.sweep_id)}`, t.sweep_id)),
        el('td', {}, link(`#/trials/${encodeURIComponent(t.trial_id)}`, t.trial_id)),
        el('td', {}, t.label), el('td', { className: 'num' }, t.attempt), el('td', {}, `${t.epoch}/${t.epochs}`),
        el('td', {}, t.group_id ?? ''), el('td', { className: 'num' }, num(t.images_per_second)))))));
}

const GiB = 1024 ** 3;

// Device memory its trials take (CUDA) or its process's (CPU), of its packing budget when it has one.
function memory(node) {
  if (node.memory_used == null) return 'memory unknown';
  const used = `${num(node.memory_used / GiB)} GiB`;
  return node.memory_limit == null ? `${used} memory in use` : `${used} of ${num(node.memory_limit / GiB)} GiB memory`;
}

export async function nodesPage(root, signal) {
  const chartBox = el('div');
  const list = el('div');
  fill(root, el('h1', {}, 'Nodes'),
    el('p', { className: 'note' }, 'Every node the coordinator\u2019s broker knows, idle ones included, and every node a running trial names. Device, slots and memory are as of the node\u2019s last request for work (a full node asks for none); sweep ui has no broker to ask.'),
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
    fill(list, nodes.length ? nodes.map(nodeCard) : el('p', {}, 'No node is known: none is training a trial, and no broker knows one.'));
    markReady('nodes');
    await new Promise(resolve => setTimeout(resolve, 5000));
    if (signal.aborted) return;
  }
}
