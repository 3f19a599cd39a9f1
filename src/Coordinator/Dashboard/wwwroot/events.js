// A sweep's event stream (Server-Sent Events) read with fetch: EventSource cannot send the bearer
// token. Reconnects after a dropped connection from the last id seen, so nothing is missed twice.

import { headers, url, askToken } from './api.js';

const ENDS = new Set(['sweep-completed', 'sweep-cancelled']);

/**
 * Follows the sweep's events after `after`, calling onEvent(kind, data, id) for each; returns a
 * function that stops following. onEnd is called when the stream ended with the sweep.
 */
export function follow(sweepId, after, onEvent, onEnd = () => {}) {
  const control = new AbortController();
  let last = after;
  (async () => {
    while (!control.signal.aborted) {
      let ended = false;
      try {
        const response = await fetch(url(`/sweeps/${encodeURIComponent(sweepId)}/events?after=${last}`), { headers: headers(), signal: control.signal });
        if (response.status === 401) { await askToken(true); continue; }
        if (response.ok) {
          for await (const event of read(response.body)) {
            if (event.id !== null) last = event.id;
            onEvent(event.kind, event.data, event.id);
            if (ENDS.has(event.kind)) ended = true;
          }
        }
      } catch (error) {
        if (control.signal.aborted) return;
        console.warn('event stream dropped, reconnecting', error);
      }
      // A stream for a sweep that ended closes after its last event: nothing more will come.
      if (ended) { onEnd(); return; }
      await new Promise(resolve => setTimeout(resolve, 2000));
    }
  })();
  return () => control.abort();
}

/** Parses a text/event-stream body into {id, kind, data} events (comments skipped). */
async function* read(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let event = { id: null, kind: 'message', data: '' };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline).replace(/\r$/, '');
      buffer = buffer.slice(newline + 1);
      if (line === '') {
        if (event.data !== '') yield { id: event.id, kind: event.kind, data: JSON.parse(event.data) };
        event = { id: null, kind: 'message', data: '' };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const text = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = Number(text);
        else if (field === 'event') event.kind = text;
        else if (field === 'data') event.data += (event.data ? '\n' : '') + text;
      }
    }
  }
}

/**
 * Runs fn (async) at most once per `ms`, and never twice at once: events come in bursts, refetches
 * should not. The pause grows to 3x what the last run took, so a sweep of 10,000 trials, whose
 * documents take a while, is not refetched back to back.
 */
export function debounce(fn, ms = 1000) {
  let timer = null, running = false, again = false, lastRun = 0, pause = ms;
  const schedule = () => {
    // A call while fn runs may bring news fn already missed: run once more afterwards.
    if (running) { again = true; return; }
    if (timer) return;
    timer = setTimeout(async () => {
      timer = null;
      running = true;
      const start = Date.now();
      try { await fn(); } finally {
        running = false;
        lastRun = Date.now();
        pause = Math.max(ms, 3 * (lastRun - start));
        if (again) { again = false; schedule(); }
      }
    }, Math.max(0, lastRun + pause - Date.now()));
  };
  return schedule;
}
