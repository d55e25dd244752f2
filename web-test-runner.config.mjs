/**
 * Web Test Runner: the apps' browser tests (test/browser/**), TypeScript through esbuild with the apps'
 * tsconfig (Lit decorators), in the system's headless Chromium. Never downloads a browser.
 *
 * `CARTABLE_RESULTS_FILE=path wtr` also writes {"passed":N,"failed":M} to path.
 */
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { countReporter } from './test/util/wtr-count-reporter.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default {
  files: [ 'test/browser/**/*.test.ts' ],
  nodeResolve: true,
  concurrency: 1,
  watch: false,
  testFramework: { config: { timeout: 10000 }},
  plugins: [ esbuildPlugin({ ts: true, target: 'es2022', tsconfig: 'apps/tsconfig.json' }) ],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      },
    }),
  ],
  // Lit announces its development build (used in tests for its extra checks) in every file.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  reporters: [ defaultReporter(), countReporter() ],
};
