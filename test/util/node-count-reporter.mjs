// A node:test reporter that counts passed and failed tests (not suites) and writes
// {"passed":N,"failed":M} as its only output, for test/run.mjs to total all suites.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') {
      continue;
    }
    if (event.data.details?.type === 'suite') {
      continue;
    }
    if (event.type === 'test:pass') {
      if (!event.data.skip && !event.data.todo) {
        passed += 1;
      }
    } else {
      failed += 1;
    }
  }
  yield `${JSON.stringify({ passed, failed })}\n`;
}
