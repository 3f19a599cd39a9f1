// The readiness mark the benchmark and the tests wait for: set once a page's first data is drawn
// and the main thread has gone idle (so it can answer a click).

export function markReady(page) {
  requestAnimationFrame(() => setTimeout(() => {
    if (!performance.getEntriesByName('dashboard-ready').length) performance.mark('dashboard-ready', { detail: page });
    document.body.dataset.ready = page;
  }, 0));
}

export function clearReady() {
  delete document.body.dataset.ready;
}

/** A step on the way to ready (data fetched, table drawn, ...), for the benchmark's breakdown. */
export function markStep(name) {
  performance.mark(`dashboard-${name}`);
}
