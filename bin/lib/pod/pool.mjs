// Runs `work` on every item of a queue that may grow while it runs (a breadth-first walk adds the children
// of each container), with at most `concurrency` items in flight; rejects on the first failure.

/**
 * @template T
 * @param {T[]} queue taken from the front; `work` may push more
 * @param {number} concurrency
 * @param {(item: T) => Promise<void>} work
 * @returns {Promise<void>}
 */
export function drain(queue, concurrency, work) {
  return new Promise((resolve, reject) => {
    let active = 0;
    const pump = () => {
      while (active < concurrency && queue.length > 0) {
        const item = /** @type {T} */ (queue.shift());
        active += 1;
        work(item).then(() => {
          active -= 1;
          pump();
        }, reject);
      }
      if (active === 0 && queue.length === 0) {
        resolve(undefined);
      }
    };
    pump();
  });
}
