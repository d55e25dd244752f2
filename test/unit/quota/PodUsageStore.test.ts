// Pod usage is counted from disk once, then kept up to date and persisted, without lost updates.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as tick } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import { PodUsageStore } from '../../../components/dist/quota/PodUsageStore.js';

const BASE = 'http://localhost:3000/';

describe('PodUsageStore', (): void => {
  let root: string;
  let counter = 0;

  before((): void => {
    root = mkdtempSync(join(tmpdir(), 'cartable-usage-'));
  });
  after((): void => {
    rmSync(root, { recursive: true, force: true });
  });

  /** A fresh data folder with one pod holding 100 + 20 bytes of documents and a .meta side file. */
  function dataFolder(): { data: string; pod: string; podFolder: string } {
    counter += 1;
    const data = join(root, `data${counter}`);
    const podFolder = join(data, 'camille');
    mkdirSync(join(podFolder, 'drive', 'deep'), { recursive: true });
    writeFileSync(join(podFolder, 'drive', 'a.bin'), Buffer.alloc(100));
    writeFileSync(join(podFolder, 'drive', 'deep', 'b.txt'), Buffer.alloc(20));
    writeFileSync(join(podFolder, 'drive', 'a.bin.meta'), Buffer.alloc(5000));
    return { data, pod: `${BASE}camille/`, podFolder };
  }

  const recordFiles = (data: string): string[] => readdirSync(join(data, '.internal', 'cartable', 'usage'));

  it('counts the documents on disk the first time, leaving out .meta files', async(): Promise<void> => {
    const { data, pod, podFolder } = dataFolder();
    assert.equal(await new PodUsageStore(data).getUsed(pod, podFolder), 120);
  });

  it('counts a pod with no folder yet as empty', async(): Promise<void> => {
    const { data } = dataFolder();
    assert.equal(await new PodUsageStore(data).getUsed(`${BASE}nobody/`, join(data, 'nobody')), 0);
  });

  it('keeps the count in a record under .internal, without walking the pod again', async(): Promise<void> => {
    const { data, pod, podFolder } = dataFolder();
    const usage = new PodUsageStore(data);
    await usage.getUsed(pod, podFolder);
    assert.equal(recordFiles(data).length, 1);
    writeFileSync(join(podFolder, 'drive', 'unaccounted.bin'), Buffer.alloc(1000));
    assert.equal(await usage.getUsed(pod, podFolder), 120);
  });

  it('adds and removes bytes, and a new instance (a restart) reads the result', async(): Promise<void> => {
    const { data, pod, podFolder } = dataFolder();
    const usage = new PodUsageStore(data);
    await usage.add(pod, podFolder, 30);
    assert.equal(await usage.getUsed(pod, podFolder), 150);
    await usage.add(pod, podFolder, -100);
    assert.equal(await usage.getUsed(pod, podFolder), 50);
    writeFileSync(join(podFolder, 'drive', 'unaccounted.bin'), Buffer.alloc(1000));
    assert.equal(await new PodUsageStore(data).getUsed(pod, podFolder), 50);
  });

  it('never counts below zero', async(): Promise<void> => {
    const { data, pod, podFolder } = dataFolder();
    const usage = new PodUsageStore(data);
    await usage.add(pod, podFolder, -1_000_000);
    assert.equal(await usage.getUsed(pod, podFolder), 0);
  });

  it('loses no update when 50 writes finish at once', async(): Promise<void> => {
    const { data, pod, podFolder } = dataFolder();
    const usage = new PodUsageStore(data);
    await Promise.all(Array.from({ length: 50 }, async(_, i): Promise<void> => usage.add(pod, podFolder, i + 1)));
    assert.equal(await usage.getUsed(pod, podFolder), 120 + (50 * 51 / 2));
    assert.equal(await new PodUsageStore(data).getUsed(pod, podFolder), 120 + (50 * 51 / 2));
  });

  it('loses no update when 50 writes finish at once on a pod never counted before', async(): Promise<void> => {
    const { data, pod, podFolder } = dataFolder();
    const usage = new PodUsageStore(data);
    await Promise.all(Array.from({ length: 50 }, async(): Promise<void> => usage.add(pod, podFolder, 10)));
    assert.equal(await usage.getUsed(pod, podFolder), 620);
    assert.equal(recordFiles(data).length, 1, 'one record, no temporary files left');
  });

  it('keeps pods apart', async(): Promise<void> => {
    const { data, pod, podFolder } = dataFolder();
    const other = join(data, 'lina');
    mkdirSync(other);
    writeFileSync(join(other, 'x'), Buffer.alloc(7));
    const usage = new PodUsageStore(data);
    await Promise.all([ usage.add(pod, podFolder, 5), usage.add(`${BASE}lina/`, other, 3) ]);
    assert.equal(await usage.getUsed(pod, podFolder), 125);
    assert.equal(await usage.getUsed(`${BASE}lina/`, other), 10);
  });

  it('recounts from disk when the record is corrupt', async(): Promise<void> => {
    const { data, pod, podFolder } = dataFolder();
    await new PodUsageStore(data).add(pod, podFolder, 5000);
    for (const file of recordFiles(data)) {
      writeFileSync(join(data, '.internal', 'cartable', 'usage', file), '{"used": "lots"');
    }
    const usage = new PodUsageStore(data);
    assert.equal(await usage.getUsed(pod, podFolder), 120);
    await usage.add(pod, podFolder, 1);
    assert.equal(await new PodUsageStore(data).getUsed(pod, podFolder), 121, 'the recount is saved');
  });

  it('recounts from disk when the record is removed', async(): Promise<void> => {
    const { data, pod, podFolder } = dataFolder();
    await new PodUsageStore(data).add(pod, podFolder, 5000);
    rmSync(join(data, '.internal'), { recursive: true });
    assert.equal(await new PodUsageStore(data).getUsed(pod, podFolder), 120);
  });

  it('tracks bytes in flight per pod, back to zero when writes end', (): void => {
    const usage = new PodUsageStore(root);
    const pod = `${BASE}camille/`;
    assert.equal(usage.getInFlight(pod), 0);
    usage.addInFlight(pod, 100);
    usage.addInFlight(pod, 50);
    usage.addInFlight(`${BASE}lina/`, 7);
    assert.equal(usage.getInFlight(pod), 150);
    assert.equal(usage.getInFlight(`${BASE}lina/`), 7);
    usage.addInFlight(pod, -150);
    assert.equal(usage.getInFlight(pod), 0);
    usage.addInFlight(`${BASE}lina/`, -7);
    assert.equal(usage.getInFlight(`${BASE}lina/`), 0);
    assert.equal((usage as unknown as { inFlight: Map<string, number> }).inFlight.size, 0, 'no entry left behind');
  });

  it('keeps no per-pod state in memory once work is done, however many pods there are', async(): Promise<void> => {
    const { data, podFolder } = dataFolder();
    const usage = new PodUsageStore(data);
    const internals = usage as unknown as { inFlight: Map<string, number>; queues: Map<string, unknown> };
    const pods = Array.from({ length: 100 }, (_, i): string => `${BASE}pod${i}/`);
    await Promise.all(pods.map(async(pod): Promise<void> => {
      usage.addInFlight(pod, 10);
      await usage.add(pod, podFolder, 10);
      usage.addInFlight(pod, -10);
    }));
    await tick();
    assert.equal(internals.inFlight.size, 0);
    assert.equal(internals.queues.size, 0);
  });
});
