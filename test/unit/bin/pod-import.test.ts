// Pod import (docs/move.md, "Import"): IRI rewriting of Turtle documents and ACLs, canonical hashes, and the
// whole-archive validation that runs before anything is written.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { Parser } from 'n3';
// @ts-expect-error: plain ESM module without type declarations
import * as rewriteModule from '../../../bin/lib/pod/rewrite.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as importModule from '../../../bin/lib/pod/import.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as manifestModule from '../../../bin/lib/pod/manifest.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as tarModule from '../../../bin/lib/pod/tar.mjs';
// @ts-expect-error: plain ESM module without type declarations
import * as cliModule from '../../../bin/lib/pod-cli.mjs';

interface Quad { subject: { value: string }; predicate: { value: string }; object: { value: string; termType: string } }
interface TarWriter { addFile: (name: string, size: number, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>) =>
  Promise<void>; addDirectory: (name: string) => Promise<void>; finish: () => Promise<void> }
interface Dropped { rule: string; groups: string[]; whole: boolean }

const { iriRewriter, rewriteTurtle, rewriteAcl, canonicalHash, parseTurtle } = rewriteModule as {
  iriRewriter: (options: { oldPod: string; newPod: string; oldWebId?: string; newWebId?: string }) => (iri: string) => string;
  rewriteTurtle: (turtle: string, options: { oldUrl: string; newUrl: string; rewrite: (iri: string) => string }) =>
    Promise<{ turtle: string; quads: Quad[] }>;
  rewriteAcl: (turtle: string, options: { oldUrl: string; newUrl: string; rewrite: (iri: string) => string; oldOrigin: string;
    oldPod: string; resource?: string }) => Promise<{ turtle: string; quads: Quad[]; dropped: Dropped[]; publicRead: boolean }>;
  canonicalHash: (quads: Quad[]) => Promise<string>;
  parseTurtle: (turtle: string, base: string) => Quad[];
};
const { validateArchive, ArchiveError } = importModule as {
  validateArchive: (file: string) => Promise<{ manifest: { source: string }; entries: Map<string, unknown> }>;
  ArchiveError: new (...args: unknown[]) => Error;
};
const { buildManifest, MANIFEST_NAME } = manifestModule as {
  buildManifest: (data: { source: string; webId?: string; created: Date; resources: object[] }) => object;
  MANIFEST_NAME: string;
};
const { TarWriter } = tarModule as { TarWriter: new (output: PassThrough) => TarWriter };
const { parseImportOptions, PodOptionError } = cliModule as {
  parseImportOptions: (argv: string[], env?: Record<string, string>) => Record<string, unknown>;
  PodOptionError: new (...args: unknown[]) => Error;
};

const OLD = 'https://cartable.example/p3f9a1c27e0/';
const NEW = 'https://solid.example/lou/';
const OLD_WEBID = `${OLD}profile/card#me`;
const NEW_WEBID = 'https://id.example/lou#me';
const rewrite = iriRewriter({ oldPod: OLD, newPod: NEW, oldWebId: OLD_WEBID, newWebId: NEW_WEBID });
const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const values = (quads: Quad[]): string[] => quads.flatMap((quad): string[] => [ quad.subject.value, quad.object.value ]);

