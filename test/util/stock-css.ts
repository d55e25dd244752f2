// Starts a stock Community Solid Server 7.2 (file backend, its own default config) as a child process,
// for tests that prove Cartable's apps and tools work against a Solid server we did not write.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './cartable.ts';

export interface StockServer {
  url: string;
  stop: () => Promise<void>;
}

const CSS_BIN = join(import.meta.dirname, '..', '..', 'node_modules', '@solid', 'community-server', 'bin', 'server.js');

/**
 * Starts stock CSS with `@css:config/file.json` on a free port (or `options.port`) and waits until it answers
 * at its base URL: `http://<host>:<port>/`, or `options.baseUrl` when it is reached through a proxy
 * (test/util/cut-proxy.ts; the proxy must be listening).
 */
export async function startStockCss(host = 'localhost', timeoutMs = 90_000, options: { port?: number; baseUrl?: string } = {}):
Promise<StockServer> {
  const port = options.port ?? await freePort();
  const data = mkdtempSync(join(tmpdir(), 'stock-css-'));
  const url = options.baseUrl ?? `http://${host}:${port}/`;
  const child: ChildProcess = spawn(process.execPath,
    [ CSS_BIN, '-c', '@css:config/file.json', '-f', data, '-p', String(port), '-b', url, '-l', 'warn' ],
    { stdio: [ 'ignore', 'ignore', 'pipe' ] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer): void => {
    stderr = `${stderr}${chunk.toString()}`.slice(-4000);
  });
  const stop = async(): Promise<void> => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve): void => {
        child.once('exit', resolve);
      });
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(data, { recursive: true, force: true });
  };
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Stock CSS exited with ${child.exitCode}: ${stderr}`);
    }
    try {
      if ((await fetch(`${url}.account/`)).ok) {
        return { url, stop };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve): void => {
      setTimeout(resolve, 250);
    });
  }
  await stop();
  throw new Error(`Stock CSS did not answer within ${timeoutMs} ms: ${stderr}`);
}
