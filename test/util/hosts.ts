// Host names for tests that run two servers side by side (docs/move.md, "Tests"): each server gets its own
// name ending in .localhost so that browser cookies do not collide, while stock CSS still accepts http WebIDs
// (it allows http only on localhost names). Chromium resolves *.localhost by itself; Node asks the system
// resolver, so the names must be in /etc/hosts (.ci/run adds them).
import { lookup } from 'node:dns/promises';

export const CARTABLE_HOST = 'cartable.localhost';
export const STOCK_HOST = 'stock.localhost';

/** Throws a message saying what to do when the test host names do not resolve to this machine. */
export async function checkTestHosts(): Promise<void> {
  for (const name of [ CARTABLE_HOST, STOCK_HOST ]) {
    let address = '';
    try {
      ({ address } = await lookup(name, { family: 4 }));
    } catch {
      // Reported below.
    }
    if (address !== '127.0.0.1') {
      throw new Error(`${name} does not resolve to 127.0.0.1: add "127.0.0.1 ${CARTABLE_HOST} ${STOCK_HOST}" to /etc/hosts ` +
        '(.ci/run does it)');
    }
  }
}