describe('pod import: IRI rewriting', (): void => {
  it('maps the old WebID and IRIs under the old pod, and nothing else', (): void => {
    assert.equal(rewrite(OLD_WEBID), NEW_WEBID);
    assert.equal(rewrite(`${OLD}drive/Mes%20cours/x`), `${NEW}drive/Mes%20cours/x`);
    assert.equal(rewrite(OLD), NEW);
    assert.equal(rewrite('https://cartable.example/other/x'), 'https://cartable.example/other/x');
    assert.equal(rewrite('http://schema.org/name'), 'http://schema.org/name');
  });

  it('rewrites absolute IRIs, keeps relative IRIs relative and literals untouched', async(): Promise<void> => {
    const turtle = `@prefix schema: <http://schema.org/>.
<#it> a schema:NoteDigitalDocument; schema:about <${OLD}drive/cours/maths/chapitre-1.ttl#c1>;
  schema:isPartOf <../drive/>; schema:author <${OLD_WEBID}>; schema:sameAs <https://elsewhere.example/x>;
  schema:text "see ${OLD}drive/ and ${OLD_WEBID}".`;
    const { turtle: out, quads } = await rewriteTurtle(turtle, { oldUrl: `${OLD}notes/note-1`, newUrl: `${NEW}notes/note-1`, rewrite });
    const all = values(quads);
    assert.ok(all.includes(`${NEW}notes/note-1#it`), 'a relative IRI resolves against the new URL');
    assert.ok(all.includes(`${NEW}drive/`));
    assert.ok(all.includes(`${NEW}drive/cours/maths/chapitre-1.ttl#c1`), 'an absolute IRI to its own pod is rewritten');
    assert.ok(all.includes(NEW_WEBID), 'the WebID is rewritten');
    assert.ok(all.includes('https://elsewhere.example/x'), 'other IRIs are kept');
    assert.ok(all.includes(`see ${OLD}drive/ and ${OLD_WEBID}`), 'literals are never rewritten');
    assert.match(out, /<#it>/u, 'relative IRIs stay relative in the written Turtle');
    assert.match(out, /<\.\.\/drive\/>/u);
    assert.ok(!values(new Parser({ baseIRI: `${NEW}notes/note-1` }).parse(out))
      .some((value): boolean => value.startsWith(OLD) && !value.startsWith('see ')), 'no IRI points at the old pod');
  });

  it('rewrites the WebID in ACL agents, drops rules for groups left on the old server, keeps groups inside the pod',
    async(): Promise<void> => {
      const acl = `@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#owner> a acl:Authorization; acl:agent <${OLD_WEBID}>; acl:accessTo <./>; acl:default <./>; acl:mode acl:Read, acl:Write, acl:Control.
<#share> a acl:Authorization; acl:agent <https://friend.example/profile/card#me>; acl:accessTo <./>; acl:mode acl:Read.
<#class> a acl:Authorization; acl:agentGroup <https://cartable.example/groups/classe-6b#group>; acl:accessTo <./>; acl:mode acl:Read.
<#mixed> a acl:Authorization; acl:agentGroup <https://cartable.example/groups/x#g>, <${OLD}groups/mine#g>; acl:accessTo <./>; acl:mode acl:Read.`;
      const { quads, dropped, publicRead } = await rewriteAcl(acl, { oldUrl: `${OLD}drive/cours/.acl`, newUrl: `${NEW}drive/cours/.acl`,
        rewrite, oldOrigin: 'https://cartable.example', oldPod: OLD, resource: `${NEW}drive/cours/` });
      const agents = quads.filter((quad): boolean => quad.predicate.value.endsWith('#agent')).map((quad): string => quad.object.value);
      assert.deepEqual(agents.sort(), [ 'https://friend.example/profile/card#me', NEW_WEBID ].sort());
      assert.ok(quads.some((quad): boolean => quad.predicate.value.endsWith('#accessTo') && quad.object.value === `${NEW}drive/cours/`));
      assert.ok(!quads.some((quad): boolean => quad.subject.value === `${OLD}drive/cours/.acl#class` ||
        quad.subject.value === `${NEW}drive/cours/.acl#class`), 'the rule for a group on the old server is dropped');
      const groups = quads.filter((quad): boolean => quad.predicate.value.endsWith('#agentGroup')).map((quad): string => quad.object.value);
      assert.deepEqual(groups, [ `${NEW}groups/mine#g` ], 'a group inside the pod moves with it');
      assert.deepEqual(dropped.map((item): [ string, boolean ] => [ item.rule, item.whole ]).sort(),
        [ [ `${NEW}drive/cours/.acl#class`, true ], [ `${NEW}drive/cours/.acl#mixed`, false ] ]);
      assert.equal(publicRead, false);
      const open = await rewriteAcl(`@prefix acl: <http://www.w3.org/ns/auth/acl#>.
<#public> a acl:Authorization; acl:agentClass <http://xmlns.com/foaf/0.1/Agent>; acl:accessTo <./>; acl:mode acl:Read.`,
      { oldUrl: `${OLD}.acl`, newUrl: `${NEW}.acl`, rewrite, oldOrigin: 'https://cartable.example', oldPod: OLD, resource: NEW });
      assert.equal(open.publicRead, true);
    });

  it('gives isomorphic quad sets the same canonical hash, whatever the blank node labels and order', async(): Promise<void> => {
    const a = parseTurtle('<a> <p> _:x. _:x <q> "1". <a> <p> _:y. _:y <q> "2".', NEW);
    const b = parseTurtle('<a> <p> [ <q> "2" ], [ <q> "1" ].', NEW);
    const c = parseTurtle('<a> <p> [ <q> "2" ], [ <q> "3" ].', NEW);
    assert.equal(await canonicalHash(a), await canonicalHash(b));
    assert.notEqual(await canonicalHash(a), await canonicalHash(c));
  });
});

describe('pod import: archive validation', (): void => {
  let dir: string;
  before((): void => {
    dir = mkdtempSync(join(tmpdir(), 'cartable-pod-import-unit-'));
  });
  after((): void => {
    rmSync(dir, { recursive: true, force: true });
  });

  const note = Buffer.from('<#it> <http://schema.org/text> "bonjour".');
  const bin = Buffer.from('binary bytes\u0000\u0001');
  const standardResources = (): Record<string, unknown>[] => [
    { path: '', entry: 'cartable-export/pod/', kind: 'container' },
    { path: 'notes/', entry: 'cartable-export/pod/notes/', kind: 'container' },
    { path: 'notes/note-1', entry: 'cartable-export/pod/notes/note-1', kind: 'rdf', contentType: 'text/turtle', size: note.length, sha256: sha256(note) },
    { path: 'drive/x.bin', entry: 'cartable-export/pod/drive/x.bin', kind: 'binary', contentType: 'application/octet-stream',
      size: bin.length, sha256: sha256(bin) },
  ];

  /** Writes an archive with the given files and manifest resources (no manifest when null). */
  async function write(name: string, files: [ string, Buffer ][], resources: Record<string, unknown>[] | null): Promise<string> {
    const output = new PassThrough();
    const parts: Buffer[] = [];
    output.on('data', (chunk: Buffer): void => {
      parts.push(chunk);
    });
    const tar = new TarWriter(output);
    for (const [ entry, data ] of files) {
      await tar.addFile(entry, data.length, [ data ]);
    }
    if (resources) {
      const manifest = Buffer.from(JSON.stringify(buildManifest({ source: OLD, webId: OLD_WEBID, created: new Date(), resources })));
      await tar.addFile(MANIFEST_NAME, manifest.length, [ manifest ]);
    }
    await tar.finish();
    const file = join(dir, name);
    writeFileSync(file, Buffer.concat(parts));
    return file;
  }
  const standardFiles = (): [ string, Buffer ][] => [
    [ 'cartable-export/pod/notes/note-1', note ], [ 'cartable-export/pod/drive/x.bin', bin ] ];

  it('accepts a complete archive', async(): Promise<void> => {
    const file = await write('good.tar', standardFiles(), standardResources());
    const { manifest, entries } = await validateArchive(file);
    assert.equal(manifest.source, OLD);
    assert.ok(entries.has('cartable-export/pod/drive/x.bin'));
  });

  it('refuses a truncated archive', async(): Promise<void> => {
    const file = await write('whole.tar', standardFiles(), standardResources());
    const data = readFileSync(file);
    const cut = join(dir, 'truncated.tar');
    writeFileSync(cut, data.subarray(0, 530));
    await assert.rejects(validateArchive(cut), (error: Error): boolean =>
      error instanceof ArchiveError && /truncated in the entry cartable-export\/pod\/notes\/note-1/u.test(error.message));
    writeFileSync(cut, data.subarray(0, data.length - 1024));
    await assert.rejects(validateArchive(cut), (error: Error): boolean =>
      error instanceof ArchiveError && /ends early/u.test(error.message));
  });

  it('refuses an entry whose bytes do not match the manifest hash, naming it', async(): Promise<void> => {
    const files = standardFiles();
    files[1] = [ files[1][0], Buffer.from(bin.map((byte, index): number => (index === 3 ? byte ^ 1 : byte))) ];
    const file = await write('corrupted.tar', files, standardResources());
    await assert.rejects(validateArchive(file), (error: Error): boolean =>
      error instanceof ArchiveError && /the entry cartable-export\/pod\/drive\/x\.bin is corrupted/u.test(error.message));
  });

  it('refuses an archive without a manifest, or with a listed entry missing', async(): Promise<void> => {
    await assert.rejects(validateArchive(await write('nomanifest.tar', standardFiles(), null)),
      /no manifest \(cartable-export\/manifest\.jsonld\)/u);
    await assert.rejects(validateArchive(await write('missing.tar', standardFiles().slice(0, 1), standardResources())),
      /the entry cartable-export\/pod\/drive\/x\.bin listed in the manifest is missing/u);
    await assert.rejects(validateArchive(join(dir, 'does-not-exist.tar')), /Cannot read the archive/u);
  });

  it('refuses "../" and absolute paths, in the manifest and in entry names, naming the entry', async(): Promise<void> => {
    const resources = standardResources();
    resources.push({ path: '../escape', entry: 'cartable-export/pod/../escape', kind: 'binary', size: bin.length, sha256: sha256(bin) });
    await assert.rejects(validateArchive(await write('dotdot.tar', [ ...standardFiles(), [ 'cartable-export/pod/../escape', bin ] ], resources)),
      (error: Error): boolean => error instanceof ArchiveError && error.message.includes('cartable-export/pod/../escape'));
    const manifestOnly = standardResources();
    manifestOnly.push({ path: '/etc/passwd', entry: 'cartable-export/pod//etc/passwd', kind: 'binary', size: 1, sha256: sha256('x') });
    await assert.rejects(validateArchive(await write('absolute.tar', standardFiles(), manifestOnly)),
      (error: Error): boolean => /unsafe path "\/etc\/passwd" \(entry cartable-export\/pod\/\/etc\/passwd\)/u.test(error.message));
    const mismatched = standardResources();
    mismatched.push({ path: 'a', entry: 'cartable-export/acl/../../a', kind: 'binary', size: 1, sha256: sha256('x') });
    await assert.rejects(validateArchive(await write('mismatch.tar', standardFiles(), mismatched)),
      /names the entry "cartable-export\/acl\/\.\.\/\.\.\/a"/u);
  });

  it('checks import options (exit code 2)', (): void => {
    const base = [ '--archive', 'a.tar', '--pod', NEW, '--client-id', 'id', '--client-secret', 'secret' ];
    assert.equal(parseImportOptions(base, {}).pod, NEW);
    assert.throws((): unknown => parseImportOptions([ '--pod', NEW ], {}), PodOptionError);
    assert.throws((): unknown => parseImportOptions([ '--archive', 'a.tar' ], {}), /--pod <URL> is required/u);
    assert.throws((): unknown => parseImportOptions([ '--archive', 'a.tar', '--pod', NEW ], {}), /--client-id and --client-secret/u);
    assert.equal(parseImportOptions([ '--archive', 'a.tar', '--pod', NEW ], { CARTABLE_CLIENT_ID: 'i', CARTABLE_CLIENT_SECRET: 's' })
      .clientId, 'i');
    assert.throws((): unknown => parseImportOptions([ ...base, '--webid', 'nope' ], {}), /Invalid --webid/u);
  });
});
