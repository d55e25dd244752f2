// The documents of a new pod, read as a Solid client reads them: parsed Turtle, relative IRIs resolved
// against the document's own URL. The profile is public and minimal, the rest is the owner's only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Parser } from 'n3';
import type { Quad } from 'n3';
import type { PodDocument, PodPerson } from '../../../components/dist/pods/PodDocuments.js';
import { defaultWebId, podAcls, podDocuments, podRelative } from '../../../components/dist/pods/PodDocuments.js';
import { POD_AREAS } from '../../../components/dist/pods/PodLayout.js';

const POD = 'https://cartable.example/p3f9a1c27e0/';
const WEBID = `${POD}profile/card#me`;
const ISSUER = 'https://cartable.example/';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const ACL = 'http://www.w3.org/ns/auth/acl#';
const FOAF = 'http://xmlns.com/foaf/0.1/';
const PIM = 'http://www.w3.org/ns/pim/space#';
const SOLID = 'http://www.w3.org/ns/solid/terms#';
const LDP = 'http://www.w3.org/ns/ldp#';
const SCHEMA = 'http://schema.org/';
const VCARD = 'http://www.w3.org/2006/vcard/ns#';
const CARTABLE = 'https://w3id.org/cartable/ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

const CAMILLE: PodPerson = {
  podUrl: POD, webId: WEBID, oidcIssuer: ISSUER, fullName: 'Camille Martin', role: 'pupil',
  school: 'Collège Jules Verne', schoolId: '0359999X', className: '4e A',
};
const MINIMAL: PodPerson = { podUrl: POD, webId: WEBID };

function find(documents: PodDocument[], path: string): PodDocument {
  const document = documents.find((candidate): boolean => candidate.path === path);
  assert.ok(document, `a document at ${path}; got ${documents.map((doc): string => doc.path).join(', ')}`);
  return document;
}

/** Parses a generated document as served from its URL in the pod. */
function read(documents: PodDocument[], path: string, podUrl = POD): Quad[] {
  return new Parser({ baseIRI: `${podUrl}${path}` }).parse(find(documents, path).turtle);
}

/** The values of `predicate` for `subject`, sorted. */
function values(quads: Quad[], subject: string, predicate: string): string[] {
  return quads.filter((quad): boolean => quad.subject.value === subject && quad.predicate.value === predicate)
    .map((quad): string => quad.object.value).sort();
}

function allTerms(quads: Quad[]): string[] {
  return quads.flatMap((quad): string[] => [ quad.subject.value, quad.predicate.value, quad.object.value ]);
}

interface Authorization {
  agent: string[];
  agentClass: string[];
  accessTo: string[];
  default: string[];
  mode: string[];
}

/** The authorizations of an ACL document, by local name of their subject (`owner`, `public`, ...). */
function authorizations(documents: PodDocument[], path: string): Record<string, Authorization> {
  const quads = read(documents, path);
  const result: Record<string, Authorization> = {};
  const url = `${POD}${path}`;
  for (const quad of quads) {
    if (quad.predicate.value === RDF_TYPE && quad.object.value === `${ACL}Authorization`) {
      assert.ok(quad.subject.value.startsWith(`${url}#`), `authorization ${quad.subject.value} is local to ${url}`);
      const rule = (predicate: string): string[] => values(quads, quad.subject.value, `${ACL}${predicate}`);
      result[quad.subject.value.slice(url.length + 1)] = {
        agent: rule('agent'), agentClass: rule('agentClass'), accessTo: rule('accessTo'), default: rule('default'),
        mode: rule('mode'),
      };
    }
  }
  return result;
}

const OWNER_MODES = [ `${ACL}Control`, `${ACL}Read`, `${ACL}Write` ];

describe('podRelative', (): void => {
  it('writes IRIs inside the pod relative to the document', (): void => {
    assert.equal(podRelative(CAMILLE, 'profile/card', WEBID), '<card#me>');
    assert.equal(podRelative(CAMILLE, 'profile/card', POD), '<../>');
    assert.equal(podRelative(CAMILLE, 'profile/card', `${POD}profile/`), '<./>');
    assert.equal(podRelative(CAMILLE, 'profile/card', `${POD}inbox/`), '<../inbox/>');
    assert.equal(podRelative(CAMILLE, '.acl', WEBID), '<profile/card#me>');
    assert.equal(podRelative(CAMILLE, 'portfolio/published/.acl', WEBID), '<../../profile/card#me>');
    assert.equal(podRelative(CAMILLE, 'settings/prefs', `${POD}settings/privateTypeIndex`), '<privateTypeIndex>');
  });

  it('writes IRIs outside the pod in full', (): void => {
    assert.equal(podRelative(CAMILLE, 'profile/card', 'https://id.example.org/camille#me'),
      '<https://id.example.org/camille#me>');
    assert.equal(podRelative(CAMILLE, 'profile/card', 'https://cartable.example/p3f9a1c27e01/profile/card#me'),
      '<https://cartable.example/p3f9a1c27e01/profile/card#me>', 'a pod whose name starts the same is another pod');
  });

  it('resolves back to the target from the document URL', (): void => {
    const targets = [ WEBID, POD, `${POD}inbox/`, `${POD}settings/prefs`, `${POD}portfolio/published/`, `${POD}.acl` ];
    const froms = [ '.acl', 'profile/card', 'profile/card.acl', 'portfolio/published/.acl', 'settings/prefs', 'a/b/c/d' ];
    for (const from of froms) {
      for (const target of targets) {
        const iri = podRelative(CAMILLE, from, target).slice(1, -1);
        assert.equal(new URL(iri, `${POD}${from}`).href, target, `${target} from ${from} as ${iri}`);
      }
    }
  });
});

