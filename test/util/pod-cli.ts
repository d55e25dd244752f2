// Runs `bin/lib/pod-cli.mjs` (pod export / import) as a child process for integration tests. Async on
// purpose: the server under test runs in the test's own event loop.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'bin', 'lib', 'pod-cli.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the pod tool with `args`; client credentials only come from the arguments, never the environment. */
export async function runPodCli(args: string[]): Promise<CliResult> {
  const started = Date.now();
  const child = spawn(process.execPath, [ CLI, ...args ], { cwd: ROOT, stdio: [ 'ignore', 'pipe', 'pipe' ],
    env: { ...process.env, CARTABLE_CLIENT_ID: '', CARTABLE_CLIENT_SECRET: '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer): void => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer): void => {
    stderr += chunk.toString('utf8');
  });
  const code = await new Promise<number | null>((resolve): void => {
    child.on('close', resolve);
  });
  return { code, stdout, stderr, ms: Date.now() - started };
}
