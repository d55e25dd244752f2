// Starting and restarting Cartable: data folder checks, port in use, data kept across restarts, clean stop.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createAccountWithPod, sessionFor } from '../util/accounts.ts';
import { freePort, startTestServer } from '../util/cartable.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const folders: string[] = [];
function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'cartable-start-'));
  folders.push(folder);
  return folder;
}

/** Runs `bin/cartable.mjs` as a user would and collects its exit code and output. */
function cli(args: string[], until?: RegExp): Promise<{ code: number | null; output: string; child: ReturnType<typeof spawn> }> {
  return new Promise((resolve): void => {
    const child = spawn(process.execPath, [ join(ROOT, 'bin', 'cartable.mjs'), ...args ], { cwd: ROOT, env: { ...process.env, CARTABLE_LOG_LEVEL: 'warn' } });
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (until?.test(output)) {
        resolve({ code: null, output, child });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code): void => resolve({ code, output, child }));
  });
}

describe('starting Cartable', (): void => {
  after((): void => {
    for (const folder of folders) {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('refuses a foreign data folder and changes nothing in it', async(): Promise<void> => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'thesis.docx'), 'precious');
    mkdirSync(join(folder, 'photos'));
    const { code, output } = await cli([ '--data', folder, '--port', String(await freePort()), '--no-demo' ]);
    assert.equal(code, 1);
    assert.match(output, /not a Cartable data folder/u);
    assert.deepEqual(readdirSync(folder).sort(), [ 'photos', 'thesis.docx' ]);
    assert.equal(readFileSync(join(folder, 'thesis.docx'), 'utf8'), 'precious');
  });

  it('refuses a data folder of a newer format, and a corrupt marker', async(): Promise<void> => {
    const newer = tempFolder();
    writeFileSync(join(newer, '.cartable-data.json'), JSON.stringify({ format: 'cartable-data', version: 99 }));
    let result = await cli([ '--data', newer, '--port', String(await freePort()) ]);
    assert.equal(result.code, 1);
    assert.match(result.output, /newer than this Cartable supports/u);
    const corrupt = tempFolder();
    writeFileSync(join(corrupt, '.cartable-data.json'), '{ nope');
    result = await cli([ '--data', corrupt, '--port', String(await freePort()) ]);
    assert.equal(result.code, 1);
    assert.match(result.output, /unreadable or not JSON/u);
    assert.deepEqual(readdirSync(corrupt), [ '.cartable-data.json' ]);
  });

  it('says so when the port is in use', async(): Promise<void> => {
    const blocker = createServer();
    const port = await new Promise<number>((resolve): void => {
      blocker.listen(0, (): void => resolve((blocker.address() as { port: number }).port));
    });
    try {
      const { code, output } = await cli([ '--data', tempFolder(), '--port', String(port), '--no-demo' ]);
      assert.equal(code, 1);
      assert.match(output, new RegExp(`Port ${port} is already in use`, 'u'));
    } finally {
      blocker.close();
    }
  });

  it('explains bad options, naming the option or the settings key', async(): Promise<void> => {
    let result = await cli([ '--port', 'http' ]);
    assert.equal(result.code, 2);
    assert.match(result.output, /Invalid port "http" \(from option --port\)/u);
    const settings = join(tempFolder(), 'settings.json');
    writeFileSync(settings, JSON.stringify({ port: 3000, qouta: '5GB' }));
    result = await cli([ '--settings', settings ]);
    assert.equal(result.code, 2);
    assert.match(result.output, /unknown key "qouta"/u);
    assert.ok(result.output.includes(settings), 'the message names the file');
    writeFileSync(settings, JSON.stringify({ demo: 'yes' }));
    result = await cli([ '--settings', settings ]);
    assert.match(result.output, /key "demo" must be a boolean/u);
    result = await cli([ '--base-url', 'ftp://x/' ]);
    assert.match(result.output, /Invalid base URL/u);
  });

  it('keeps every byte across a restart', async(): Promise<void> => {
    const data = tempFolder();
    const port = await freePort();
    let server = await startTestServer({ data, port });
    const pupil = await createAccountWithPod(server.url, 'r3st4rt');
    let session = await sessionFor(server.url, pupil);
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i): number => (i * 31) % 256));
    assert.equal((await session.fetch(`${pupil.pod}drive/kept.bin`, { method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' }, body: bytes })).status, 201);
    await session.logout();
    await server.stop();

    server = await startTestServer({ data, port });
    try {
      session = await sessionFor(server.url, pupil);
      const read = Buffer.from(await (await session.fetch(`${pupil.pod}drive/kept.bin`)).arrayBuffer());
      assert.deepEqual(read, bytes);
      await session.logout();
    } finally {
      await server.stop();
    }
  });

  it('starts with npm start defaults: the simulated ENT beside Cartable; stops both cleanly on Ctrl-C', async(): Promise<void> => {
    const data = tempFolder();
    const port = await freePort();
    const simPort = await freePort();
    const started = await cli([ '--data', data, '--port', String(port), '--ent-sim-port', String(simPort) ], /listening at/u);
    assert.match(started.output, /listening at http:\/\/localhost:\d+\//u);
    assert.match(started.output, new RegExp(`Simulated ENT \\(demo school\\) at http://127.0.0.1:${simPort}`, 'u'));
    const home = await fetch(`http://localhost:${port}/`, { headers: { accept: 'text/html' } });
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<html/u);
    const discovery = await fetch(`http://127.0.0.1:${simPort}/.well-known/openid-configuration`);
    assert.equal(discovery.status, 200, 'the simulated ENT answers');
    const signIn = await fetch(`http://localhost:${port}/.account/login/ent/`, { redirect: 'manual' });
    assert.equal(signIn.status, 303);
    assert.ok(signIn.headers.get('location')?.startsWith(`http://127.0.0.1:${simPort}/idp/profile/oidc/authorize?`));
    const exited = new Promise<number | null>((resolve): void => {
      started.child.on('close', resolve);
    });
    started.child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.ok(readdirSync(data).includes('.cartable-data.json'));
    await assert.rejects(fetch(`http://127.0.0.1:${simPort}/.well-known/openid-configuration`), 'the simulated ENT stopped too');
  });

  it('seeds the password demo school once when no ENT is used', async(): Promise<void> => {
    const data = tempFolder();
    const port = await freePort();
    const started = await cli([ '--data', data, '--port', String(port), '--no-ent-sim' ], /listening at/u);
    const profile = await fetch(`http://localhost:${port}/p3f9a1c27e0/profile/card`);
    assert.equal(profile.status, 200, 'the demo pupil has a pod');
    const exited = new Promise<number | null>((resolve): void => {
      started.child.on('close', resolve);
    });
    started.child.kill('SIGINT');
    assert.equal(await exited, 0);
  });
});
