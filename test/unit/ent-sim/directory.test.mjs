import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';

import {
  ageOn, createDemoDirectory, createDirectory, isUnder15, listDemoAccounts, seedToInt,
} from '../../../ent-sim/directory.mjs';

const YEAR = 2025;
const RENTREE = new Date(Date.UTC(YEAR, 8, 1));

/**
 * A digest of everything a directory generates.
 * @param {import('../../../ent-sim/directory.mjs').Directory} directory
 */
function digest(directory) {
  const hash = createHash('sha256');
  for (const school of directory.schools()) {
    hash.update(JSON.stringify({ uai: school.uai, name: school.name, groups: school.groups }));
    for (const person of school.persons) {
      hash.update(JSON.stringify(person));
    }
  }
  return hash.digest('hex');
}

describe('directory generation', () => {
  it('gives the same directory for the same seed', () => {
    const a = createDirectory({ seed: 42, schoolYear: YEAR });
    const b = createDirectory({ seed: 42, schoolYear: YEAR });
    assert.equal(digest(a), digest(b));
    assert.equal(seedToInt(42), seedToInt('42'));
  });

  it('gives other people and other identifiers for another seed', () => {
    const a = createDirectory({ seed: 42, schoolYear: YEAR });
    const b = createDirectory({ seed: 43, schoolYear: YEAR });
    assert.notEqual(digest(a), digest(b));
    const uidsA = new Set([...a.persons()].map((p) => p.uid));
    const shared = [...b.persons()].filter((p) => uidsA.has(p.uid));
    assert.ok(shared.length < 5, `${shared.length} uids shared between seeds`);
  });

  it('makes a collège and a lycée by default, with UAI-like codes', () => {
    const structures = createDirectory({ seed: 1, schoolYear: YEAR }).structures();
    assert.deepEqual(structures.map((s) => s.kind), ['college', 'lycee']);
    for (const s of structures) {
      assert.match(s.uai, /^0(35|22|29|56)\d{4}[A-HJ-NPR-Z]$/);
      assert.match(s.name, /^(COLLEGE|LYCEE) /);
    }
  });

  it('sizes the directory by number of pupils exactly', () => {
    const directory = createDirectory({ seed: 5, pupils: 1234, schoolYear: YEAR });
    assert.equal(directory.stats().pupils, 1234);
    assert.equal([...directory.persons()].filter((p) => p.role === 'eleve').length, 1234);
    assert.throws(() => createDirectory({ pupils: 0 }), RangeError);
    assert.throws(() => createDirectory({ schools: 5000 }), RangeError);
  });

  it('gives every person a unique opaque uid, subject and login that lead back to them', () => {
    const directory = createDirectory({ seed: 7, schools: 4, schoolYear: YEAR });
    const persons = [...directory.persons()];
    for (const key of /** @type {const} */ (['uid', 'sub', 'login', 'mail'])) {
      assert.equal(new Set(persons.map((p) => p[key])).size, persons.length, `${key} not unique`);
    }
    for (const p of persons.filter((_, i) => i % 37 === 0)) {
      assert.match(p.uid, /^UID[0-9A-F]{8}$/);
      assert.match(p.login, /^[a-z-]+\.[a-z-]+[1-9]\d*$/);
      assert.equal(directory.person(p.uid)?.login, p.login);
      assert.equal(directory.personBySub(p.sub)?.uid, p.uid);
      assert.equal(directory.personByLogin(p.login.toUpperCase())?.uid, p.uid);
    }
    assert.equal(directory.person('UID00000000'), null);
    assert.equal(directory.person('not-a-uid'), null);
    assert.equal(directory.personByLogin('camille.martin999999'), null);
  });

  it('numbers homonyms in order: the first of a name is 1, the next 2', () => {
    const directory = createDirectory({ seed: 3, schools: 6, schoolYear: YEAR });
    /** @type {Map<string, number[]>} */
    const byName = new Map();
    for (const p of directory.persons()) {
      const base = p.login.replace(/\d+$/, '');
      byName.set(base, [...(byName.get(base) ?? []), Number(/\d+$/.exec(p.login)?.[0])]);
    }
    for (const [name, numbers] of byName) {
      assert.deepEqual(numbers, numbers.map((_, i) => i + 1), name);
    }
    assert.ok([...byName.values()].some((n) => n.length > 1), 'no homonyms at all');
  });
});

