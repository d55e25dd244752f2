// Starts a real Cartable server in this process for integration tests: precompiled test config,
// a fresh data folder, a free port, real HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCartable } from '../../bin/lib/server.mjs';

export interface TestServer {
  url: string;
  port: number;
  data: string;
  stop: () => Promise<void>;
}

/** A TCP port that is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject): void => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, (): void => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close((): void => resolve(port));
    });
  });
}

/** Starts Cartable from pod-config/test.json. */
export interface EntSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}

/** `baseUrl`: when it is reached through a proxy (test/util/cut-proxy.ts), the proxy's URL. */
export async function startTestServer(options: { demo?: boolean; quota?: string; data?: string; port?: number;
  ent?: EntSettings; baseUrl?: string; } = {}):
Promise<TestServer> {
  const port = options.port ?? await freePort();
  const data = options.data ?? mkdtempSync(join(tmpdir(), 'cartable-test-'));
  const url = options.baseUrl ?? `http://localhost:${port}/`;
  const server = await startCartable({
    port, baseUrl: url, data, config: 'test', quota: options.quota ?? '5GB', demo: options.demo ?? false, logLevel: 'warn',
    ent: options.ent,
  }, { buildFirst: false });
  return {
    url,
    port,
    data,
    stop: async(): Promise<void> => {
      await server.stop();
      if (!options.data) {
        rmSync(data, { recursive: true, force: true });
      }
    },
  };
}
