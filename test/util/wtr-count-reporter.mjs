/**
 * A Web Test Runner reporter that counts the tests of a run and, when the environment variable
 * CARTABLE_RESULTS_FILE is set, writes `{"passed":N,"failed":M}` to that path (for CI summaries).
 *
 * Individual tests are counted (suites nested at any depth). A test file that did not load, or that
 * failed outside any test (uncaught error, timeout, browser crash), counts one failure per error it
 * reported, and at least one when its session did not pass. Skipped tests count in neither number.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Passed and failed tests of one suite, recursively. */
function countSuite(suite) {
  const counts = { passed: 0, failed: 0 };
  if (suite === undefined) {
    return counts;
  }
  for (const test of suite.tests) {
    if (test.skipped) {
      continue;
    }
    if (test.passed) {
      counts.passed += 1;
    } else {
      counts.failed += 1;
    }
  }
  for (const child of suite.suites) {
    const nested = countSuite(child);
    counts.passed += nested.passed;
    counts.failed += nested.failed;
  }
  return counts;
}

/** Passed and failed tests over every session (one session = one test file in one browser). */
export function countSessions(sessions) {
  const total = { passed: 0, failed: 0 };
  for (const session of sessions) {
    const counts = countSuite(session.testResults);
    let failed = counts.failed + (session.errors?.length ?? 0);
    if (failed === 0 && session.passed !== true) {
      failed = 1;
    }
    total.passed += counts.passed;
    total.failed += failed;
  }
  return total;
}

/** The reporter; `path` defaults to `process.env.CARTABLE_RESULTS_FILE` (nothing is written without one). */
export function countReporter({ path = process.env.CARTABLE_RESULTS_FILE } = {}) {
  let sessionManager;
  const write = (sessions) => {
    if (path === undefined || path === '') {
      return;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify(countSessions(sessions))}\n`);
  };
  return {
    start({ sessions }) {
      sessionManager = sessions;
      write([]);
    },
    onTestRunFinished({ sessions }) {
      write(sessions);
    },
    stop({ sessions }) {
      write(sessions.length > 0 || sessionManager === undefined ? sessions : [ ...sessionManager.all() ]);
    },
  };
}