describe('defaultWebId', (): void => {
  it('is #me in the profile card of the pod', (): void => {
    assert.equal(defaultWebId(POD), WEBID);
  });
});

describe('podDocuments', (): void => {
  const documents = podDocuments(CAMILLE);

  it('writes the profile, about, preferences and both type indexes', (): void => {
    assert.deepEqual(documents.map((document): string => document.path).sort(), [
      'profile/about', 'profile/card', 'settings/prefs', 'settings/privateTypeIndex', 'settings/publicTypeIndex',
    ]);
  });

  it('makes the profile a WebID profile with the issuer, storage, inbox and public type index', (): void => {
    const quads = read(documents, 'profile/card');
    const card = `${POD}profile/card`;
    assert.deepEqual(values(quads, card, RDF_TYPE), [ `${FOAF}PersonalProfileDocument` ]);
    assert.deepEqual(values(quads, card, `${FOAF}maker`), [ WEBID ]);
    assert.deepEqual(values(quads, card, `${FOAF}primaryTopic`), [ WEBID ]);
    assert.deepEqual(values(quads, WEBID, RDF_TYPE), [ `${FOAF}Person` ]);
    assert.deepEqual(values(quads, WEBID, `${SOLID}oidcIssuer`), [ ISSUER ]);
    assert.deepEqual(values(quads, WEBID, `${PIM}storage`), [ POD ]);
    assert.deepEqual(values(quads, WEBID, `${SOLID}storage`), [ POD ]);
    assert.deepEqual(values(quads, WEBID, `${LDP}inbox`), [ `${POD}inbox/` ]);
    assert.deepEqual(values(quads, WEBID, `${PIM}preferencesFile`), [ `${POD}settings/prefs` ]);
    assert.deepEqual(values(quads, WEBID, `${SOLID}publicTypeIndex`), [ `${POD}settings/publicTypeIndex` ]);
    assert.equal(quads.length, 10, 'nothing else');
  });

  it('puts nothing personal in the public profile', (): void => {
    const { turtle } = find(documents, 'profile/card');
    const quads = read(documents, 'profile/card');
    assert.deepEqual(quads.filter((quad): boolean => quad.object.termType === 'Literal'), []);
    for (const secret of [ 'Camille', 'Martin', 'Jules Verne', '0359999X', '4e A', 'pupil', 'about', 'privateTypeIndex' ]) {
      assert.ok(!turtle.includes(secret), `the public profile mentions ${secret}`);
    }
  });

  it('leaves the issuer out when there is none (an external WebID)', (): void => {
    const quads = read(podDocuments(MINIMAL), 'profile/card');
    assert.deepEqual(values(quads, WEBID, `${SOLID}oidcIssuer`), []);
    assert.deepEqual(values(quads, WEBID, `${PIM}storage`), [ POD ]);
  });

  it('writes who the person is at school in the private about document', (): void => {
    const quads = read(documents, 'profile/about');
    const about = `${POD}profile/about`;
    const school = `${about}#school`;
    const schoolClass = `${about}#class`;
    assert.deepEqual(values(quads, about, `${FOAF}primaryTopic`), [ WEBID ]);
    assert.deepEqual(values(quads, WEBID, `${FOAF}name`), [ 'Camille Martin' ]);
    assert.deepEqual(values(quads, WEBID, `${VCARD}fn`), [ 'Camille Martin' ]);
    assert.deepEqual(values(quads, WEBID, `${CARTABLE}role`), [ 'pupil' ]);
    assert.deepEqual(values(quads, WEBID, `${SCHEMA}memberOf`), [ schoolClass, school ]);
    assert.deepEqual(values(quads, school, RDF_TYPE), [ `${SCHEMA}School` ]);
    assert.deepEqual(values(quads, school, `${SCHEMA}name`), [ 'Collège Jules Verne' ]);
    assert.deepEqual(values(quads, school, `${SCHEMA}identifier`), [ '0359999X' ]);
    assert.deepEqual(values(quads, schoolClass, RDF_TYPE), [ `${SCHEMA}Organization`, `${CARTABLE}SchoolClass` ]);
    assert.deepEqual(values(quads, schoolClass, `${SCHEMA}name`), [ '4e A' ]);
  });

  it('writes only the topic in the about document of a person Cartable knows nothing about', (): void => {
    const quads = read(podDocuments(MINIMAL), 'profile/about');
    assert.deepEqual(quads.map((quad): string => `${quad.subject.value} ${quad.predicate.value} ${quad.object.value}`).sort(), [
      `${POD}profile/about ${RDF_TYPE} ${FOAF}Document`,
      `${POD}profile/about ${FOAF}primaryTopic ${WEBID}`,
    ]);
  });

  it('leaves out the school identifier when it is unknown', (): void => {
    const quads = read(podDocuments({ ...MINIMAL, school: 'École du Port' }), 'profile/about');
    assert.deepEqual(values(quads, `${POD}profile/about#school`, `${SCHEMA}name`), [ 'École du Port' ]);
    assert.deepEqual(values(quads, `${POD}profile/about#school`, `${SCHEMA}identifier`), []);
    assert.deepEqual(values(quads, WEBID, `${SCHEMA}memberOf`), [ `${POD}profile/about#school` ]);
  });

  for (const name of [
    'x" ; <http://evil> "y',
    'Zoé "la Terreur" O\'Brien\\',
    'two\nlines\r\nand a\ttab',
    'end"""',
    'x". <http://evil> <http://evil> <http://evil>. <#me> <http://xmlns.com/foaf/0.1/name> "y',
  ]) {
    it(`keeps the name ${JSON.stringify(name)} one literal, without injected triples`, (): void => {
      const person = { ...MINIMAL, fullName: name, school: name, className: name, role: name };
      const quads = read(podDocuments(person), 'profile/about');
      assert.deepEqual(values(quads, WEBID, `${FOAF}name`), [ name ]);
      assert.deepEqual(values(quads, WEBID, `${VCARD}fn`), [ name ]);
      assert.deepEqual(values(quads, WEBID, `${CARTABLE}role`), [ name ]);
      assert.deepEqual(values(quads, `${POD}profile/about#school`, `${SCHEMA}name`), [ name ]);
      assert.deepEqual(values(quads, `${POD}profile/about#class`, `${SCHEMA}name`), [ name ]);
      assert.ok(!allTerms(quads).some((term): boolean => term.startsWith('http://evil')), 'no injected IRI');
      assert.equal(quads.length, 12);
    });
  }

  it('links the private type index and the about document from the preferences', (): void => {
    const quads = read(documents, 'settings/prefs');
    assert.deepEqual(values(quads, `${POD}settings/prefs`, RDF_TYPE), [ `${PIM}ConfigurationFile` ]);
    assert.deepEqual(values(quads, WEBID, `${SOLID}privateTypeIndex`), [ `${POD}settings/privateTypeIndex` ]);
    assert.deepEqual(values(quads, WEBID, `${RDFS}seeAlso`), [ `${POD}profile/about` ]);
  });

  it('writes a listed public and an unlisted private type index', (): void => {
    assert.deepEqual(values(read(documents, 'settings/publicTypeIndex'), `${POD}settings/publicTypeIndex`, RDF_TYPE),
      [ `${SOLID}ListedDocument`, `${SOLID}TypeIndex` ]);
    assert.deepEqual(values(read(documents, 'settings/privateTypeIndex'), `${POD}settings/privateTypeIndex`, RDF_TYPE),
      [ `${SOLID}TypeIndex`, `${SOLID}UnlistedDocument` ]);
  });

  it('refers to the pod with relative IRIs only, so a moved pod needs no rewriting', (): void => {
    for (const document of [ ...documents, ...podAcls(CAMILLE) ]) {
      assert.ok(!document.turtle.includes(POD), `${document.path} has the pod URL written in full`);
    }
    const moved = 'https://other-host.example/camille/';
    const quads = read(documents, 'profile/card', moved);
    assert.deepEqual(values(quads, `${moved}profile/card#me`, `${PIM}storage`), [ moved ]);
    assert.deepEqual(values(quads, `${moved}profile/card#me`, `${LDP}inbox`), [ `${moved}inbox/` ]);
  });

  it('keeps an external WebID absolute', (): void => {
    const external = 'https://id.example.org/camille#me';
    const person = { ...CAMILLE, webId: external, oidcIssuer: undefined };
    const created = podDocuments(person);
    const card = read(created, 'profile/card');
    assert.deepEqual(values(card, `${POD}profile/card`, `${FOAF}primaryTopic`), [ external ]);
    assert.deepEqual(values(card, external, `${PIM}storage`), [ POD ]);
    assert.match(find(created, 'profile/card').turtle, /<https:\/\/id\.example\.org\/camille#me>/u);
    assert.deepEqual(values(read(created, 'profile/about'), external, `${FOAF}name`), [ 'Camille Martin' ]);
    const rootAcl = authorizations(podAcls(person), '.acl');
    assert.deepEqual(rootAcl.owner?.agent, [ external ]);
  });

  it('refuses an issuer that would break the profile', (): void => {
    assert.throws((): PodDocument[] => podDocuments({ ...MINIMAL, oidcIssuer: 'https://idp.example/> <http://evil' }),
      /forbidden characters/u);
  });
});

describe('podAcls', (): void => {
  const acls = podAcls(CAMILLE);
  const ownerRule = (target: string, withDefault: boolean): Authorization => ({
    agent: [ WEBID ], agentClass: [], accessTo: [ target ], default: withDefault ? [ target ] : [], mode: OWNER_MODES,
  });

  it('writes an ACL for the root, the profile, the public type index, every area and the published portfolio', (): void => {
    assert.deepEqual(acls.map((acl): string => acl.path).sort(), [
      '.acl', 'profile/card.acl', 'settings/publicTypeIndex.acl',
      ...POD_AREAS.map((area): string => `${area.path}.acl`), 'portfolio/published/.acl',
    ].sort());
  });

  it('gives the pod root to its owner only, with nothing public', (): void => {
    assert.deepEqual(authorizations(acls, '.acl'), { owner: ownerRule(POD, true) });
  });

  it('lets anyone read the profile card, and only the owner change it', (): void => {
    assert.deepEqual(authorizations(acls, 'profile/card.acl'), {
      owner: ownerRule(`${POD}profile/card`, false),
      public: { agent: [], agentClass: [ `${FOAF}Agent` ], accessTo: [ `${POD}profile/card` ], default: [],
        mode: [ `${ACL}Read` ] },
    });
  });

  it('lets anyone read the public type index', (): void => {
    const rules = authorizations(acls, 'settings/publicTypeIndex.acl');
    assert.deepEqual(rules.owner, ownerRule(`${POD}settings/publicTypeIndex`, false));
    assert.deepEqual(rules.public, { agent: [], agentClass: [ `${FOAF}Agent` ],
      accessTo: [ `${POD}settings/publicTypeIndex` ], default: [], mode: [ `${ACL}Read` ] });
  });

  it('lets signed-in people append to the inbox, without reading it', (): void => {
    const rules = authorizations(acls, 'inbox/.acl');
    assert.deepEqual(Object.keys(rules).sort(), [ 'append', 'owner' ]);
    assert.deepEqual(rules.owner, ownerRule(`${POD}inbox/`, true));
    assert.deepEqual(rules.append, { agent: [], agentClass: [ `${ACL}AuthenticatedAgent` ], accessTo: [ `${POD}inbox/` ],
      default: [], mode: [ `${ACL}Append` ] });
  });

  it('makes published portfolio pages public, but not the listing of the folder', (): void => {
    const published = `${POD}portfolio/published/`;
    const rules = authorizations(acls, 'portfolio/published/.acl');
    assert.deepEqual(Object.keys(rules).sort(), [ 'owner', 'public' ]);
    assert.deepEqual(rules.owner, ownerRule(published, true));
    assert.deepEqual(rules.public, { agent: [], agentClass: [ `${FOAF}Agent` ], accessTo: [], default: [ published ],
      mode: [ `${ACL}Read` ] });
  });

  it('gives every area to its owner, and keeps all but the inbox closed to others', (): void => {
    for (const area of POD_AREAS) {
      const rules = authorizations(acls, `${area.path}.acl`);
      assert.deepEqual(rules.owner, ownerRule(`${POD}${area.path}`, true), area.path);
      if (area.key !== 'inbox') {
        assert.deepEqual(Object.keys(rules), [ 'owner' ], `${area.path} is owner-only`);
      }
    }
  });

  it('gives control of every document to the owner only', (): void => {
    for (const acl of acls) {
      for (const [ name, rule ] of Object.entries(authorizations(acls, acl.path))) {
        if (rule.mode.some((mode): boolean => mode === `${ACL}Write` || mode === `${ACL}Control`)) {
          assert.deepEqual(rule.agent, [ WEBID ], `${acl.path}#${name}`);
          assert.deepEqual(rule.agentClass, [], `${acl.path}#${name}`);
        }
      }
    }
  });
});
