import type { FetchLike } from '../../../../../apps/home/src/data/fetchRdf.ts';

/**
 * An in-memory fake of the few Solid resources the home app reads, serving Turtle fixtures shaped like the
 * documents of a new Cartable pod (components/src/pods/PodDocuments.ts: relative IRIs, same prefixes).
 * Unit tests of pure parsing only: integration tests use the real server.
 */

export const POD = 'https://cartable.example/camille/';
export const WEB_ID = `${POD}profile/card#me`;

export const PROFILE = `
@prefix solid: <http://www.w3.org/ns/solid/terms#>.
@prefix pim: <http://www.w3.org/ns/pim/space#>.
@prefix ldp: <http://www.w3.org/ns/ldp#>.
@prefix foaf: <http://xmlns.com/foaf/0.1/>.
<> a foaf:PersonalProfileDocument;
    foaf:maker <#me>;
    foaf:primaryTopic <#me>.

<#me> a foaf:Person;
  solid:oidcIssuer <https://cartable.example/>;
  pim:storage <../>;
  solid:storage <../>;
  ldp:inbox <../inbox/>;
  pim:preferencesFile <../settings/prefs>;
  solid:publicTypeIndex <../settings/publicTypeIndex>.
`;

export const PREFERENCES = `
@prefix solid: <http://www.w3.org/ns/solid/terms#>.
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#>.
@prefix pim: <http://www.w3.org/ns/pim/space#>.
<> a pim:ConfigurationFile.

<../profile/card#me>
    solid:privateTypeIndex <privateTypeIndex>;
    rdfs:seeAlso <../profile/about>.
`;

export const ABOUT = `
@prefix foaf: <http://xmlns.com/foaf/0.1/>.
@prefix vcard: <http://www.w3.org/2006/vcard/ns#>.
@prefix schema: <http://schema.org/>.
@prefix cartable: <https://w3id.org/cartable/ns#>.
# Who this person is at school. Private: only the owner reads it (the ENT opens it to their school).
<> a foaf:Document;
    foaf:primaryTopic <card#me>.

<card#me>
    foaf:name "Camille Martin";
    vcard:fn "Camille Martin";
    cartable:role "pupil";
    schema:memberOf <#school>;
    schema:memberOf <#class>.

<#school> a schema:School;
    schema:name "Collège Jules Verne";
    schema:identifier "0351234A".

<#class> a schema:Organization, cartable:SchoolClass;
    schema:name "4e A".
`;

/** One served resource: a Turtle body, or another status. */
export interface FakeResource {
  readonly status?: number;
  readonly body?: string;
  readonly contentType?: string;
}

/** The resources of a complete Cartable pod for Camille. */
export function camillePod(): Record<string, FakeResource> {
  return {
    [`${POD}profile/card`]: { body: PROFILE },
    [`${POD}settings/prefs`]: { body: PREFERENCES },
    [`${POD}profile/about`]: { body: ABOUT },
  };
}

/** A request the fake saw. */
export interface FakeRequest {
  readonly url: string;
  readonly accept: string | null;
}

/** A `fetch` that also lists the requests it received. */
export type FakeFetch = FetchLike & { readonly requested: FakeRequest[] };

/** A `fetch` that serves `resources` (an `Error` is thrown as a network failure; unknown URLs are 404). */
export function fakeFetch(resources: Record<string, FakeResource | Error>): FakeFetch {
  const requested: FakeRequest[] = [];
  const fetchFn = async(input: string, init?: RequestInit): Promise<Response> => {
    requested.push({ url: input, accept: new Headers(init?.headers).get('accept') });
    const resource = resources[input];
    if (resource instanceof Error) {
      throw resource;
    }
    if (resource === undefined) {
      return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' }});
    }
    return new Response(resource.body ?? '', {
      status: resource.status ?? 200,
      headers: { 'content-type': resource.contentType ?? 'text/turtle' },
    });
  };
  return Object.assign(fetchFn, { requested });
}
