// A column filter typed by the user: `>0.8`, `<=3`, `0.1..0.5`, `=32` on numbers; anything else
// is "contains" on the cell's text, ignoring case.

const COMPARE = /^(>=|<=|>|<|=)\s*(-?[\d.]+(?:e-?\d+)?)$/i;
const RANGE = /^(-?[\d.]+(?:e-?\d+)?)\s*\.\.\s*(-?[\d.]+(?:e-?\d+)?)$/i;

/** A predicate over (raw value, shown text), or null for an empty filter. */
export function parseFilter(text) {
  const query = text.trim();
  if (query === '') return null;
  const compare = COMPARE.exec(query);
  if (compare) {
    const bound = Number(compare[2]);
    const test = { '>': v => v > bound, '<': v => v < bound, '>=': v => v >= bound, '<=': v => v <= bound, '=': v => v === bound }[compare[1]];
    return raw => typeof raw === 'number' && test(raw);
  }
  const range = RANGE.exec(query);
  if (range) {
    const [low, high] = [Number(range[1]), Number(range[2])].sort((a, b) => a - b);
    return raw => typeof raw === 'number' && raw >= low && raw <= high;
  }
  const needle = query.toLowerCase();
  return (raw, shown) => shown.toLowerCase().includes(needle);
}
