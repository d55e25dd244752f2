// Small statistics helpers for paired benchmark rounds.

/** Quantile with linear interpolation between closest ranks (q in [0, 1]). */
export function quantile(values, q) {
  const xs = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return NaN;
  const pos = (xs.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo);
}

export const median = (values) => quantile(values, 0.5);

/** Summary of a list of numbers: n, median, min, max, q1, q3. */
export function summarize(values) {
  const xs = values.filter((v) => Number.isFinite(v));
  return {
    n: xs.length,
    median: median(xs),
    min: xs.length ? Math.min(...xs) : NaN,
    max: xs.length ? Math.max(...xs) : NaN,
    q1: quantile(xs, 0.25),
    q3: quantile(xs, 0.75),
  };
}

/**
 * Ratio "Cartable relative to stock", where higher is always better.
 * - higherIsBetter (throughput):     cartable / stock
 * - lower is better (time, memory):  stock / cartable
 */
export function ratioOf(stockValue, cartableValue, higherIsBetter) {
  return higherIsBetter ? cartableValue / stockValue : stockValue / cartableValue;
}
