// Pod names: one URL segment and one DNS label, never silently rewritten, never a server route.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  opaquePodName, POD_NAME_MAX_LENGTH, podNameProblem, RESERVED_POD_NAMES,
} from '../../../components/dist/pods/PodNamePolicy.js';

describe('podNameProblem', (): void => {
  it('accepts lowercase letters, digits and inner hyphens, 1 to 63 characters', (): void => {
    for (const name of [ 'a', '7', 'c0ffee42', 'p3f9a1c27e0', 'classe-4e-a', 'a-b', 'a'.repeat(63) ]) {
      assert.equal(podNameProblem(name), null, name);
    }
  });

  it('asks for a name when there is none', (): void => {
    for (const name of [ '', undefined, null, 42, {}, [ 'abc' ] ]) {
      assert.equal(podNameProblem(name), 'A pod name is required.', JSON.stringify(name));
    }
  });

  it('says how long a name may be and how long this one is', (): void => {
    assert.equal(POD_NAME_MAX_LENGTH, 63);
    assert.equal(podNameProblem('a'.repeat(64)), 'A pod name has at most 63 characters; this one has 64.');
  });

  it('refuses names that are not URL-safe, quoting the name', (): void => {
    for (const name of [ 'Camille', 'élève', 'camille martin', 'a/b', '..', '.', 'a.b', 'a_b', '-abc', 'abc-', 'a%20b',
      'abc\n', ' abc', 'ａｂｃ' ]) {
      assert.equal(podNameProblem(name),
        `Pod name ${JSON.stringify(name)} is not URL-safe: use lowercase letters a-z, digits and inner hyphens only.`, name);
    }
  });

  it('refuses names that would shadow server routes', (): void => {
    for (const name of [ 'apps', 'account', 'idp', 'well-known', 'admin', 'internal' ]) {
      assert.ok(RESERVED_POD_NAMES.has(name), name);
      assert.equal(podNameProblem(name), `Pod name ${JSON.stringify(name)} is reserved by the server.`);
    }
    assert.equal(podNameProblem('apps2'), null);
  });
});

describe('opaquePodName', (): void => {
  it('is a prefix and twelve hex digits, acceptable as a pod name', (): void => {
    for (let i = 0; i < 50; i++) {
      const name = opaquePodName();
      assert.match(name, /^c[0-9a-f]{12}$/u);
      assert.equal(podNameProblem(name), null, name);
    }
  });

  it('uses the given random source and prefix', (): void => {
    assert.equal(opaquePodName((): number => 0), 'c000000000000');
    assert.equal(opaquePodName((): number => 0.9999, 'p'), 'pffffffffffff');
    const digits = [ 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 ].map((n): number => n / 16);
    let i = 0;
    assert.equal(opaquePodName((): number => digits[i++], 't'), 't0123456789ab');
  });

  it('gives different names on different calls', (): void => {
    const names = new Set(Array.from({ length: 200 }, (): string => opaquePodName()));
    assert.equal(names.size, 200);
  });
});
