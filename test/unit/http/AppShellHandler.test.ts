// The app shell: browsers get Cartable's apps, Solid clients and everything else fall through to LDP,
// and nothing outside an app's folder is ever served.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import type { HttpHandlerInput } from '@solid/community-server';
import { NotImplementedHttpError } from '@solid/community-server';
import { AppShellHandler } from '../../../components/dist/http/AppShellHandler.js';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const INDEX = '<!doctype html><title>Cartable</title>';
const SCRIPT = 'console.log("home");\n';
const SECRET = 'outside the apps folder';

/** A response that records what the handler sends. */
class FakeResponse extends PassThrough {
  public status = 0;
  public headers: Record<string, string> = {};
  public readonly done: Promise<string>;

  public constructor() {
    super();
    const chunks: Buffer[] = [];
    this.on('data', (chunk: Buffer): void => {
      chunks.push(chunk);
    });
    this.done = new Promise((resolve, reject): void => {
      this.on('end', (): void => resolve(Buffer.concat(chunks).toString('utf8')));
      this.on('error', reject);
    });
  }

  public writeHead(status: number, headers: Record<string, string>): this {
    this.status = status;
    this.headers = headers;
    return this;
  }
}

interface Outcome {
  /** False when the handler declined (the request goes on to LDP). */
  handled: boolean;
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

describe('AppShellHandler', (): void => {
  let folder: string;
  let handler: AppShellHandler;

  before((): void => {
    folder = mkdtempSync(join(tmpdir(), 'cartable-appshell-'));
    mkdirSync(join(folder, 'apps', 'home'), { recursive: true });
    writeFileSync(join(folder, 'apps', 'home', 'index.html'), INDEX);
    writeFileSync(join(folder, 'apps', 'home', 'app.js'), SCRIPT);
    // Files next to the apps folder that must never be reachable through it.
    writeFileSync(join(folder, 'x'), SECRET);
    writeFileSync(join(folder, 'index.html'), SECRET);
    mkdirSync(join(folder, 'etc'));
    writeFileSync(join(folder, 'etc', 'passwd'), SECRET);
    handler = new AppShellHandler(join(folder, 'apps'));
  });
  after((): void => {
    rmSync(folder, { recursive: true, force: true });
  });

  /** Asks the handler as CSS's waterfall would: canHandle first, then handle. */
  async function serve(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Outcome> {
    const response = new FakeResponse();
    const input = { request: { method, url, headers }, response } as unknown as HttpHandlerInput;
    try {
      await handler.canHandle(input);
    } catch (error: unknown) {
      assert.ok(error instanceof NotImplementedHttpError, `declines with NotImplementedHttpError, got ${String(error)}`);
      return { handled: false };
    }
    await handler.handle(input);
    const body = await response.done;
    return { handled: true, status: response.status, headers: response.headers, body };
  }

  it('gives a browser navigating to / the home page, never cached', async(): Promise<void> => {
    const outcome = await serve('/', { accept: BROWSER });
    assert.equal(outcome.status, 200);
    assert.equal(outcome.body, INDEX);
    assert.equal(outcome.headers?.['content-type'], 'text/html; charset=utf-8');
    assert.equal(outcome.headers?.['cache-control'], 'no-store');
    assert.equal(outcome.headers?.['content-length'], String(Buffer.byteLength(INDEX)));
    assert.match(outcome.headers?.['content-security-policy'] ?? '', /frame-ancestors 'none'/u);
  });

  it('leaves / asked for as RDF or anything to LDP', async(): Promise<void> => {
    assert.deepEqual(await serve('/', { accept: 'text/turtle' }), { handled: false });
    assert.deepEqual(await serve('/', { accept: '*/*' }), { handled: false });
    assert.deepEqual(await serve('/', {}), { handled: false });
  });

  it('leaves URLs outside the apps prefix to LDP', async(): Promise<void> => {
    assert.deepEqual(await serve('/camille/drive/', { accept: BROWSER }), { handled: false });
    assert.deepEqual(await serve('/apps', { accept: BROWSER }), { handled: false });
    assert.deepEqual(await serve('/apps/', { accept: BROWSER }), { handled: false });
  });

  it('gives an app folder and its deep links the app page', async(): Promise<void> => {
    for (const url of [ '/apps/home/', '/apps/home', '/apps/home/deep/link', '/apps/home/deep/link?tab=2#top' ]) {
      const outcome = await serve(url);
      assert.equal(outcome.status, 200, url);
      assert.equal(outcome.body, INDEX, url);
      assert.equal(outcome.headers?.['cache-control'], 'no-store', url);
    }
  });

  it('serves an app script with an ETag, revalidated on every use', async(): Promise<void> => {
    const outcome = await serve('/apps/home/app.js?v=1');
    assert.equal(outcome.status, 200);
    assert.equal(outcome.body, SCRIPT);
    assert.equal(outcome.headers?.['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(outcome.headers?.['cache-control'], 'no-cache');
    assert.equal(outcome.headers?.['x-content-type-options'], 'nosniff');
    assert.match(outcome.headers?.etag ?? '', /^".+"$/u);
  });

  it('answers 304 without a body when the script has not changed', async(): Promise<void> => {
    const etag = (await serve('/apps/home/app.js')).headers?.etag ?? '';
    const outcome = await serve('/apps/home/app.js', { 'if-none-match': etag });
    assert.equal(outcome.status, 304);
    assert.equal(outcome.body, '');
    assert.equal(outcome.headers?.etag, etag);
    const stale = await serve('/apps/home/app.js', { 'if-none-match': '"stale"' });
    assert.equal(stale.status, 200);
    assert.equal(stale.body, SCRIPT);
  });

  it('always sends pages in full, even with a matching ETag', async(): Promise<void> => {
    const etag = (await serve('/apps/home/')).headers?.etag ?? '';
    const outcome = await serve('/apps/home/', { 'if-none-match': etag });
    assert.equal(outcome.status, 200);
    assert.equal(outcome.body, INDEX);
  });

  it('answers HEAD with the headers only', async(): Promise<void> => {
    const outcome = await serve('/apps/home/app.js', {}, 'HEAD');
    assert.equal(outcome.status, 200);
    assert.equal(outcome.headers?.['content-length'], String(Buffer.byteLength(SCRIPT)));
    assert.equal(outcome.body, '');
  });

  it('refuses other methods, so that POST and PUT reach LDP', async(): Promise<void> => {
    assert.deepEqual(await serve('/apps/home/app.js', {}, 'POST'), { handled: false });
    assert.deepEqual(await serve('/', { accept: BROWSER }, 'PUT'), { handled: false });
  });

  it('answers 404 for a missing file or app, never cached', async(): Promise<void> => {
    for (const url of [ '/apps/home/missing.js', '/apps/nope/', '/apps/nope/deep/link' ]) {
      const outcome = await serve(url);
      assert.equal(outcome.status, 404, url);
      assert.equal(outcome.headers?.['cache-control'], 'no-store', url);
      assert.match(outcome.body ?? '', /Not found/u, url);
    }
  });

  for (const url of [
    '/apps/home/../../etc/passwd',
    '/apps/home/%2e%2e/%2e%2e/etc/passwd',
    '/apps/home/..%2F..%2Fetc%2Fpasswd',
    '/apps/home/%00',
    '/apps/home/app.js%00.html',
    '/apps/%E0%A4%A',
  ]) {
    it(`does not serve ${url}`, async(): Promise<void> => {
      const outcome = await serve(url);
      assert.equal(outcome.handled, false, `declined, got ${JSON.stringify(outcome)}`);
    });
  }

  // An encoded ".." as the app name once made the parent of the apps folder count as an app.
  it('does not serve files next to the apps folder through an app named ".."', {
  }, async(): Promise<void> => {
    for (const url of [ '/apps/%2e%2e/x', '/apps/..%2Fx', '/apps/%2E%2E/' ]) {
      const outcome = await serve(url);
      assert.notEqual(outcome.body, SECRET, `${url} served a file outside the apps folder: ${JSON.stringify(outcome)}`);
      assert.equal(outcome.handled, false, `${url} declined, got ${JSON.stringify(outcome)}`);
    }
  });
});
