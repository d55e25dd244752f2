/**
 * What the simulated ENT shows of its directory: the contacts API view (ent-api.md §3), the OpenID
 * Connect claims of a person, and the records of the institutional directory export.
 *
 * Pure functions over the directory: no HTTP here, so the views can be tested on their own.
 *
 * @module
 */

/** @typedef {import('./directory.mjs').Directory} Directory */
/** @typedef {import('./directory.mjs').Person} Person */
/** @typedef {import('./directory.mjs').Group} Group */
/** @typedef {import('./directory.mjs').School} School */

/**
 * @typedef {object} ContactsResponse
 * @property {Array<{ structure: string, name: string, groups: Array<{ gid: string, name: string, group_contacts: Array<{ uuid: string }> }> }>} structures
 * @property {Array<{ uuid: string, firstname: string, lastname: string, title: string, cloud_url: string, mail?: string }>} contacts
 */

/**
 * A person as an entry of `contacts[]`. `uuid` is the person's ENTPersonUid (an assumption: the connector
 * only needs it to be a stable person id). `cloud_url` is always empty (no Cozy instance). Pupils' mail
 * addresses are left out.
 * @param {Person} person
 */
function contactOf(person) {
  /** @type {ContactsResponse['contacts'][number]} */
  const contact = {
    uuid: person.uid, firstname: person.firstName, lastname: person.lastName, title: person.title, cloud_url: '',
  };
  if (person.role !== 'eleve') {
    contact.mail = person.mail;
  }
  return contact;
}

/**
 * The contacts API view of a person (`GET /contacts/{uid}`), or null when there is nothing to show
 * (the API then answers 204).
 *
 * - A pupil sees their class and option groups (classmates) and an "Enseignants" group with the teachers
 *   of those groups, the CPE and the documentaliste of the school.
 * - A teacher sees the classes and option groups they teach and the "Enseignants" group of the school
 *   (every teacher and staff member).
 * - CPE, documentaliste and direction see every class of the school and the "Enseignants" group.
 * - Parents get no contacts (204): the connector's description of the API covers pupils and teachers only.
 *
 * @param {Directory} directory
 * @param {Person} person
 * @returns {ContactsResponse|null}
 */
export function contactsFor(directory, person) {
  const school = directory.structure(person.uai);
  if (!school || person.role === 'parent') {
    return null;
  }
  const staffGroup = /** @type {Group} */ (school.byGid.get('ENS'));
  /** @type {Group[]} */
  let shown;
  /** @type {string[]} */
  let staff;
  if (person.role === 'eleve' || person.role === 'enseignant') {
    shown = person.groups.map((gid) => school.byGid.get(gid)).filter((g) => g !== undefined);
    if (person.role === 'eleve') {
      const seeAlso = staffGroup.members.filter((uid) => {
        const role = school.byUid.get(uid)?.role;
        return role === 'cpe' || role === 'documentaliste';
      });
      staff = [...new Set([...shown.flatMap((g) => g.teachers), ...seeAlso])];
    } else {
      staff = staffGroup.members;
    }
  } else {
    shown = school.groups.filter((g) => g.category === 'classe');
    staff = staffGroup.members;
  }
  const groups = shown.map((g) => ({ gid: g.gid, name: g.name, group_contacts: g.members.map((uuid) => ({ uuid })) }));
  if (staff.length > 0) {
    groups.push({ gid: staffGroup.gid, name: staffGroup.name, group_contacts: staff.map((uuid) => ({ uuid })) });
  }
  if (groups.length === 0) {
    return null;
  }
  /** @type {Map<string, ContactsResponse['contacts'][number]>} */
  const contacts = new Map();
  for (const group of groups) {
    for (const { uuid } of group.group_contacts) {
      const member = school.byUid.get(uuid);
      if (member && !contacts.has(uuid)) {
        contacts.set(uuid, contactOf(member));
      }
    }
  }
  return { structures: [{ structure: school.uai, name: school.name, groups }], contacts: [...contacts.values()] };
}

/**
 * The OpenID Connect claims of a person. Which of them a client receives depends on the scopes
 * (see server.mjs): `ENTPersonUid` and `unik` are evidenced (ent-api.md §2.6); the others are
 * assumptions modelled on the ENT's LDAP entry (`ENTPersonProfils`, `title`) and on standard claims.
 * @param {Person} person
 */
export function claimsOf(person) {
  return {
    sub: person.sub,
    ENTPersonUid: person.uid,
    unik: person.login,
    given_name: person.firstName,
    family_name: person.lastName,
    name: `${person.firstName} ${person.lastName}`,
    ...(person.birthDate ? { birthdate: person.birthDate } : {}),
    email: person.mail,
    ENTPersonProfils: person.profiles,
    ENTPersonStructRattach: person.uai,
    title: person.title,
  };
}

/**
 * The records of one structure for the directory export, as NDJSON lines: the structure, its groups,
 * then its persons (pupils, staff, parents).
 * @param {School} school
 */
export function* exportRecords(school) {
  yield {
    type: 'structure', uai: school.uai, name: school.name, kind: school.kind, city: school.city,
    schoolYear: `${school.schoolYear}-${school.schoolYear + 1}`,
  };
  for (const g of school.groups) {
    yield {
      type: 'group', uai: school.uai, gid: g.gid, name: g.name, category: g.category, level: g.level,
      subject: g.subject, members: g.members, teachers: g.teachers,
    };
  }
  for (const p of school.persons) {
    yield {
      type: 'person', uid: p.uid, login: p.login, uai: p.uai, firstname: p.firstName, lastname: p.lastName,
      role: p.role, title: p.title, profiles: p.profiles, birthdate: p.birthDate, classe: p.classGid,
      groups: p.groups, subject: p.subject, parents: p.parents, children: p.children, mail: p.mail,
    };
  }
}
