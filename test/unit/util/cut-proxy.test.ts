// The cutting proxy used by the bad-network tests (test/util/cut-proxy.ts), against real TCP and HTTP
// servers: bytes pass both ways and are counted, a cut drops all connections at the byte limit (counted over
// connections, in either direction) and keeps the network down until restore(), uploads can be slowed.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { Server as HttpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startCutProxy } from '../../util/cut-proxy.ts';
import type { CutProxy } from '../../util/cut-proxy.ts';

/** A TCP server that counts what it receives and answers `reply(chunk)` to each chunk. */
async function tcpServer(reply: (data: Buffer, socket: Socket) => void = (): void => undefined):
Promise<{ server: Server; port: number; received: () => number }> {
  let received = 0;
  const server = createServer((socket): void => {
    socket.on('data', (data: Buffer): void => {
      received += data.length;
      reply(data, socket);
    });
    socket.on('error', (): void => undefined);
  });
  server.listen(0);
  await once(server, 'listening');
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : 0, received: (): number => received };
}

/** Connects to the proxy, sends `data` (when given), and collects what comes back until the socket closes. */
async function exchange(proxy: CutProxy, data?: Buffer, waitFor = 0):
Promise<{ received: Buffer; error?: string; socket: Socket }> {
  const socket = connect({ port: proxy.port, host: 'localhost' });
  const chunks: Buffer[] = [];
  let length = 0;
  let error: string | undefined;
  socket.on('data', (chunk: Buffer): void => {
    chunks.push(chunk);
    length += chunk.length;
    if (waitFor > 0 && length >= waitFor) {
      socket.end();
    }
  });
  socket.on('error', (cause: NodeJS.ErrnoException): void => {
    error = cause.code ?? cause.message;
  });
  await once(socket, 'connect');
  if (data) {
    socket.write(data);
  }
  if (waitFor === 0 && data) {
    socket.end();
  }
  await once(socket, 'close');
  return { received: Buffer.concat(chunks), error, socket };
}

async function stop(server: Server | HttpServer): Promise<void> {
  if ('closeAllConnections' in server) {
    server.closeAllConnections();
  }
  await new Promise((resolve): void => {
    server.close(resolve);
  });
}

