// A real TCP proxy in front of a test server, to prove that tools survive a bad network: it can drop every
// connection once a number of bytes went through (a network cut mid-transfer), and slow the bytes that go
// from the client to the server (an upload that streams for a long time). Bytes are passed as they are: the
// HTTP Host header stays the proxy's host:port, so the server behind must be started with the proxy's URL
// as its base URL (CSS refuses requests for URLs outside its base URL, and writes its base URL into
// `Link` headers, tokens and listings: everything the client is told then goes through the proxy too).
import { once } from 'node:events';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

/** `upload`: bytes from the client to the server; `download`: from the server to the client. */
export type CutDirection = 'upload' | 'download';

export interface CutProxyOptions {
  /** The port of the server behind the proxy. */
  targetPort: number;
  /** Its host (default localhost). */
  targetHost?: string;
  /** The port to listen on (default: a free one). Reusing a closed proxy's port gives a "fresh" proxy. */
  port?: number;
  /**
   * Drop all connections once this many bytes went through in `cutDirection`, counted over all
   * connections since the proxy started (or since restore()). The bytes up to the limit are passed.
   */
  cutAfterBytes?: number | null;
  /** Which bytes count towards `cutAfterBytes` (default `upload`). */
  cutDirection?: CutDirection;
  /**
   * After the cut, whether the network stays down (new connections are closed at once) until restore()
   * (default true), or only the connections open at that moment are dropped.
   */
  stayDown?: boolean;
  /** Passes client→server bytes at most at this rate, per connection (default: no limit). */
  throttleBytesPerSecond?: number | null;
}

export interface CutProxy {
  /** `http://localhost:<port>/`. */
  readonly url: string;
  readonly port: number;
  /** Bytes passed from clients to the server, over all connections. */
  readonly uploaded: number;
  /** Bytes passed from the server to clients. */
  readonly downloaded: number;
  /** Connections accepted (including the ones refused while down). */
  readonly connections: number;
  /** Connections open right now. */
  readonly open: number;
  /** Connections dropped by the cut (open ones, then refused ones while down). */
  readonly dropped: number;
  /** Whether the cut happened (since the start or the last restore()). */
  readonly tripped: boolean;
  /** Whether new connections are refused (tripped with stayDown). */
  readonly down: boolean;
  /** Sets (or clears, with null) the throttle for connections and bytes from now on. */
  throttle: (bytesPerSecond: number | null) => void;
  /** Arms a cut after `bytes` more bytes in `direction` (null: disarms). */
  cutAfter: (bytes: number | null, direction?: CutDirection) => void;
  /** Network up again: no cut armed, new connections pass. Counters are kept. */
  restore: () => void;
  /** Stops listening and drops all connections. */
  close: () => Promise<void>;
}

const TICK_MS = 50;

async function sleep(ms: number): Promise<void> {
  return new Promise((resolve): void => {
    setTimeout(resolve, ms);
  });
}

/** Starts the proxy; resolves once it listens. */
export async function startCutProxy(options: CutProxyOptions): Promise<CutProxy> {
  const targetHost = options.targetHost ?? 'localhost';
  const stayDown = options.stayDown ?? true;
  let throttle = options.throttleBytesPerSecond ?? null;
  let cutDirection: CutDirection = options.cutDirection ?? 'upload';
  // The cut fires when the counter of its direction reaches this total.
  let cutAt: number | null = options.cutAfterBytes ?? null;
  let uploaded = 0;
  let downloaded = 0;
  let connections = 0;
  let dropped = 0;
  let tripped = false;
  let down = false;
  const pairs = new Set<[ Socket, Socket ]>();

  const dropAll = (counted: boolean): void => {
    for (const [ client, server ] of pairs) {
      dropped += counted ? 1 : 0;
      client.destroy();
      server.destroy();
    }
    pairs.clear();
  };

  /**
   * How many bytes of a chunk of `size` bytes in `direction` may pass before the cut (the whole chunk when
   * no cut is armed); counts them.
   */
  const allow = (direction: CutDirection, size: number): number => {
    const passed = direction === 'upload' ? uploaded : downloaded;
    const room = cutAt !== null && direction === cutDirection ? Math.max(0, cutAt - passed) : size;
    const count = Math.min(size, room);
    if (direction === 'upload') {
      uploaded += count;
    } else {
      downloaded += count;
    }
    return count;
  };

  const trip = (): void => {
    tripped = true;
    down = stayDown;
    cutAt = null;
    dropAll(true);
  };

  /** Pipes `from` into `to`, counting, throttling uploads, and cutting when the limit is reached. */
  const pump = async(from: Socket, to: Socket, direction: CutDirection): Promise<void> => {
    for await (const data of from as AsyncIterable<Buffer>) {
      const rate = direction === 'upload' ? throttle : null;
      const slice = rate ? Math.max(1, Math.floor(rate * TICK_MS / 1000)) : data.length;
      for (let offset = 0; offset < data.length; offset += slice) {
        const part = data.subarray(offset, offset + slice);
        const count = allow(direction, part.length);
        if (count > 0 && !to.destroyed) {
          // Flushed to the kernel before the cut, so the server gets exactly the bytes up to the limit.
          await new Promise<void>((resolve): void => {
            to.write(part.subarray(0, count), (): void => resolve());
          });
        }
        if (count < part.length) {
          trip();
          return;
        }
        if (to.destroyed) {
          return;
        }
        if (rate) {
          await sleep(part.length / rate * 1000);
        }
      }
    }
    to.end();
  };

  const server: Server = createServer((client): void => {
    connections += 1;
    if (down) {
      dropped += 1;
      client.destroy();
      return;
    }
    client.pause();
    const upstream = connect({ host: targetHost, port: options.targetPort });
    const pair: [ Socket, Socket ] = [ client, upstream ];
    pairs.add(pair);
    const close = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    upstream.once('connect', (): void => {
      pump(client, upstream, 'upload').catch(close);
      pump(upstream, client, 'download').catch(close);
    });
  });
  server.listen(options.port ?? 0);
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    url: `http://localhost:${port}/`,
    port,
    get uploaded(): number {
      return uploaded;
    },
    get downloaded(): number {
      return downloaded;
    },
    get connections(): number {
      return connections;
    },
    get open(): number {
      return pairs.size;
    },
    get dropped(): number {
      return dropped;
    },
    get tripped(): boolean {
      return tripped;
    },
    get down(): boolean {
      return down;
    },
    throttle: (bytesPerSecond): void => {
      throttle = bytesPerSecond;
    },
    cutAfter: (bytes, direction = 'upload'): void => {
      cutDirection = direction;
      cutAt = bytes === null ? null : (direction === 'upload' ? uploaded : downloaded) + bytes;
    },
    restore: (): void => {
      cutAt = null;
      tripped = false;
      down = false;
    },
    close: async(): Promise<void> => {
      const closed = new Promise<void>((resolve): void => {
        server.close((): void => resolve());
      });
      dropAll(false);
      await closed;
    },
  };
}
