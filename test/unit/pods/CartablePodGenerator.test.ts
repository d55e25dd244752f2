// What CSS stores when a Cartable pod is created: the root storage, every area, the documents and ACLs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataFactory, Parser } from 'n3';
import type { Quad } from 'n3';
import type { Resource } from '@solid/community-server';
import { readableToString } from '@solid/community-server';
import { CartablePodGenerator } from '../../../components/dist/pods/CartablePodGenerator.js';
import { POD_AREAS } from '../../../components/dist/pods/PodLayout.js';

const POD = 'http://localhost:3000/p3f9a1c27e0/';
const WEBID = `${POD}profile/card#me`;
const RDF_TYPE = DataFactory.namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type');
const DCT_TITLE = DataFactory.namedNode('http://purl.org/dc/terms/title');

interface Generated {
  path: string;
  contentType?: string;
  types: string[];
  titles: string[];
  body: string;
}

async function generate(options: Record<string, unknown>): Promise<Generated[]> {
  const generated: Generated[] = [];
  const resources: AsyncIterable<Resource> = new CartablePodGenerator().generate({ path: POD }, options);
  for await (const { identifier, representation } of resources) {
    const { metadata } = representation;
    assert.equal(metadata.identifier.value, identifier.path, 'metadata describes the resource itself');
    generated.push({
      path: identifier.path,
      contentType: metadata.contentType,
      types: metadata.getAll(RDF_TYPE).map((term): string => term.value),
      titles: metadata.getAll(DCT_TITLE).map((term): string => `${term.value}@${(term as { language?: string }).language}`),
      body: await readableToString(representation.data),
    });
  }
  return generated;
}

function parse(resource: Generated | undefined): Quad[] {
  assert.ok(resource);
  assert.equal(resource.contentType, 'text/turtle', resource.path);
  return new Parser({ baseIRI: resource.path }).parse(resource.body);
}

function objects(quads: Quad[], subject: string, predicate: string): string[] {
  return quads.filter((quad): boolean => quad.subject.value === subject && quad.predicate.value === predicate)
    .map((quad): string => quad.object.value);
}

describe('CartablePodGenerator', (): void => {
  it('starts with the pod root, typed as a storage', async(): Promise<void> => {
    const [ root ] = await generate({ webId: WEBID });
    assert.equal(root?.path, POD);
    assert.deepEqual(root.types, [ 'http://www.w3.org/ns/pim/space#Storage' ]);
    assert.equal(root.body, '');
  });

  it('creates a container for the profile, every area and both portfolio folders', async(): Promise<void> => {
    const paths = (await generate({ webId: WEBID })).map((resource): string => resource.path);
    for (const path of [ 'profile/', ...POD_AREAS.map((area): string => area.path), 'portfolio/drafts/',
      'portfolio/published/' ]) {
      assert.ok(paths.includes(`${POD}${path}`), path);
    }
  });

  it('titles each area container in French and English', async(): Promise<void> => {
    const generated = await generate({ webId: WEBID });
    for (const area of POD_AREAS) {
      const container = generated.find((resource): boolean => resource.path === `${POD}${area.path}`);
      assert.deepEqual(container?.titles.sort(), [ `${area.label.en}@en`, `${area.label.fr}@fr` ].sort(), area.path);
    }
  });

  it('creates each container before anything inside it, and nothing twice or outside the pod', async(): Promise<void> => {
    const paths = (await generate({ webId: WEBID })).map((resource): string => resource.path);
    assert.equal(new Set(paths).size, paths.length);
    paths.forEach((path, index): void => {
      assert.ok(path.startsWith(POD), path);
      if (path.endsWith('/')) {
        const inside = paths.findIndex((other): boolean => other !== path && other.startsWith(path));
        assert.ok(inside === -1 || inside > index, `${path} comes before ${paths[inside]}`);
      }
    });
  });

  it('gives every area an ACL that names the owner', async(): Promise<void> => {
    const generated = await generate({ webId: WEBID });
    for (const area of POD_AREAS) {
      const acl = generated.find((resource): boolean => resource.path === `${POD}${area.path}.acl`);
      const quads = parse(acl);
      assert.deepEqual(objects(quads, `${POD}${area.path}.acl#owner`, 'http://www.w3.org/ns/auth/acl#agent'), [ WEBID ],
        area.path);
    }
    assert.ok(generated.some((resource): boolean => resource.path === `${POD}.acl`), 'root ACL');
  });

  it('writes the profile and the about document from the pod settings', async(): Promise<void> => {
    const generated = await generate({
      webId: WEBID, oidcIssuer: 'http://localhost:3000/', fullName: '  Camille Martin ', school: '   ', className: 42,
      role: 'pupil',
    });
    const card = parse(generated.find((resource): boolean => resource.path === `${POD}profile/card`));
    assert.deepEqual(objects(card, WEBID, 'http://www.w3.org/ns/solid/terms#oidcIssuer'), [ 'http://localhost:3000/' ]);
    assert.deepEqual(objects(card, WEBID, 'http://www.w3.org/ns/pim/space#storage'), [ POD ]);
    const about = parse(generated.find((resource): boolean => resource.path === `${POD}profile/about`));
    assert.deepEqual(objects(about, WEBID, 'http://xmlns.com/foaf/0.1/name'), [ 'Camille Martin' ], 'trimmed');
    assert.deepEqual(objects(about, WEBID, 'https://w3id.org/cartable/ns#role'), [ 'pupil' ]);
    assert.deepEqual(objects(about, WEBID, 'http://schema.org/memberOf'), [], 'blank school and non-text class left out');
  });

  it('writes an external WebID as given, without an issuer', async(): Promise<void> => {
    const external = 'https://id.example.org/camille#me';
    const generated = await generate({ webId: ` ${external} ` });
    const card = parse(generated.find((resource): boolean => resource.path === `${POD}profile/card`));
    assert.deepEqual(objects(card, `${POD}profile/card`, 'http://xmlns.com/foaf/0.1/primaryTopic'), [ external ]);
    assert.deepEqual(objects(card, external, 'http://www.w3.org/ns/solid/terms#oidcIssuer'), []);
  });

  it('refuses to generate a pod without an owner WebID, naming the pod', async(): Promise<void> => {
    for (const options of [ {}, { webId: '' }, { webId: '   ' }, { webId: 42 } ]) {
      await assert.rejects(generate(options), {
        message: `Cannot generate pod ${POD} without an owner WebID`,
      }, JSON.stringify(options));
    }
  });
});