describe('ages', () => {
  it('counts whole years, birthdays included', () => {
    assert.equal(ageOn('2011-03-14', new Date(Date.UTC(2026, 2, 13))), 14);
    assert.equal(ageOn('2011-03-14', new Date(Date.UTC(2026, 2, 14))), 15);
    assert.equal(isUnder15({ birthDate: '2011-03-14' }, new Date(Date.UTC(2026, 2, 13))), true);
    assert.equal(isUnder15({ birthDate: '2011-03-14' }, new Date(Date.UTC(2026, 2, 14))), false);
    assert.equal(isUnder15({ birthDate: null }), false);
  });

  it('gives pupils birth dates that fit their level, some under 15 and some not', () => {
    const directory = createDirectory({ seed: 11, schools: 3, schoolYear: YEAR });
    const offsets = { '6e': 0, '5e': 1, '4e': 2, '3e': 3, '2nde': 4, '1re': 5, Tle: 6 };
    let under = 0;
    let over = 0;
    for (const school of directory.schools()) {
      for (const p of school.persons.filter((x) => x.role === 'eleve')) {
        const level = /** @type {keyof typeof offsets} */ (school.byGid.get(/** @type {string} */ (p.classGid))?.level);
        const age = ageOn(/** @type {string} */ (p.birthDate), RENTREE);
        assert.ok(age >= 9 + offsets[level] && age <= 12 + offsets[level], `${p.login} in ${level} is ${age}`);
        if (isUnder15(p, RENTREE)) {
          under++;
        } else {
          over++;
        }
        if (level === '6e') {
          assert.ok(isUnder15(p, RENTREE));
        }
        if (level === 'Tle') {
          assert.ok(!isUnder15(p, RENTREE));
        }
      }
      for (const p of school.persons.filter((x) => x.role !== 'eleve')) {
        assert.equal(p.birthDate, null);
      }
    }
    assert.ok(under > 100 && over > 100, `${under} under 15, ${over} aged 15+`);
  });
});

describe('families', () => {
  it('links every pupil to one or two parents, both ways, siblings sharing theirs', () => {
    const directory = createDirectory({ seed: 13, schools: 2, schoolYear: YEAR });
    let siblings = 0;
    let singleParent = 0;
    for (const school of directory.schools()) {
      for (const pupil of school.persons.filter((p) => p.role === 'eleve')) {
        assert.ok(pupil.parents.length === 1 || pupil.parents.length === 2, `${pupil.login} has ${pupil.parents.length} parents`);
        singleParent += pupil.parents.length === 1 ? 1 : 0;
        const parents = pupil.parents.map((uid) => school.byUid.get(uid));
        for (const parent of parents) {
          assert.equal(parent?.role, 'parent');
          assert.equal(parent?.title, 'TUT');
          assert.ok(parent?.children.includes(pupil.uid));
        }
        assert.ok(parents.some((p) => p?.lastName === pupil.lastName), `${pupil.login} shares no name with a parent`);
      }
      for (const parent of school.persons.filter((p) => p.role === 'parent')) {
        assert.ok(parent.children.length >= 1);
        if (parent.children.length > 1) {
          siblings++;
          const kids = parent.children.map((uid) => school.byUid.get(uid));
          assert.equal(new Set(kids.map((k) => k?.parents.join())).size, 1, 'siblings with different parents');
        }
        for (const uid of parent.children) {
          assert.ok(school.byUid.get(uid)?.parents.includes(parent.uid));
        }
      }
    }
    assert.ok(siblings > 10, `only ${siblings} parents of siblings`);
    assert.ok(singleParent > 10, `only ${singleParent} pupils with one parent`);
  });
});

