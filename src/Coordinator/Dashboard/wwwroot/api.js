// The coordinator's HTTP API, with the bearer token the user gave (sessionStorage: it goes when
// the tab closes). A 401 shows the token form and retries once the user has given one.

import { el } from './dom.js';

const TOKEN_KEY = 'sweep-api-token';
const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(title, detail) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

export function headers() {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export function url(path) {
  return BASE + path;
}

/** GET a JSON document. */
export async function get(path, { signal } = {}) {
  for (;;) {
    const response = await fetch(url(path), { headers: headers(), signal });
    if (response.status === 401) {
      await askToken(sessionStorage.getItem(TOKEN_KEY) !== null);
      continue;
    }
    if (!response.ok) throw await problem(response);
    return response.json();
  }
}

export async function problem(response) {
  let title = `${response.status} ${response.statusText}`;
  let detail = '';
  try {
    const body = await response.json();
    title = body.title ?? title;
    detail = body.detail ?? '';
  } catch { /* not a problem document */ }
  return new ApiError(title, detail);
}

let pending = null;

/** Shows the token form (once, however many requests wait) and resolves when a token was given. */
export function askToken(rejected) {
  pending ??= new Promise(resolve => {
    const input = el('input', { type: 'password', id: 'token', autocomplete: 'off', required: true, 'aria-label': 'API token' });
    const form = el('form', { className: 'token-form', onsubmit: event => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      dialog.remove();
      pending = null;
      resolve();
    } },
      el('h2', {}, 'API token'),
      el('p', {}, rejected ? 'The coordinator refused this token. Give another.' : 'This coordinator needs its API token (kept in this tab only).'),
      input, el('button', { type: 'submit' }, 'Open'));
    const dialog = el('div', { className: 'token-overlay' }, form);
    document.body.append(dialog);
    input.focus();
  });
  return pending;
}
