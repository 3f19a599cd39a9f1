// The dashboard: one page, hash routes (#/, #/sweeps/ID[/analysis], #/trials/ID, #/nodes). Each
// route draws into <main> and stops its polling and event stream when the route changes.

import { el, fill } from './dom.js';
import { disposeAll } from './charts.js';
import { clearReady } from './ready.js';
import { sweepsPage } from './sweeps-page.js';
import { sweepPage } from './sweep-page.js';
import { trialPage } from './trial-page.js';
import { nodesPage } from './nodes-page.js';

const root = document.getElementById('app');
let current = null;

function route() {
  const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] === 'sweeps' && parts[1]) return signal => sweepPage(root, signal, parts[1], parts[2]);
  if (parts[0] === 'trials' && parts[1]) return signal => trialPage(root, signal, parts[1]);
  if (parts[0] === 'nodes') return signal => nodesPage(root, signal);
  return signal => sweepsPage(root, signal);
}

async function show() {
  current?.abort();
  current = new AbortController();
  const { signal } = current;
  disposeAll();
  clearReady();
  fill(root, el('p', { className: 'loading' }, 'Loading…'));
  try {
    await route()(signal);
  } catch (error) {
    if (signal.aborted) return;
    fill(root, el('div', { className: 'error', role: 'alert' }, el('h1', {}, 'Could not load this page'), el('p', {}, error.message)));
  }
}

addEventListener('hashchange', show);
show();