describe('groups and staff', () => {
  it('fills classes of about 30, option groups of at most 30, and staffs every school', () => {
    const directory = createDirectory({ seed: 17, schools: 3, schoolYear: YEAR });
    for (const school of directory.schools()) {
      const [min, max] = school.kind === 'college' ? [24, 30] : [28, 35];
      const pupils = school.persons.filter((p) => p.role === 'eleve');
      const classes = school.groups.filter((g) => g.category === 'classe');
      const levels = school.kind === 'college' ? ['6e', '5e', '4e', '3e'] : ['2nde', '1re', 'Tle'];
      assert.deepEqual([...new Set(classes.map((c) => c.level))], levels);
      for (const c of classes) {
        assert.ok(c.members.length >= min && c.members.length <= max, `${c.gid}: ${c.members.length}`);
        assert.ok(c.teachers.length >= (school.kind === 'college' ? 9 : 5), `${c.gid} has ${c.teachers.length} teachers`);
        assert.match(c.name, /^2025-2026 /);
      }
      assert.equal(classes.reduce((n, c) => n + c.members.length, 0), pupils.length);
      for (const g of school.groups.filter((x) => x.category === 'option')) {
        assert.ok(g.members.length >= 1 && g.members.length <= 30, `${g.gid}: ${g.members.length}`);
        assert.equal(g.teachers.length, 1, `${g.gid} teachers`);
        for (const uid of g.members) {
          const pupil = school.byUid.get(uid);
          assert.equal(school.byGid.get(/** @type {string} */ (pupil?.classGid))?.level, g.level);
          assert.ok(pupil?.groups.includes(g.gid));
        }
      }
      for (const pupil of pupils) {
        assert.equal(pupil.groups[0], pupil.classGid);
        assert.ok(school.byGid.get(/** @type {string} */ (pupil.classGid))?.members.includes(pupil.uid));
        const level = school.byGid.get(/** @type {string} */ (pupil.classGid))?.level;
        const specialites = pupil.groups.filter((gid) => school.byGid.get(gid)?.name.includes(' SPE '));
        assert.equal(specialites.length, level === '1re' ? 3 : level === 'Tle' ? 2 : 0, `${pupil.login} in ${level}`);
        if (level !== '6e') {
          assert.equal(pupil.groups.filter((gid) => /(ESP|ALL)\d*$/.test(gid)).length, 1, `${pupil.login}: LV2`);
        }
      }
      const staff = school.persons.filter((p) => !['eleve', 'parent'].includes(p.role));
      assert.equal(staff.filter((p) => p.role === 'cpe').length, 1);
      assert.equal(staff.filter((p) => p.role === 'documentaliste').length, 1);
      assert.deepEqual(school.byGid.get('ENS')?.members, staff.map((p) => p.uid));
      for (const teacher of staff.filter((p) => p.role === 'enseignant')) {
        assert.ok(teacher.subject);
        assert.ok(teacher.groups.length >= 1);
        for (const gid of teacher.groups) {
          assert.ok(school.byGid.get(gid)?.teachers.includes(teacher.uid));
        }
      }
      assert.ok(school.groups.some((g) => g.gid.includes('LAT')), 'no latin');
    }
  });
});

describe('demo directory', () => {
  it('has the documented accounts, stable across runs', () => {
    const accounts = listDemoAccounts({ schoolYear: YEAR });
    const byLogin = new Map(accounts.map((a) => [a.login, a]));
    assert.equal(accounts.filter((a) => a.classGid === '4A').length >= 3, true);
    assert.equal(accounts.filter((a) => a.classGid === '3B').length >= 3, true);
    assert.ok(accounts.some((a) => a.role === 'enseignant'));
    assert.ok(accounts.some((a) => a.role === 'cpe'));
    const parent = accounts.find((a) => a.role === 'parent' && a.children.some((c) => byLogin.get(c)?.under15AtRentree));
    assert.ok(parent, 'no parent of a pupil under 15');
    assert.ok(accounts.some((a) => a.role === 'eleve' && !a.under15AtRentree), 'no pupil aged 15');
    assert.equal(byLogin.get('camille.martin')?.uid, 'UID92EC3BFB');
    assert.equal(byLogin.get('claire.morvan')?.uid, 'UID254689DE');
    for (const a of accounts) {
      assert.equal(a.password, 'demo');
    }
  });

  it('authenticates with the shared password only', () => {
    const directory = createDemoDirectory({ schoolYear: YEAR });
    assert.equal(directory.authenticate('camille.martin', 'demo')?.firstName, 'Camille');
    assert.equal(directory.authenticate('Camille.Martin ', 'demo')?.firstName, 'Camille');
    assert.equal(directory.authenticate('camille.martin', 'Demo'), null);
    assert.equal(directory.authenticate('nobody.here', 'demo'), null);
  });
});
