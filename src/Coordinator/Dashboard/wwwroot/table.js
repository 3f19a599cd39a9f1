// A sortable, filterable table drawn a page at a time, so a sweep of 10,000 trials draws 50 rows.
// Sort and filters survive live updates: update() redraws the body only.

import { el, fill } from './dom.js';
import { parseFilter } from './filter.js';

const PAGE = 50;

/**
 * columns: [{key, label, value(row) -> raw, text(row) -> string, link(row) -> href?}];
 * returns {element, update(rows)}.
 */
export function sortableTable(columns, { sortKey = null, descending = false, name = 'table' } = {}) {
  const state = { rows: [], sortKey, descending, filters: new Map(), page: 0 };
  const body = el('tbody');
  const summary = el('span', { className: 'pager-summary' });
  const previous = el('button', { type: 'button', onclick: () => { state.page--; draw(); } }, '‹ previous');
  const next = el('button', { type: 'button', onclick: () => { state.page++; draw(); } }, 'next ›');
  const heads = columns.map(column => el('th', { scope: 'col', 'data-key': column.key, title: 'Sort',
    onclick: () => {
      state.descending = state.sortKey === column.key ? !state.descending : false;
      state.sortKey = column.key;
      state.page = 0;
      draw();
    } }, column.label));
  const filters = columns.map(column => el('th', {}, el('input', {
    type: 'search', placeholder: 'filter', 'data-key': column.key, 'aria-label': `filter ${column.label}`,
    oninput: event => {
      const predicate = parseFilter(event.target.value);
      if (predicate) state.filters.set(column.key, predicate); else state.filters.delete(column.key);
      state.page = 0;
      draw();
    } })));
  const table = el('table', { className: 'data', 'data-table': name },
    el('thead', {}, el('tr', {}, heads), el('tr', { className: 'filters' }, filters)), body);
  const element = el('div', { className: 'table-box' }, el('div', { className: 'scroll' }, table),
    el('div', { className: 'pager' }, previous, summary, next));

  function visible() {
    let rows = state.rows;
    for (const [key, predicate] of state.filters) {
      const column = columns.find(c => c.key === key);
      rows = rows.filter(row => predicate(column.value(row), column.text(row)));
    }
    if (state.sortKey) {
      const column = columns.find(c => c.key === state.sortKey);
      const sign = state.descending ? -1 : 1;
      // Empty cells last whichever way: a trial without the metric is not the worst nor the best.
      rows = rows.map(row => [column.value(row), row]).sort(([a], [b]) => {
        const aMissing = a === null || a === undefined, bMissing = b === null || b === undefined;
        if (aMissing || bMissing) return aMissing - bMissing;
        return sign * (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), undefined, { numeric: true }));
      }).map(([, row]) => row);
    }
    return rows;
  }

  function draw() {
    const rows = visible();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    state.page = Math.min(Math.max(0, state.page), pages - 1);
    const shown = rows.slice(state.page * PAGE, (state.page + 1) * PAGE);
    fill(body, shown.map(row => el('tr', { 'data-row': row.trial_id ?? '' }, columns.map(column => {
      const text = column.text(row);
      const href = column.link?.(row);
      return el('td', { className: column.numeric ? 'num' : null }, href ? el('a', { href }, text) : text);
    }))));
    for (const head of heads) {
      const key = head.getAttribute('data-key');
      head.setAttribute('aria-sort', key !== state.sortKey ? 'none' : state.descending ? 'descending' : 'ascending');
    }
    fill(summary, `${rows.length} of ${state.rows.length} rows` + (pages > 1 ? `, page ${state.page + 1} of ${pages}` : ''));
    previous.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
  }

  return { element, update(rows) { state.rows = rows; draw(); } };
}
