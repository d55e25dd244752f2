// Live move pieces that need no server (docs/move.md, "Live move"): options and their errors, the progress
// line and its time estimate, group expansion in ACLs, and the folder metadata that travels.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
// @ts-expect-error: plain ESM module without type declarations
import * as cliModule from '../../../bin/lib/pod-cli.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as rewriteModule from '../../../bin/lib/pod/rewrite.mjs';

interface Progress { phase: string; resources: number; totalResources: number; bytes: number; totalBytes: number }
interface Quad { subject: { value: string }; predicate: { value: string }; object: { value: string; termType: string } }

const { parseMoveOptions, estimateSeconds, progressLine, PodOptionError } = cliModule as {
  parseMoveOptions: (argv: string[], env?: Record<string, string | undefined>) => Record<string, unknown> & {
    from: { pod: string; clientId: string; issuer: string }; to: { pod: string; clientSecret: string } };
  estimateSeconds: (progress: Progress, elapsed: number) => number | null;
  progressLine: (progress: Progress, eta: number | null) => string;
  PodOptionError: new (...args: unknown[]) => Error;
};
const { rewriteAcl, iriRewriter, userMetadata, parseTurtle } = rewriteModule as {
  rewriteAcl: (turtle: string, options: Record<string, unknown>) => Promise<{ quads: Quad[]; dropped: unknown[];
    expanded: { rule: string; group: string; members: number }[] }>;
  iriRewriter: (options: Record<string, string>) => (iri: string) => string;
  userMetadata: (quads: unknown[], container: string) => Quad[];
  parseTurtle: (turtle: string, base: string) => unknown[];
};

const SIDES = [ '--from', 'https://a.example/p1/', '--from-client-id', 'a', '--from-client-secret', 'b',
  '--to', 'https://b.example/p2/', '--to-client-id', 'c', '--to-client-secret', 'd' ];

describe('pod move options', (): void => {
  it('reads both sides, from the arguments or the environment', (): void => {
    const options = parseMoveOptions(SIDES);
    assert.equal(options.from.pod, 'https://a.example/p1/');
    assert.equal(options.from.issuer, 'https://a.example/');
    assert.equal(options.to.clientSecret, 'd');
    const fromEnv = parseMoveOptions([ '--from', 'https://a.example/p1', '--to', 'https://b.example/p2/' ], {
      CARTABLE_FROM_CLIENT_ID: 'x', CARTABLE_FROM_CLIENT_SECRET: 'y', CARTABLE_TO_CLIENT_ID: 'z', CARTABLE_TO_CLIENT_SECRET: 'w' });
    assert.equal(fromEnv.from.clientId, 'x');
    assert.equal(fromEnv.from.pod, 'https://a.example/p1/', 'a missing final slash is added');
  });

  it('names the option that is wrong', (): void => {
    assert.throws((): unknown => parseMoveOptions(SIDES.slice(0, 6), {}), (error: Error): boolean =>
      error instanceof PodOptionError && /--to <URL> is required/u.test(error.message));
    assert.throws((): unknown => parseMoveOptions([ ...SIDES.slice(0, 4), ...SIDES.slice(6) ], {}), /--from-client-id and --from-client-secret/u);
    assert.throws((): unknown => parseMoveOptions([ ...SIDES, '--grace-days', '-1' ], {}), /--grace-days/u);
    assert.throws((): unknown => parseMoveOptions([ ...SIDES, '--concurrency', '99' ], {}), /--concurrency/u);
    assert.throws((): unknown => parseMoveOptions([ ...SIDES, '--to-webid', 'not a url' ], {}), /--to-webid/u);
    assert.throws((): unknown => parseMoveOptions([ ...SIDES, '--nope' ], {}), PodOptionError);
  });
});

