import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONSENTS_PATH, loadConsents } from '../../../../../apps/home/src/data/consents.ts';
import type { Consents } from '../../../../../apps/home/src/data/consents.ts';
import { FetchError } from '../../../../../apps/home/src/data/FetchError.ts';
import { fakeFetch, POD } from './fakePod.ts';

const RECORD_URL = `${POD}${CONSENTS_PATH}`;

/** The consent record as EntParentalAccess.writeConsentRecord writes it (same prefixes and layout). */
const RECORD = `@prefix dct: <http://purl.org/dc/terms/>.
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#>.
@prefix dpv: <https://w3id.org/dpv#>.
@prefix acl: <http://www.w3.org/ns/auth/acl#>.

<#parents> a dpv:Consent;
    rdfs:label "Mes parents voient ma scolarité"@fr, "My parents see my school records"@en;
    dct:description "Comme tu as moins de 15 ans, tes parents peuvent lire ton dossier « Scolarité ». À tes 15 ans (2027-03-14), tu seras prévenu(e)."@fr,
        "Because you are under 15, your parents can read your \\"School records\\" folder. On your 15th birthday (2027-03-14) you will be told."@en;
    dpv:hasDataSubject <../profile/card#me>;
    dpv:hasRecipient <https://cartable.example/groups/0359999D/parents-UID8849CAE5#members>;
    dct:subject <../school/>;
    acl:mode acl:Read;
    dct:valid "until 2027-03-14".
`;

describe('loadConsents', (): void => {
  it('reads the consent record of the pod: label and description in French and English, and its end date.',
    async(): Promise<void> => {
      const fetchFn = fakeFetch({ [RECORD_URL]: { body: RECORD }});
      const consents = await loadConsents(fetchFn, POD.slice(0, -1));
      assert.deepEqual(fetchFn.requested, [{ url: RECORD_URL, accept: 'text/turtle' }]);
      assert.deepEqual(consents, { grants: [{
        label: { fr: 'Mes parents voient ma scolarité', en: 'My parents see my school records' },
        description: {
          fr: 'Comme tu as moins de 15 ans, tes parents peuvent lire ton dossier « Scolarité ». À tes 15 ans (2027-03-14), tu seras prévenu(e).',
          en: 'Because you are under 15, your parents can read your "School records" folder. On your 15th birthday (2027-03-14) you will be told.',
        },
        until: '2027-03-14',
      }]});
    });

  it('shares nothing when the pod has no consent record (404, 410).', async(): Promise<void> => {
    const expected: Consents = { grants: []};
    assert.deepEqual(await loadConsents(fakeFetch({}), POD), expected);
    assert.deepEqual(await loadConsents(fakeFetch({ [RECORD_URL]: { status: 410 }}), POD), expected);
  });

  it('leaves out consents without a label, and reads one without an end date.', async(): Promise<void> => {
    const consents = await loadConsents(fakeFetch({ [RECORD_URL]: { body: `
      @prefix dpv: <https://w3id.org/dpv#>.
      @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#>.
      <#nameless> a dpv:Consent.
      <#plain> a dpv:Consent; rdfs:label "Mon tuteur voit mes projets".
    ` }}), POD);
    assert.deepEqual(consents, { grants: [{
      label: { fr: 'Mon tuteur voit mes projets', en: 'Mon tuteur voit mes projets' },
      description: { fr: '', en: '' },
      until: null,
    }]});
  });

  it('throws a FetchError for a malformed document, a refusal, a server error or no response.', async(): Promise<void> => {
    const cases = [
      { resource: { body: '<#parents> a dpv:Consent.' }, failure: 'syntax', statusCode: 200 },
      { resource: { status: 403 }, failure: 'status', statusCode: 403 },
      { resource: { status: 500 }, failure: 'status', statusCode: 500 },
      { resource: new TypeError('Failed to fetch'), failure: 'network', statusCode: null },
    ] as const;
    for (const { resource, failure, statusCode } of cases) {
      await assert.rejects(loadConsents(fakeFetch({ [RECORD_URL]: resource }), POD), (error: unknown): boolean => {
        assert.ok(error instanceof FetchError);
        assert.equal(error.url, RECORD_URL);
        assert.equal(error.failure, failure);
        assert.equal(error.statusCode, statusCode);
        return true;
      });
    }
  });
});
