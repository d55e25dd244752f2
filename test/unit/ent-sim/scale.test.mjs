import assert from 'node:assert/strict';
import { it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { createDirectory } from '../../../ent-sim/directory.mjs';

// A garbage collector to call, with or without --expose-gc.
setFlagsFromString('--expose-gc');
const gc = /** @type {() => void} */ (globalThis.gc ?? runInNewContext('gc'));

const MB = 1024 * 1024;
const PUPILS = 170_000;
const MAX_RSS_INCREASE_MB = 300;
const MAX_SECONDS = 60;

it(`generates the académie's ${PUPILS} pupils in bounded memory and seconds`, (t) => {
  gc();
  const baseline = process.memoryUsage();
  const peakBefore = process.resourceUsage().maxRSS * 1024;
  const start = performance.now();

  const directory = createDirectory({ seed: 2025, pupils: PUPILS, schoolYear: 2025 });
  let peak = baseline.rss;
  /** @type {Record<string, number>} */
  const roles = {};
  let persons = 0;
  /** @type {import('../../../ent-sim/directory.mjs').Person[]} */
  const sample = [];
  for (const person of directory.persons()) {
    roles[person.role] = (roles[person.role] ?? 0) + 1;
    persons++;
    if (persons % 20_000 === 0) {
      peak = Math.max(peak, process.memoryUsage.rss());
      sample.push(person);
    }
  }
  const streamed = performance.now();

  // Random access after the stream: logins and uids anywhere in the académie.
  for (const person of sample) {
    assert.equal(directory.personByLogin(person.login)?.uid, person.uid);
    assert.equal(directory.person(person.uid)?.login, person.login);
  }
  const seconds = (performance.now() - start) / 1000;
  peak = Math.max(peak, process.memoryUsage.rss());
  gc();
  const retained = process.memoryUsage();
  const peakRssIncrease = Math.max(peak, process.resourceUsage().maxRSS * 1024) - Math.max(baseline.rss, peakBefore);
  const stats = directory.stats();

  t.diagnostic(`schools ${stats.schools}, persons ${persons} (${JSON.stringify(roles)})`);
  t.diagnostic(`stream ${((streamed - start) / 1000).toFixed(2)} s, total ${seconds.toFixed(2)} s`);
  t.diagnostic(`peak RSS +${(peakRssIncrease / MB).toFixed(0)} MB, heap retained after gc +${((retained.heapUsed - baseline.heapUsed) / MB).toFixed(0)} MB`);

  assert.equal(roles.eleve, PUPILS);
  assert.equal(stats.pupils, PUPILS);
  assert.equal(stats.persons, persons);
  assert.ok(roles.parent > PUPILS, `${roles.parent} parents`);
  assert.ok(stats.schools > 250 && stats.schools < 400, `${stats.schools} schools`);
  assert.ok(seconds < MAX_SECONDS, `took ${seconds.toFixed(1)} s`);
  assert.ok(peakRssIncrease < MAX_RSS_INCREASE_MB * MB, `peak RSS grew by ${(peakRssIncrease / MB).toFixed(0)} MB`);
  assert.ok(retained.heapUsed - baseline.heapUsed < 100 * MB, 'the directory keeps too much in memory');
});
