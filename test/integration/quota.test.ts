// Per-pod quota with incremental accounting: refused writes are 413 and leave nothing half-written.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readdirSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Session } from '@inrupt/solid-client-authn-node';
import { bearerTokenFor, createAccountWithPod, sessionFor } from '../util/accounts.ts';
import type { TestAccount } from '../util/accounts.ts';
import { startTestServer } from '../util/cartable.ts';
import type { TestServer } from '../util/cartable.ts';

const KB = 1000;

function bytes(size: number, seed = 1): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, i): number => (i * seed + 13) % 251));
}

describe('pod quota', (): void => {
  let server: TestServer;
  let pupil: TestAccount;
  let session: Session;

  before(async(): Promise<void> => {
    server = await startTestServer({ quota: '300kB' });
    pupil = await createAccountWithPod(server.url, 'q1q2q3');
    session = await sessionFor(server.url, pupil);
  });
  after(async(): Promise<void> => {
    await session?.logout();
    await server?.stop();
  });

  const put = async(path: string, body: Buffer | ReadableStream, headers: Record<string, string> = {}): Promise<Response> =>
    session.fetch(`${pupil.pod}${path}`, {
      method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...headers }, body, duplex: 'half',
    } as RequestInit);

  it('accepts uploads that fit', async(): Promise<void> => {
    assert.equal((await put('drive/a.bin', bytes(150 * KB))).status, 201);
  });

  it('refuses with 413 an upload whose Content-Length cannot fit, and stores nothing', async(): Promise<void> => {
    const response = await put('drive/b.bin', bytes(200 * KB));
    assert.equal(response.status, 413);
    assert.match(await response.text(), /quota/iu);
    assert.equal((await session.fetch(`${pupil.pod}drive/b.bin`)).status, 404);
  });

  it('refuses a streamed upload without Content-Length once it goes over, keeping the old version', async(): Promise<void> => {
    const original = bytes(100 * KB, 3);
    assert.equal((await put('drive/c.bin', original)).status, 201);
    // A raw chunked upload that keeps sending until the server answers (as a browser would see it).
    const token = { authorization: `Bearer ${await bearerTokenFor(server.url, pupil)}` };
    const status = await new Promise<number>((resolve, reject): void => {
      const request = httpRequest(`${pupil.pod}drive/c.bin`, {
        method: 'PUT', headers: { 'content-type': 'application/octet-stream', ...token },
      });
      let sent = 0;
      const pump = (): void => {
        while (sent < 2000 * KB && request.write(bytes(16 * KB, 5))) {
          sent += 16 * KB;
        }
        if (sent < 2000 * KB) {
          request.once('drain', (): void => { sent += 16 * KB; pump(); });
        } else {
          request.end();
        }
      };
      request.on('response', (response): void => {
        response.resume();
        request.destroy();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', (error): void => reject(error));
      pump();
    });
    assert.equal(status, 413);
    const kept = Buffer.from(await (await session.fetch(`${pupil.pod}drive/c.bin`)).arrayBuffer());
    assert.deepEqual(kept, original, 'the previous version is intact');
    const temp = join(server.data, '.internal', 'tempFiles');
    assert.deepEqual(readdirSync(temp), [], 'no temporary file is left behind');
  });

  it('counts a replaced file once, and frees space on delete', async(): Promise<void> => {
    // 150 + 100 kB stored (+ a few kB of layout). Replacing a.bin by 180 kB would need 30 kB more: fits.
    assert.equal((await put('drive/a.bin', bytes(180 * KB, 7))).status, 205);
    assert.equal((await put('drive/d.bin', bytes(60 * KB))).status, 413);
    assert.equal((await session.fetch(`${pupil.pod}drive/a.bin`, { method: 'DELETE' })).status, 205);
    assert.equal((await put('drive/d.bin', bytes(60 * KB))).status, 201);
  });

  it('keeps its count on disk, in the data folder, not in memory', (): void => {
    const folder = join(server.data, '.internal', 'cartable', 'usage');
    const records = readdirSync(folder).map((name): { used: number } =>
      JSON.parse(readFileSync(join(folder, name), 'utf8')) as { used: number });
    assert.equal(records.length, 1);
    assert.ok(records[0].used >= 160 * KB && records[0].used < 180 * KB, `used ${records[0].used}`);
  });
});