describe('startCutProxy', (): void => {
  let echo: Awaited<ReturnType<typeof tcpServer>>;
  before(async(): Promise<void> => {
    echo = await tcpServer((data, socket): void => {
      socket.write(data);
    });
  });
  after(async(): Promise<void> => {
    await stop(echo.server);
  });

  it('passes bytes both ways unchanged and counts them', async(): Promise<void> => {
    const proxy = await startCutProxy({ targetPort: echo.port });
    try {
      assert.equal(proxy.url, `http://localhost:${proxy.port}/`);
      const data = randomBytes(200_000);
      const { received, error } = await exchange(proxy, data, data.length);
      assert.equal(error, undefined);
      assert.ok(received.equals(data), 'the echo comes back byte for byte');
      assert.equal(proxy.uploaded, data.length);
      assert.equal(proxy.downloaded, data.length);
      assert.equal(proxy.connections, 1);
      assert.equal(proxy.tripped, false);
    } finally {
      await proxy.close();
    }
  });

  it('drops every connection once the upload limit is reached over several connections, and stays down until restore()',
    async(): Promise<void> => {
      const sink = await tcpServer();
      const proxy = await startCutProxy({ targetPort: sink.port, cutAfterBytes: 1000 });
      try {
        // A connection that stays open, sending nothing: it is dropped by the cut made by the others.
        const idle = connect({ port: proxy.port, host: 'localhost' });
        idle.on('error', (): void => undefined);
        await once(idle, 'connect');
        const idleClosed = once(idle, 'close');
        const first = connect({ port: proxy.port, host: 'localhost' });
        first.on('error', (): void => undefined);
        await once(first, 'connect');
        first.write(randomBytes(600));
        while (sink.received() < 600) {
          await new Promise((resolve): void => {
            setTimeout(resolve, 10);
          });
        }
        assert.equal(proxy.tripped, false);
        const second = await exchange(proxy, randomBytes(600), 1);
        assert.equal(proxy.tripped, true, 'the second connection crossed the limit');
        await idleClosed;
        assert.ok(first.destroyed || first.readableEnded, 'the first connection was dropped too');
        assert.equal(second.received.length, 0);
        assert.equal(proxy.uploaded, 1000, 'exactly the bytes up to the limit went through');
        assert.ok(sink.received() <= 1000, `the server got ${sink.received()} bytes`);
        assert.ok(proxy.dropped >= 3, `dropped ${proxy.dropped}`);
        assert.equal(proxy.open, 0);

        const refused = await exchange(proxy, Buffer.from('hello'), 1);
        assert.equal(refused.received.length, 0, 'the network is down');
        assert.equal(proxy.uploaded, 1000);
        assert.equal(proxy.down, true);

        proxy.restore();
        assert.equal(proxy.down, false);
        const before = sink.received();
        const again = connect({ port: proxy.port, host: 'localhost' });
        await once(again, 'connect');
        again.end(Buffer.from('hello'));
        await once(again, 'close');
        while (sink.received() < before + 5) {
          await new Promise((resolve): void => {
            setTimeout(resolve, 10);
          });
        }
        assert.equal(proxy.uploaded, 1005, 'after restore() bytes pass again, with no cut');
      } finally {
        await proxy.close();
        await stop(sink.server);
      }
    });

  it('cuts on downloaded bytes when told so, and only once without stayDown', async(): Promise<void> => {
    const talker = await tcpServer((_data, socket): void => {
      socket.write(randomBytes(5000));
    });
    const proxy = await startCutProxy({ targetPort: talker.port, cutAfterBytes: 2000, cutDirection: 'download', stayDown: false });
    try {
      const cut = await exchange(proxy, Buffer.from('go'), 5000);
      assert.ok(cut.received.length <= 2000, `the client got ${cut.received.length} bytes`);
      assert.equal(proxy.downloaded, 2000);
      assert.equal(proxy.tripped, true);
      assert.equal(proxy.down, false);
      const next = await exchange(proxy, Buffer.from('go'), 5000);
      assert.equal(next.received.length, 5000, 'the next connection passes: the cut happened once');
      assert.equal(proxy.downloaded, 7000);
    } finally {
      await proxy.close();
      await stop(talker.server);
    }
  });

  it('arms a cut later, relative to the bytes already passed', async(): Promise<void> => {
    const proxy = await startCutProxy({ targetPort: echo.port });
    try {
      await exchange(proxy, randomBytes(3000), 3000);
      proxy.cutAfter(100);
      const cut = await exchange(proxy, randomBytes(3000), 3000);
      assert.ok(cut.received.length <= 100);
      assert.equal(proxy.uploaded, 3100);
    } finally {
      await proxy.close();
    }
  });

  it('slows uploads to the throttle rate', async(): Promise<void> => {
    const proxy = await startCutProxy({ targetPort: echo.port, throttleBytesPerSecond: 40_000 });
    try {
      const started = Date.now();
      const data = randomBytes(40_000);
      const { received } = await exchange(proxy, data, data.length);
      const ms = Date.now() - started;
      assert.ok(received.equals(data));
      assert.ok(ms >= 900, `40 kB at 40 kB/s took ${ms} ms`);
      assert.ok(ms < 5000, `40 kB at 40 kB/s took ${ms} ms`);
      proxy.throttle(null);
      const fast = Date.now();
      await exchange(proxy, data, data.length);
      assert.ok(Date.now() - fast < 500, 'without throttle it is fast again');
    } finally {
      await proxy.close();
    }
  });

  it('carries HTTP; a cut in the middle of a request body makes fetch fail', async(): Promise<void> => {
    const bodies: number[] = [];
    const http = createHttpServer((request, response): void => {
      let size = 0;
      request.on('data', (chunk: Buffer): void => {
        size += chunk.length;
      });
      request.on('end', (): void => {
        bodies.push(size);
        response.end(`got ${size}, host ${request.headers.host}`);
      });
    });
    http.listen(0);
    await once(http, 'listening');
    const address = http.address();
    const proxy = await startCutProxy({ targetPort: typeof address === 'object' && address ? address.port : 0 });
    try {
      for (let round = 0; round < 3; round += 1) {
        const response = await fetch(`${proxy.url}x`, { method: 'PUT', body: new Uint8Array(10_000) });
        assert.equal(await response.text(), `got 10000, host localhost:${proxy.port}`, 'the Host header is the proxy\'s');
      }
      assert.ok(proxy.uploaded > 30_000 && proxy.downloaded > 0);
      proxy.cutAfter(50_000);
      await assert.rejects(fetch(`${proxy.url}x`, { method: 'PUT', body: new Uint8Array(200_000) }), TypeError);
      assert.deepEqual(bodies, [ 10_000, 10_000, 10_000 ], 'the cut request never completed on the server');
      await assert.rejects(fetch(`${proxy.url}x`), TypeError, 'down until restore()');
      proxy.restore();
      assert.equal(await (await fetch(`${proxy.url}x`, { method: 'PUT', body: 'ok' })).text(), `got 2, host localhost:${proxy.port}`);
    } finally {
      await proxy.close();
      await stop(http);
    }
  });

  it('listens on a given port, so a fresh proxy can replace a closed one', async(): Promise<void> => {
    const first = await startCutProxy({ targetPort: echo.port });
    const { port } = first;
    await first.close();
    const second = await startCutProxy({ targetPort: echo.port, port });
    try {
      assert.equal(second.port, port);
      const data = Buffer.from('again');
      assert.ok((await exchange(second, data, data.length)).received.equals(data));
    } finally {
      await second.close();
    }
  });
});