describe('pod move progress', (): void => {
  it('estimates the time left by bytes, or by resources when sizes are unknown', (): void => {
    const half = { phase: 'copy', resources: 10, totalResources: 20, bytes: 50, totalBytes: 100 };
    assert.equal(estimateSeconds(half, 10), 10);
    assert.equal(estimateSeconds({ ...half, bytes: 0, totalBytes: 0 }, 30), 30);
    assert.equal(estimateSeconds(half, 0.5), null, 'no estimate in the first second');
    assert.equal(estimateSeconds({ ...half, resources: 0, bytes: 0 }, 5), null, 'nor before anything moved');
  });

  it('draws a bar with counts, sizes and the time left', (): void => {
    const line = progressLine({ phase: 'copy', resources: 900, totalResources: 2000, bytes: 250e6, totalBytes: 500e6 }, 80);
    assert.equal(line, '[############............] 50% 900/2000 resources, 250.0 MB/500.0 MB, 1 min 20 s left');
    assert.match(progressLine({ phase: 'list', resources: 0, totalResources: 42, bytes: 0, totalBytes: 0 }, null), /Listing the source: 42/u);
    assert.match(progressLine({ phase: 'acl', resources: 5, totalResources: 5, bytes: 1, totalBytes: 1 }, 0), /access rules/u);
  });
});

describe('group expansion and folder metadata', (): void => {
  const oldPod = 'https://old.example/p1/';
  const newPod = 'https://new.example/p2/';
  const rewrite = iriRewriter({ oldPod, newPod, oldWebId: `${oldPod}profile/card#me`, newWebId: `${newPod}profile/card#me` });
  const acl = `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#class> a acl:Authorization; acl:agentGroup <https://old.example/groups/4eA#group>; acl:accessTo <./>; acl:mode acl:Read.`;
  const options = { oldUrl: `${oldPod}drive/.acl`, newUrl: `${newPod}drive/.acl`, rewrite, oldOrigin: 'https://old.example', oldPod };

  it('replaces a group of the old server by its current members when they are given', async(): Promise<void> => {
    const members = new Map([[ 'https://old.example/groups/4eA#group', [ 'https://a.example/#me', 'https://b.example/#me' ]]]);
    const result = await rewriteAcl(acl, { ...options, members });
    assert.deepEqual(result.dropped, []);
    assert.deepEqual(result.expanded, [{ rule: `${newPod}drive/.acl#class`, group: 'https://old.example/groups/4eA#group', members: 2 }]);
    const agents = result.quads.filter((quad): boolean => quad.predicate.value === 'http://www.w3.org/ns/auth/acl#agent')
      .map((quad): string => quad.object.value).sort();
    assert.deepEqual(agents, [ 'https://a.example/#me', 'https://b.example/#me' ]);
    assert.ok(!result.quads.some((quad): boolean => quad.predicate.value === 'http://www.w3.org/ns/auth/acl#agentGroup'));
  });

  it('drops the rule when the members are not known', async(): Promise<void> => {
    const result = await rewriteAcl(acl, options);
    assert.equal(result.dropped.length, 1);
    assert.deepEqual(result.expanded, []);
  });

  it('keeps only the metadata people set on a folder', (): void => {
    const folder = `${oldPod}drive/`;
    const quads = parseTurtle(`@prefix dc: <http://purl.org/dc/terms/>. @prefix ldp: <http://www.w3.org/ns/ldp#>.
<> a ldp:Container, ldp:BasicContainer, <https://schema.org/Collection>; dc:title "Mes fichiers"@fr;
  dc:modified "2026-01-01T00:00:00Z"; ldp:contains <a.txt>; <http://www.w3.org/ns/posix/stat#mtime> 1;
  <https://schema.org/about> [ a <https://schema.org/Thing> ].
<a.txt> dc:title "not about the folder".`, folder);
    const kept = userMetadata(quads, folder).map((quad): string => `${quad.predicate.value} ${quad.object.value}`).sort();
    assert.deepEqual(kept, [ 'http://purl.org/dc/terms/title Mes fichiers',
      'http://www.w3.org/1999/02/22-rdf-syntax-ns#type https://schema.org/Collection' ]);
  });
});
