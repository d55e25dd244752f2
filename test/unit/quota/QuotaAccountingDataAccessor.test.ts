// The per-pod quota as a user meets it: uploads that fit are stored byte for byte, uploads that do not are
// refused with 413 and change nothing, and the count follows replacements and deletions.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { DataAccessor, FileIdentifierMapper, ResourceIdentifier } from '@solid/community-server';
import { guardStream, RepresentationMetadata } from '@solid/community-server';
import {
  DEFAULT_POD_QUOTA_BYTES, parseByteSize, QuotaAccountingDataAccessor,
} from '../../../components/dist/quota/QuotaAccountingDataAccessor.js';
import { PodUsageStore } from '../../../components/dist/quota/PodUsageStore.js';

const BASE = 'http://localhost:3000/';
const POD = `${BASE}camille/`;

function bytes(size: number, seed = 1): Buffer {
  return Buffer.from(Array.from({ length: size }, (_, i): number => (i * seed + 13) % 251));
}

/**
 * An atomic in-memory accessor: it reads the whole body, then stores it (and writes the mapped file, so that
 * sizes on disk are real); a body that fails midway stores nothing.
 */
class FakeAccessor {
  public readonly writes: string[] = [];
  public readonly stored = new Map<string, Buffer>();
  public readonly receiving = new Map<string, number>();
  private readonly root: string;

  public constructor(root: string) {
    this.root = root;
  }

  public fileOf(identifier: ResourceIdentifier): string {
    return join(this.root, identifier.path.slice(BASE.length));
  }

  public readonly accessor = {
    canHandle: async(): Promise<void> => undefined,
    writeDocument: async(identifier: ResourceIdentifier, data: Readable): Promise<void> => {
      this.writes.push(identifier.path);
      const chunks: Buffer[] = [];
      this.receiving.set(identifier.path, 0);
      for await (const chunk of data) {
        chunks.push(Buffer.from(chunk as Buffer));
        this.receiving.set(identifier.path, (this.receiving.get(identifier.path) ?? 0) + (chunk as Buffer).length);
      }
      const body = Buffer.concat(chunks);
      mkdirSync(dirname(this.fileOf(identifier)), { recursive: true });
      writeFileSync(this.fileOf(identifier), body);
      this.stored.set(identifier.path, body);
    },
    deleteResource: async(identifier: ResourceIdentifier): Promise<void> => {
      if (!identifier.path.endsWith('/')) {
        unlinkSync(this.fileOf(identifier));
        this.stored.delete(identifier.path);
      }
    },
  } as unknown as DataAccessor;

  public readonly mapper = {
    mapUrlToFilePath: async(identifier: ResourceIdentifier, isMetadata: boolean):
    Promise<{ identifier: ResourceIdentifier; filePath: string; isMetadata: boolean }> =>
      ({ identifier, filePath: this.fileOf(identifier), isMetadata }),
  } as unknown as FileIdentifierMapper;
}

