import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CatalogueSyncs, applicationsFor } from '../../../ent-sim/catalogue.mjs';
import { createDemoDirectory, createDirectory } from '../../../ent-sim/directory.mjs';
import { claimsOf, contactsFor, exportRecords } from '../../../ent-sim/views.mjs';

const YEAR = 2025;

describe('contacts view', () => {
  const demo = createDemoDirectory({ schoolYear: YEAR });
  const person = (/** @type {string} */ login) => {
    const p = demo.personByLogin(login);
    assert.ok(p, login);
    return p;
  };
  const uids = (/** @type {string[]} */ logins) => logins.map((l) => person(l).uid).sort();

  it('shows a pupil the classmates of their groups and their own teachers only', () => {
    const view = contactsFor(demo, person('camille.martin'));
    assert.ok(view);
    assert.equal(view.structures.length, 1);
    const [structure] = view.structures;
    assert.equal(structure.structure, person('camille.martin').uai);
    assert.deepEqual(structure.groups.map((g) => g.gid), ['4A', '4LAT', 'ENS']);
    assert.equal(structure.groups[0].name, '2025-2026 4A');
    assert.deepEqual(structure.groups[0].group_contacts.map((c) => c.uuid).sort(), uids(['camille.martin', 'lina.legoff', 'noe.tanguy']));
    // Her teacher, the CPE and the documentaliste; not the Spanish teacher of the 3e.
    assert.deepEqual(structure.groups[2].group_contacts.map((c) => c.uuid).sort(), uids(['claire.morvan', 'yann.lebihan', 'anne.quere']));
    assert.equal(new Set(view.contacts.map((c) => c.uuid)).size, view.contacts.length);
    assert.deepEqual(view.contacts.map((c) => c.uuid).sort(), uids(['camille.martin', 'lina.legoff', 'noe.tanguy', 'claire.morvan', 'yann.lebihan', 'anne.quere']));
    const lina = view.contacts.find((c) => c.uuid === person('lina.legoff').uid);
    assert.deepEqual(lina, { uuid: person('lina.legoff').uid, firstname: 'Lina', lastname: 'Le Goff', title: 'ele', cloud_url: '' });
    assert.equal(view.contacts.find((c) => c.uuid === person('claire.morvan').uid)?.title, 'ens');
    assert.equal(view.contacts.find((c) => c.uuid === person('anne.quere').uid)?.title, 'DOC');
  });

  it('shows a teacher their classes and every teacher of the school', () => {
    const view = contactsFor(demo, person('erwan.cadiou'));
    assert.ok(view);
    assert.deepEqual(view.structures[0].groups.map((g) => g.gid), ['3ESP', 'ENS']);
    assert.deepEqual(view.structures[0].groups[1].group_contacts.map((c) => c.uuid).sort(),
      uids(['claire.morvan', 'erwan.cadiou', 'yann.lebihan', 'anne.quere']));
    assert.ok(view.contacts.find((c) => c.title === 'ens')?.mail?.endsWith('.invalid'));
  });

  it('shows the CPE every class, and parents nothing (204)', () => {
    assert.deepEqual(contactsFor(demo, person('yann.lebihan'))?.structures[0].groups.map((g) => g.gid), ['4A', '3B', 'ENS']);
    assert.equal(contactsFor(demo, person('sophie.martin')), null);
  });

  it('scales to a generated lycée', () => {
    const directory = createDirectory({ seed: 2, schoolYear: YEAR });
    const school = directory.school(1);
    const pupil = /** @type {import('../../../ent-sim/directory.mjs').Person} */ (school.persons.find((p) => p.classGid?.startsWith('1RE')));
    const view = contactsFor(directory, pupil);
    assert.ok(view);
    assert.equal(view.structures[0].groups.length, pupil.groups.length + 1);
    const teachers = view.contacts.filter((c) => c.title === 'ens');
    assert.ok(teachers.length >= 8 && teachers.length <= 20, `${teachers.length} teachers`);
  });
});

describe('claims and export', () => {
  const demo = createDemoDirectory({ schoolYear: YEAR });

  it('gives ENTPersonUid, unik and the assumed profile claims', () => {
    const camille = /** @type {import('../../../ent-sim/directory.mjs').Person} */ (demo.personByLogin('camille.martin'));
    const claims = claimsOf(camille);
    assert.equal(claims.ENTPersonUid, camille.uid);
    assert.equal(claims.unik, 'camille.martin');
    assert.notEqual(claims.sub, camille.uid);
    assert.deepEqual(claims.ENTPersonProfils, ['National_ELV']);
    assert.equal(claims.birthdate, camille.birthDate);
    assert.equal('birthdate' in claimsOf(/** @type {any} */ (demo.personByLogin('claire.morvan'))), false);
  });

  it('exports a structure, its groups and its persons', () => {
    const school = /** @type {import('../../../ent-sim/directory.mjs').School} */ (demo.structure(demo.structures()[0].uai));
    const records = [...exportRecords(school)];
    assert.equal(records[0].type, 'structure');
    assert.equal(records.filter((r) => r.type === 'group').length, school.groups.length);
    assert.equal(records.filter((r) => r.type === 'person').length, 12);
    const parent = records.find((r) => r.type === 'person' && r.login === 'sophie.martin');
    assert.deepEqual(parent?.children, [demo.personByLogin('camille.martin')?.uid]);
  });
});

describe('catalogue', () => {
  it('reports a synchronisation from never, waiting and in progress to done', () => {
    const syncs = new CatalogueSyncs({ delayMs: 1000 });
    assert.equal(syncs.status('x', 0).state, 'NEVER_SYNCHRONIZED');
    syncs.request('x', 10_000);
    assert.equal(syncs.status('x', 10_100).state, 'WAITING');
    assert.equal(syncs.status('x', 10_600).state, 'IN_PROGRESS');
    const done = syncs.status('x', 11_000);
    assert.equal(done.state, 'DONE');
    assert.equal(done.finished, '1970-01-01T00:00:11');
    assert.equal(done.nextNotBefore, '1970-01-01T00:15:11');
    assert.equal(syncs.lastFinished('x', 10_999), null);
  });

  it('lists role-dependent applications with the fields the connectors read', () => {
    const demo = createDemoDirectory({ schoolYear: YEAR });
    const context = { baseUrl: 'http://ent.test', schoolYear: YEAR, lastSync: null };
    const pupilApps = applicationsFor(/** @type {any} */ (demo.personByLogin('camille.martin')), context);
    const parentApps = applicationsFor(/** @type {any} */ (demo.personByLogin('sophie.martin')), context);
    assert.ok(pupilApps.length > parentApps.length);
    const titles = pupilApps.map((a) => a.title[0]);
    for (const title of ['Pronote', 'Éléa', 'CDI - e-sidoc', 'Messagerie', 'Médiacentre']) {
      assert.ok(titles.includes(title), title);
    }
    assert.ok(pupilApps.some((a) => a.rights === 'GAR' && a.extensionGAR));
    for (const app of pupilApps) {
      assert.ok(Array.isArray(app.title));
      assert.equal(app.hubMetadata.idInterne, app.hubMetadata.idInterneCUA);
      assert.match(app.vignette, /^http:\/\/ent\.test\/vignettes\/[\w-]+\.svg$/);
    }
    const favourites = pupilApps.filter((a) => a.hubMetadata.favori).map((a) => a.hubMetadata.rangFavori);
    assert.deepEqual(favourites, favourites.map((_, i) => i + 1));
  });
});