describe('QuotaAccountingDataAccessor', (): void => {
  let root: string;
  let data: string;
  let fake: FakeAccessor;
  let usage: PodUsageStore;
  let run = 0;

  before((): void => {
    root = mkdtempSync(join(tmpdir(), 'cartable-quota-'));
  });
  after((): void => {
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach((): void => {
    run += 1;
    data = join(root, `data${run}`);
    mkdirSync(join(data, 'camille'), { recursive: true });
    fake = new FakeAccessor(data);
    usage = new PodUsageStore(data);
  });

  const accessor = (quota: number | string = 100): QuotaAccountingDataAccessor =>
    new QuotaAccountingDataAccessor(fake.accessor, usage, fake.mapper, BASE, quota);
  const used = async(pod = POD): Promise<number> => usage.getUsed(pod, join(data, pod.slice(BASE.length)));

  /** Writes `body` (a buffer, or chunks streamed one by one) as `path`, optionally declaring its length. */
  async function write(target: QuotaAccountingDataAccessor, path: string, body: Buffer | Buffer[], declared?: number):
  Promise<void> {
    const identifier = { path: path.startsWith('http') ? path : `${POD}${path}` };
    const metadata = new RepresentationMetadata(identifier);
    if (declared !== undefined) {
      metadata.contentLength = declared;
    }
    const stream = Readable.from(Array.isArray(body) ? body : [ body ], { objectMode: false });
    return target.writeDocument(identifier, guardStream(stream), metadata);
  }

  /** Starts writing a body that the test feeds chunk by chunk. */
  function streamTo(target: QuotaAccountingDataAccessor, path: string, body: PassThrough): Promise<void> {
    const identifier = { path: `${POD}${path}` };
    return target.writeDocument(identifier, guardStream(body), new RepresentationMetadata(identifier));
  }

  /** Waits until the wrapped accessor has received `size` bytes of `path`. */
  async function received(path: string, size: number): Promise<void> {
    const deadline = Date.now() + 5000;
    while (fake.receiving.get(`${POD}${path}`) !== size && Date.now() < deadline) {
      await sleep(1);
    }
    assert.equal(fake.receiving.get(`${POD}${path}`), size, path);
  }

  function isQuotaError(error: unknown): boolean {
    assert.ok(error instanceof Error, String(error));
    assert.equal((error as { statusCode?: number }).statusCode, 413);
    assert.equal(error.name, 'PayloadHttpError');
    assert.match(error.message, /quota is full/u);
    return true;
  }

  it('stores an upload that fits byte for byte, and counts it', async(): Promise<void> => {
    const body = bytes(80, 7);
    await write(accessor(), 'drive/a.bin', [ body.subarray(0, 30), body.subarray(30) ], 80);
    assert.deepEqual(fake.stored.get(`${POD}drive/a.bin`), body);
    assert.equal(await used(), 80);
  });

  it('accepts an upload that fills the quota exactly, and nothing more after it', async(): Promise<void> => {
    const quota = accessor();
    await write(quota, 'drive/a.bin', bytes(100), 100);
    await assert.rejects(write(quota, 'drive/b.bin', bytes(1), 1), isQuotaError);
    await assert.rejects(write(quota, 'drive/c.bin', bytes(1)), isQuotaError);
    assert.equal(await used(), 100);
  });

  it('refuses with 413 before storing anything when the Content-Length cannot fit', async(): Promise<void> => {
    const identifier = { path: `${POD}drive/big.bin` };
    const metadata = new RepresentationMetadata(identifier);
    metadata.contentLength = 101;
    const body = new PassThrough();
    await assert.rejects(accessor().writeDocument(identifier, guardStream(body), metadata), (error: Error): boolean => {
      isQuotaError(error);
      assert.match(error.message, /needs 101 bytes but only 100 of 100 bytes are free/u);
      return true;
    });
    assert.deepEqual(fake.writes, [], 'the wrapped accessor was never called');
    assert.equal(body.destroyed, true, 'the request body is discarded');
    assert.equal(await used(), 0);
  });

  it('stops a streamed upload as soon as it goes over, storing nothing and counting nothing', async(): Promise<void> => {
    const quota = accessor();
    await write(quota, 'drive/old.bin', bytes(30, 3));
    const body = new PassThrough();
    const done = streamTo(quota, 'drive/new.bin', body);
    const outcome = done.then((): string => 'stored', (error: unknown): string => (isQuotaError(error) ? 'refused' : 'other'));
    body.write(bytes(40));
    await received('drive/new.bin', 40);
    body.write(bytes(40));
    assert.equal(await outcome, 'refused', 'refused while the client is still sending');
    assert.equal(fake.receiving.get(`${POD}drive/new.bin`), 40, 'the body was cut off at the quota');
    assert.equal(fake.stored.has(`${POD}drive/new.bin`), false);
    assert.deepEqual(fake.stored.get(`${POD}drive/old.bin`), bytes(30, 3));
    assert.equal(await used(), 30);
    assert.equal(usage.getInFlight(POD), 0);
  });

  it('refuses a streamed upload that goes over at once', async(): Promise<void> => {
    const chunks = Array.from({ length: 5 }, (_, i): Buffer => bytes(40, i + 1));
    await assert.rejects(write(accessor(), 'drive/new.bin', chunks), isQuotaError);
    assert.equal(fake.stored.has(`${POD}drive/new.bin`), false);
    assert.equal(await used(), 0);
  });

  it('refuses a replacement that does not fit, keeping the old version', async(): Promise<void> => {
    const quota = accessor();
    await write(quota, 'drive/a.bin', bytes(60, 2));
    await assert.rejects(write(quota, 'drive/a.bin', [ bytes(60), bytes(60) ]), isQuotaError);
    assert.deepEqual(fake.stored.get(`${POD}drive/a.bin`), bytes(60, 2));
    assert.equal(await used(), 60);
  });

  it('counts only the difference when a file is replaced', async(): Promise<void> => {
    const quota = accessor();
    await write(quota, 'drive/a.bin', bytes(60));
    await write(quota, 'drive/a.bin', bytes(80));
    assert.equal(await used(), 80);
    await write(quota, 'drive/a.bin', bytes(20));
    assert.equal(await used(), 20);
  });

  it('lets a file grow into the space it already takes', async(): Promise<void> => {
    const quota = accessor();
    await write(quota, 'drive/a.bin', bytes(90));
    await write(quota, 'drive/a.bin', bytes(95), 95);
    assert.equal(await used(), 95);
  });

  it('frees the space of a deleted file', async(): Promise<void> => {
    const quota = accessor();
    await write(quota, 'drive/a.bin', bytes(60));
    await write(quota, 'drive/b.bin', bytes(30));
    await quota.deleteResource({ path: `${POD}drive/a.bin` });
    assert.equal(await used(), 30);
    await write(quota, 'drive/c.bin', bytes(70), 70);
    assert.equal(await used(), 100);
  });

  it('changes nothing when a container is deleted', async(): Promise<void> => {
    const quota = accessor();
    await write(quota, 'drive/a.bin', bytes(60));
    await quota.deleteResource({ path: `${POD}photos/` });
    assert.equal(await used(), 60);
  });

  it('never counts server data under /.internal/ or documents at the server root', async(): Promise<void> => {
    const quota = accessor(10);
    await write(quota, `${BASE}.internal/accounts/data/x.json`, bytes(100), 100);
    await write(quota, `${BASE}readme`, bytes(100), 100);
    await write(quota, `${BASE}.well-known/solid`, bytes(100));
    assert.equal(fake.stored.get(`${BASE}.internal/accounts/data/x.json`)?.length, 100);
    assert.equal(fake.stored.get(`${BASE}readme`)?.length, 100);
    await quota.deleteResource({ path: `${BASE}readme` });
    assert.deepEqual(readdirSync(data).sort(), [ '.internal', '.well-known', 'camille' ]);
    assert.deepEqual(readdirSync(join(data, '.internal')), [ 'accounts' ], 'no usage record was made');
  });

  it('counts each pod against its own quota', async(): Promise<void> => {
    const quota = accessor();
    await write(quota, 'drive/a.bin', bytes(100));
    await write(quota, `${BASE}lina/drive/a.bin`, bytes(100), 100);
    assert.equal(await used(`${BASE}lina/`), 100);
    assert.equal(await used(), 100);
  });

  it('does not let two uploads at once overshoot the quota together', async(): Promise<void> => {
    const quota = accessor();
    const first = new PassThrough();
    const second = new PassThrough();
    const firstDone = streamTo(quota, 'drive/first.bin', first);
    const secondDone = streamTo(quota, 'drive/second.bin', second);
    const secondResult = secondDone.then((): string => 'stored', (error: Error): string => error.name);
    first.write(bytes(30));
    await received('drive/first.bin', 30);
    second.write(bytes(30));
    await received('drive/second.bin', 30);
    assert.equal(usage.getInFlight(POD), 60);
    first.write(bytes(30));
    await received('drive/first.bin', 60);
    second.write(bytes(30));
    assert.equal(await secondResult, 'PayloadHttpError');
    first.end();
    await firstDone;
    assert.equal(fake.stored.get(`${POD}drive/first.bin`)?.length, 60);
    assert.equal(fake.stored.has(`${POD}drive/second.bin`), false);
    assert.equal(await used(), 60);
    assert.equal(usage.getInFlight(POD), 0);
  });

  it('counts nothing when the client breaks off an upload', async(): Promise<void> => {
    const body = new PassThrough();
    const done = streamTo(accessor(), 'drive/a.bin', body);
    body.write(bytes(20));
    await received('drive/a.bin', 20);
    body.destroy(new Error('connection reset'));
    await assert.rejects(done, /connection reset/u);
    assert.equal(fake.stored.has(`${POD}drive/a.bin`), false);
    assert.equal(await used(), 0);
    assert.equal(usage.getInFlight(POD), 0);
  });

  it('takes the quota as a size with a unit', async(): Promise<void> => {
    const quota = accessor('0.1kB');
    await write(quota, 'drive/a.bin', bytes(100), 100);
    await assert.rejects(write(quota, 'drive/b.bin', bytes(1), 1), isQuotaError);
  });
});

describe('parseByteSize', (): void => {
  it('reads sizes in decimal and binary units', (): void => {
    assert.equal(parseByteSize('5GB'), 5_000_000_000);
    assert.equal(parseByteSize('500 MB'), 500_000_000);
    assert.equal(parseByteSize('1.5GiB'), 1_610_612_736);
    assert.equal(parseByteSize('300kB'), 300_000);
    assert.equal(parseByteSize('2KiB'), 2048);
    assert.equal(parseByteSize('1TB'), 1_000_000_000_000);
    assert.equal(parseByteSize(' 12 b '), 12);
    assert.equal(parseByteSize('7'), 7);
    assert.equal(parseByteSize('1.5mb'), 1_500_000);
  });

  it('takes a number as bytes', (): void => {
    assert.equal(parseByteSize(1234), 1234);
  });

  it('has a default of 5 GB per pod', (): void => {
    assert.equal(DEFAULT_POD_QUOTA_BYTES, parseByteSize('5GB'));
  });

  for (const bad of [ 'lots', '', 'GB', '-5GB', '5 PB', '5GBs', '1,5GB', '5 G B' ]) {
    it(`refuses ${JSON.stringify(bad)}, quoting it`, (): void => {
      assert.throws((): number => parseByteSize(bad), {
        message: `Invalid size ${JSON.stringify(bad)}: expected bytes or a number with kB, MB, GB, TB (or KiB…)`,
      });
    });
  }
});
