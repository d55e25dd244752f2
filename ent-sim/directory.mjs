/**
 * The simulated ENT's directory (annuaire): schools, classes, option groups, pupils, teachers, staff
 * and parents, generated from a seed.
 *
 * Why it exists: Cartable logs people in through the académie's ENT and builds class and option groups
 * from its directory. Tests and local runs need a directory that looks like the académie's (collèges
 * 6e–3e, lycées 2nde–Tle, options, siblings, parents, minors under and over 15) without holding a single
 * real person. Everything here is invented and reproducible: the same seed always gives the same people
 * with the same identifiers.
 *
 * Scale: the académie de Rennes has about 170,000 pupils. Nothing here holds the whole directory in
 * memory. A school is generated on demand from `(seed, school index)` and kept in a small LRU cache;
 * identifiers are a keyed permutation of `(school, kind, rank)`, so a uid leads straight to its school.
 * The only structure that grows with the size is the login index (≈ 20 bytes per person), which gives
 * logins realistic homonym numbers (`camille.martin7` is the 7th Camille Martin of the académie).
 *
 * Role codes (`title` in the contacts API, ent-api.md §3.3): `ele` and `ens` are evidenced. The others
 * are an assumption, taken from the national ENT profiles (SDET `National_*`): `TUT` parent (tuteur),
 * `EDU` CPE (personnel d'éducation), `DOC` professeur documentaliste (also used in ent-api.md's example),
 * `DIR` direction.
 *
 * @module
 */

import { timingSafeEqual, createHash } from 'node:crypto';

import {
  GIRL_NAMES, BOY_NAMES, WOMAN_NAMES, MAN_NAMES, FAMILY_NAMES, SCHOOL_PATRONS, TOWNS,
} from './names.mjs';

/** @typedef {'eleve'|'enseignant'|'cpe'|'documentaliste'|'direction'|'parent'} Role */
/** @typedef {'college'|'lycee'} SchoolKind */
/** @typedef {'classe'|'option'|'personnel'} GroupCategory */

/**
 * One person of the directory.
 * @typedef {object} Person
 * @property {string} uid ENTPersonUid: opaque, stable for a seed ("UID" + 8 hex digits).
 * @property {string} sub OpenID Connect subject: another opaque id (8 lower-case hex digits), distinct from uid.
 * @property {string} login The `unik` login, e.g. "camille.martin7".
 * @property {string} firstName
 * @property {string} lastName
 * @property {'F'|'M'} gender
 * @property {Role} role
 * @property {string} title Role code as in the contacts API (`ele`, `ens`, `EDU`, `DOC`, `DIR`, `TUT`).
 * @property {string[]} profiles National ENT profiles (`National_ELV`, ...), as `ENTPersonProfils`.
 * @property {string} uai The structure (school) the person belongs to.
 * @property {string} structureName
 * @property {string|null} birthDate ISO date for pupils, null for adults.
 * @property {string|null} classGid Pupils: the gid of their class.
 * @property {string[]} groups Pupils: class and option gids; teachers: the gids they teach.
 * @property {string|null} subject Teachers: the subject they teach.
 * @property {string[]} parents Pupils: uids of their parents.
 * @property {string[]} children Parents: uids of their children.
 * @property {string} mail An invented address under example.invalid.
 */

/**
 * A group of a structure.
 * @typedef {object} Group
 * @property {string} gid Group code ("4A", "4LAT", "1RE-MATHS2", "ENS").
 * @property {string} name Display name ("2025-2026 4A").
 * @property {GroupCategory} category
 * @property {string|null} level Level label ("4e", "1re") or null for staff groups.
 * @property {string|null} subject The subject for option groups (Latin, Espagnol, spécialités).
 * @property {string[]} members uids: pupils of a class or option group; every staff member for "ENS".
 * @property {string[]} teachers uids of the teachers of this group.
 */

/**
 * A school, fully generated.
 * @typedef {object} School
 * @property {number} index
 * @property {string} uai
 * @property {string} name
 * @property {SchoolKind} kind
 * @property {string} city
 * @property {number} schoolYear Start year of the school year (2025 for 2025-2026).
 * @property {Group[]} groups
 * @property {Person[]} persons Pupils, then staff, then parents.
 * @property {Map<string, Person>} byUid
 * @property {Map<string, Group>} byGid
 */

/** Role code in the contacts API, per role. */
export const ROLE_TITLES = Object.freeze({
  eleve: 'ele', enseignant: 'ens', cpe: 'EDU', documentaliste: 'DOC', direction: 'DIR', parent: 'TUT',
});

/** National ENT profile (SDET) per role, exposed as `ENTPersonProfils`. */
export const ROLE_PROFILES = Object.freeze({
  eleve: 'National_ELV', enseignant: 'National_ENS', cpe: 'National_EDU',
  documentaliste: 'National_DOC', direction: 'National_DIR', parent: 'National_TUT',
});

/** The password of every person of a directory unless one is configured. */
export const DEFAULT_PASSWORD = 'demo';

/** Pupils per school at most in one option group before it is split. */
const OPTION_GROUP_MAX = 30;
/** Identifier layout: 12 bits of school, 2 of kind, 18 of rank. */
const MAX_SCHOOLS = 4096;
const KIND_PUPIL = 0;
const KIND_STAFF = 1;
const KIND_PARENT = 2;
const MAIL_DOMAIN = 'ent.example.invalid';

/** Levels per kind of school. `offset` is years after the 6e (a 6e pupil turns 11 in the start year). */
const LEVELS = Object.freeze({
  college: [
    { code: '6', label: '6e', offset: 0 }, { code: '5', label: '5e', offset: 1 },
    { code: '4', label: '4e', offset: 2 }, { code: '3', label: '3e', offset: 3 },
  ],
  lycee: [
    { code: '2ND', label: '2nde', offset: 4 }, { code: '1RE', label: '1re', offset: 5 },
    { code: 'TLE', label: 'Tle', offset: 6 },
  ],
});

/** Option groups: code → display name and the subject of their teacher. */
const OPTIONS = Object.freeze({
  LAT: { name: 'LATIN', subject: 'Latin' },
  ESP: { name: 'ESPAGNOL', subject: 'Espagnol' },
  ALL: { name: 'ALLEMAND', subject: 'Allemand' },
  MATHS: { name: 'SPE MATHS', subject: 'Mathématiques' },
  PC: { name: 'SPE PHYSIQUE-CHIMIE', subject: 'Physique-chimie' },
  SVT: { name: 'SPE SVT', subject: 'SVT' },
  SES: { name: 'SPE SES', subject: 'SES' },
  HGGSP: { name: 'SPE HGGSP', subject: 'Histoire-géographie' },
  HLP: { name: 'SPE HLP', subject: 'Philosophie' },
  LLCER: { name: 'SPE LLCER ANGLAIS', subject: 'Anglais' },
  NSI: { name: 'SPE NSI', subject: 'NSI' },
  SI: { name: 'SPE SI', subject: "Sciences de l'ingénieur" },
});
const OPTION_ORDER = Object.keys(OPTIONS);
/** Spécialités of the voie générale with a rough popularity weight. */
const SPECIALITES = [
  ['MATHS', 65], ['PC', 40], ['SVT', 40], ['SES', 35], ['HGGSP', 30], ['LLCER', 20], ['HLP', 12],
  ['NSI', 12], ['SI', 8],
];

/**
 * Subjects taught per class, the levels where they are taught (null = every level) and how many
 * classes or groups one teacher takes.
 * @type {Record<SchoolKind, Array<[string, number, string[]|null]>>}
 */
const CLASS_SUBJECTS = {
  college: [
    ['Français', 4, null], ['Mathématiques', 4, null], ['Histoire-géographie', 5, null],
    ['Anglais', 5, null], ['SVT', 7, null], ['Physique-chimie', 7, ['5', '4', '3']],
    ['Technologie', 8, null], ['EPS', 6, null], ['Arts plastiques', 16, null],
    ['Éducation musicale', 16, null],
  ],
  lycee: [
    ['Français', 4, ['2ND', '1RE']], ['Philosophie', 5, ['TLE']], ['Mathématiques', 5, ['2ND']],
    ['Physique-chimie', 5, ['2ND']], ['SVT', 5, ['2ND']], ['SES', 5, ['2ND']],
    ['Histoire-géographie', 5, null], ['Anglais', 5, null], ['EPS', 6, null],
    ['Enseignement scientifique', 6, ['1RE', 'TLE']],
  ],
};
/** Groups per teacher for subjects only taught in option groups. */
const GROUP_ONLY_CAPACITY = 6;

const UAI_KEYS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const DEPARTEMENTS = ['035', '022', '029', '056'];

// ---------------------------------------------------------------------------------------------------
// Deterministic randomness

/** @param {number} x */
function mix32(x) {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** @param {number} a @param {number} b @param {number} c */
function hash3(a, b, c) {
  return mix32(mix32(mix32((a + 0x9e3779b9) | 0) ^ b) ^ c);
}

/**
 * Small fast PRNG (mulberry32). Returns floats in [0, 1).
 * @param {number} state
 * @returns {() => number}
 */
function rngFrom(state) {
  let a = state | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @template T @param {() => number} rng @param {readonly T[]} list @returns {T} */
function pick(rng, list) {
  return list[Math.floor(rng() * list.length)];
}

/** @param {() => number} rng @param {number} min @param {number} max inclusive */
function between(rng, min, max) {
  return min + Math.floor(rng() * (max - min + 1));
}

/**
 * Turns a seed (number or string) into 32 bits. `42` and `"42"` are the same seed.
 * @param {number|string} seed
 */
export function seedToInt(seed) {
  const text = String(seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(h >>> 0);
}

/**
 * A keyed 32-bit permutation (4-round Feistel network): identifiers look random, are unique, and decode
 * back to their position without any table.
 */
class Permutation32 {
  /** @param {number} seedInt @param {number} tag */
  constructor(seedInt, tag) {
    /** @type {number[]} */
    this.keys = [0, 1, 2, 3].map((i) => hash3(seedInt, tag, i));
  }

  /** @param {number} value */
  encode(value) {
    let l = value >>> 16;
    let r = value & 0xffff;
    for (const k of this.keys) {
      const t = l ^ (mix32(r ^ k) & 0xffff);
      l = r;
      r = t;
    }
    return ((l << 16) | r) >>> 0;
  }

  /** @param {number} value */
  decode(value) {
    let l = value >>> 16;
    let r = value & 0xffff;
    for (let i = this.keys.length - 1; i >= 0; i--) {
      const t = r ^ (mix32(l ^ this.keys[i]) & 0xffff);
      r = l;
      l = t;
    }
    return ((l << 16) | r) >>> 0;
  }
}

// ---------------------------------------------------------------------------------------------------
// Names and logins

/** @type {Map<string, string>} */
const normalized = new Map();

/**
 * Login form of a name: lower case, no accents, no spaces or apostrophes ("Le Floc'h" → "lefloch").
 * @param {string} name
 */
export function loginPart(name) {
  let out = normalized.get(name);
  if (out === undefined) {
    out = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z-]/g, '');
    normalized.set(name, out);
  }
  return out;
}

/** @param {string} first @param {string} last */
function nameKey(first, last) {
  return `${loginPart(first)}.${loginPart(last)}`;
}

/**
 * The age in whole years on a date.
 * @param {string} birthDate ISO date
 * @param {Date} [at]
 */
export function ageOn(birthDate, at = new Date()) {
  const [y, m, d] = birthDate.split('-').map(Number);
  let age = at.getUTCFullYear() - y;
  const beforeBirthday = at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d);
  if (beforeBirthday) {
    age -= 1;
  }
  return age;
}

/**
 * Whether a person is a minor under 15 on a date (the age under which, in Cartable, parents see school
 * records by default). Adults of the directory have no birth date and are never under 15.
 * @param {Pick<Person, 'birthDate'>} person
 * @param {Date} [at]
 */
export function isUnder15(person, at = new Date()) {
  return person.birthDate !== null && ageOn(person.birthDate, at) < 15;
}

/**
 * The school year a date falls in, as its start year (September → August; from August on, the
 * directory already shows the coming year, as ENT directories are loaded before the rentrée).
 * @param {Date} [at]
 */
export function currentSchoolYear(at = new Date()) {
  return at.getUTCMonth() >= 7 ? at.getUTCFullYear() : at.getUTCFullYear() - 1;
}

/** @param {number} year */
function yearLabel(year) {
  return `${year}-${year + 1}`;
}

/** @param {string} digits seven digits */
function uaiWithKey(digits) {
  return digits + UAI_KEYS[Number(digits) % 23];
}

// ---------------------------------------------------------------------------------------------------
// Raw schools: what a builder produces before identifiers and logins are attached

/**
 * @typedef {object} RawPerson
 * @property {string} first
 * @property {string} last
 * @property {'F'|'M'} gender
 * @property {Role} role
 * @property {string} [login] Explicit login (demo persons); otherwise first.last + homonym number.
 * @property {string|null} [birthDate]
 * @property {number} [classGroup] index in groups
 * @property {number[]} [groupIdx] indexes in groups (class first for pupils)
 * @property {string|null} [subject]
 * @property {number[]} [parents] parent ranks
 * @property {number[]} [children] pupil ranks
 */

/**
 * @typedef {object} RawGroup
 * @property {string} gid
 * @property {string} name
 * @property {GroupCategory} category
 * @property {string|null} level
 * @property {string|null} subject
 * @property {number[]} pupils pupil ranks
 * @property {number[]} staff staff ranks (teachers of the group; every staff member for ENS)
 */

/**
 * @typedef {object} RawSchool
 * @property {RawGroup[]} groups
 * @property {RawPerson[]} pupils
 * @property {RawPerson[]} staff
 * @property {RawPerson[]} parents
 */

/**
 * What is known about a school before generating it.
 * @typedef {object} SchoolPlan
 * @property {number} index
 * @property {SchoolKind} kind
 * @property {string} uai
 * @property {string} name
 * @property {string} city
 * @property {Array<{ level: typeof LEVELS.college[number], sizes: number[] }>} levels
 * @property {number} pupils
 * @property {((year: number) => RawSchool)|null} build Fixed schools (demo) bring their own builder.
 */

/**
 * Plans school `index`: kind, code, name and class sizes (two collèges for one lycée).
 * @param {number} seedInt
 * @param {number} index
 * @returns {SchoolPlan}
 */
function planSchool(seedInt, index) {
  const rng = rngFrom(hash3(seedInt, 0x504c414e, index));
  /** @type {SchoolKind} */
  const kind = index % 3 === 1 ? 'lycee' : 'college';
  const dept = DEPARTEMENTS[index % 4];
  const uai = uaiWithKey(`${dept}${8000 + Math.floor(index / 4)}`);
  const city = pick(rng, TOWNS[/** @type {keyof typeof TOWNS} */ (dept)]);
  const name = `${kind === 'college' ? 'COLLEGE' : 'LYCEE'} ${pick(rng, SCHOOL_PATRONS)}`;
  // Schools have a size: every level gets about the same number of classes.
  const base = kind === 'college' ? between(rng, 3, 5) : between(rng, 5, 9);
  const levels = LEVELS[kind].map((level) => {
    const count = base + (rng() < 0.35 ? 1 : 0);
    const sizes = Array.from({ length: count }, () => (kind === 'college' ? between(rng, 24, 30) : between(rng, 28, 35)));
    return { level, sizes };
  });
  const pupils = levels.reduce((n, l) => n + l.sizes.reduce((a, b) => a + b, 0), 0);
  return { index, kind, uai, name, city, levels, pupils, build: null };
}

/**
 * Cuts a plan down to `keep` pupils (the last school of a directory sized by pupils).
 * @param {SchoolPlan} plan
 * @param {number} keep
 */
function truncatePlan(plan, keep) {
  let left = keep;
  const levels = [];
  for (const { level, sizes } of plan.levels) {
    const kept = [];
    for (const size of sizes) {
      if (left <= 0) {
        break;
      }
      kept.push(Math.min(size, left));
      left -= Math.min(size, left);
    }
    if (kept.length > 0) {
      levels.push({ level, sizes: kept });
    }
  }
  return { ...plan, levels, pupils: keep };
}

/**
 * Generates one school from its plan: classes, families, pupils, options, teachers, staff, parents.
 * @param {number} seedInt
 * @param {SchoolPlan} plan
 * @param {number} year
 * @returns {RawSchool}
 */
function buildGeneratedSchool(seedInt, plan, year) {
  const rng = rngFrom(hash3(seedInt, 0x5c4f4f4c, plan.index));
  const label = yearLabel(year);
  const college = plan.kind === 'college';
  /** @type {RawGroup[]} */
  const groups = [];
  /** @type {Array<{ classGroup: number, level: typeof LEVELS.college[number] }>} */
  const seats = [];

  for (const { level, sizes } of plan.levels) {
    sizes.forEach((size, c) => {
      const gid = college ? `${level.code}${String.fromCharCode(65 + c)}` : `${level.code}${c + 1}`;
      const name = college ? `${label} ${gid}` : `${label} ${level.label} ${c + 1}`;
      groups.push({ gid, name, category: 'classe', level: level.label, subject: null, pupils: [], staff: [] });
      for (let k = 0; k < size; k++) {
        seats.push({ classGroup: groups.length - 1, level });
      }
    });
  }
  const count = seats.length;

  // Families: a shuffled order of the pupils cut into runs of 1 to 3 siblings.
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    order[i] = i;
  }
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  /** @type {Array<{ last: string, pupils: number[] }>} */
  const families = [];
  const familyOf = new Int32Array(count);
  for (let i = 0; i < count;) {
    const r = rng();
    const size = Math.min(count - i, r < 0.78 ? 1 : r < 0.96 ? 2 : 3);
    const members = Array.from(order.subarray(i, i + size)).sort((a, b) => a - b);
    for (const m of members) {
      familyOf[m] = families.length;
    }
    families.push({ last: pick(rng, FAMILY_NAMES), pupils: members });
    i += size;
  }

  // Pupils.
  /** @type {RawPerson[]} */
  const pupils = [];
  for (let i = 0; i < count; i++) {
    const { classGroup, level } = seats[i];
    const gender = rng() < 0.5 ? 'F' : 'M';
    const family = families[familyOf[i]];
    const r = rng();
    const birthYear = year - 11 - level.offset - (r < 0.08 ? 1 : 0) + (r > 0.99 ? 1 : 0);
    const day = Math.floor(rng() * 365);
    let birthDate = new Date(Date.UTC(birthYear, 0, 1 + day)).toISOString().slice(0, 10);
    // A sibling in the same level is a twin: same birth date.
    for (const s of family.pupils) {
      if (s < i && seats[s].level === level) {
        birthDate = /** @type {string} */ (pupils[s].birthDate);
      }
    }
    groups[classGroup].pupils.push(i);
    pupils.push({
      first: pick(rng, gender === 'F' ? GIRL_NAMES : BOY_NAMES), last: family.last, gender, role: 'eleve',
      birthDate, classGroup, groupIdx: [classGroup], parents: [],
    });
  }

  // Options: latin and LV2 from the 5e, spécialités in 1re (three) and Tle (two).
  /** @type {Map<string, number[]>} */
  const optionMembers = new Map();
  /** @param {string} levelCode @param {string} option @param {number} pupil */
  const join = (levelCode, option, pupil) => {
    const key = `${levelCode}|${option}`;
    const list = optionMembers.get(key);
    if (list) {
      list.push(pupil);
    } else {
      optionMembers.set(key, [pupil]);
    }
  };
  for (let i = 0; i < count; i++) {
    const { level } = seats[i];
    if (college && level.offset === 0) {
      continue;
    }
    if (rng() < (college ? 0.2 : level.code === '2ND' ? 0.05 : 0)) {
      join(level.code, 'LAT', i);
    }
    join(level.code, rng() < 0.13 ? 'ALL' : 'ESP', i);
    const chosen = level.code === '1RE' ? 3 : level.code === 'TLE' ? 2 : 0;
    const pool = SPECIALITES.slice();
    for (let k = 0; k < chosen; k++) {
      const total = pool.reduce((n, [, w]) => n + Number(w), 0);
      let x = rng() * total;
      let p = 0;
      while (x >= Number(pool[p][1]) && p < pool.length - 1) {
        x -= Number(pool[p][1]);
        p++;
      }
      join(level.code, String(pool[p][0]), i);
      pool.splice(p, 1);
    }
  }
  for (const { level } of plan.levels) {
    for (const option of OPTION_ORDER) {
      const members = optionMembers.get(`${level.code}|${option}`);
      if (!members) {
        continue;
      }
      const chunks = Math.ceil(members.length / OPTION_GROUP_MAX);
      const first = groups.length;
      for (let c = 0; c < chunks; c++) {
        const suffix = chunks > 1 ? String(c + 1) : '';
        const gid = college ? `${level.code}${option}${suffix}` : `${level.code}-${option}${suffix}`;
        const name = college
          ? `${label} ${level.code} ${OPTIONS[/** @type {keyof typeof OPTIONS} */ (option)].name}${suffix ? ` ${suffix}` : ''}`
          : `${label} ${level.label} ${OPTIONS[/** @type {keyof typeof OPTIONS} */ (option)].name}${suffix ? ` ${suffix}` : ''}`;
        groups.push({
          gid, name, category: 'option', level: level.label,
          subject: OPTIONS[/** @type {keyof typeof OPTIONS} */ (option)].subject, pupils: [], staff: [],
        });
      }
      members.forEach((pupil, k) => {
        const g = first + (k % chunks);
        groups[g].pupils.push(pupil);
        /** @type {number[]} */ (pupils[pupil].groupIdx).push(g);
      });
    }
  }

  // Staff: direction, CPE, documentaliste, then teachers subject by subject.
  /** @type {RawPerson[]} */
  const staff = [];
  /** @param {Role} role @param {string|null} subject */
  const hire = (role, subject) => {
    const gender = rng() < 0.6 ? 'F' : 'M';
    staff.push({
      first: pick(rng, gender === 'F' ? WOMAN_NAMES : MAN_NAMES), last: pick(rng, FAMILY_NAMES), gender, role,
      subject, groupIdx: [],
    });
    return staff.length - 1;
  };
  hire('direction', null);
  hire('cpe', null);
  hire('documentaliste', null);
  /** @type {Map<string, { capacity: number, units: number[] }>} */
  const teaching = new Map();
  for (const [subject, capacity, levels] of CLASS_SUBJECTS[plan.kind]) {
    const units = [];
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g];
      if (group.category === 'classe' && (!levels || levels.includes(seats[group.pupils[0]].level.code))) {
        units.push(g);
      }
    }
    teaching.set(subject, { capacity, units });
  }
  groups.forEach((group, g) => {
    if (group.category === 'option' && group.subject) {
      const entry = teaching.get(group.subject);
      if (entry) {
        entry.units.push(g);
      } else {
        teaching.set(group.subject, { capacity: GROUP_ONLY_CAPACITY, units: [g] });
      }
    }
  });
  for (const [subject, { capacity, units }] of teaching) {
    const teachers = Array.from({ length: Math.ceil(units.length / capacity) }, () => hire('enseignant', subject));
    units.forEach((g, k) => {
      const t = teachers[k % teachers.length];
      groups[g].staff.push(t);
      /** @type {number[]} */ (staff[t].groupIdx).push(g);
    });
  }
  groups.push({
    gid: 'ENS', name: 'Enseignants', category: 'personnel', level: null, subject: null, pupils: [],
    staff: staff.map((_, k) => k),
  });

  // Parents: one or two per family, shared by siblings.
  /** @type {RawPerson[]} */
  const parents = [];
  for (const family of families) {
    const number = rng() < 0.18 ? 1 : 2;
    /** @type {'F'|'M'} */
    let gender = rng() < 0.6 ? 'F' : 'M';
    for (let k = 0; k < number; k++) {
      if (k === 1 && rng() < 0.92) {
        gender = gender === 'F' ? 'M' : 'F';
      }
      const last = k === 0 || rng() < 0.65 ? family.last : pick(rng, FAMILY_NAMES);
      parents.push({
        first: pick(rng, gender === 'F' ? WOMAN_NAMES : MAN_NAMES), last, gender, role: 'parent',
        children: family.pupils,
      });
      for (const child of family.pupils) {
        /** @type {number[]} */ (pupils[child].parents).push(parents.length - 1);
      }
    }
  }
  return { groups, pupils, staff, parents };
}

// ---------------------------------------------------------------------------------------------------
// The demo school

const DEMO_UAI = uaiWithKey('0359999');

/**
 * The fixed demo collège: two classes, a latin and a Spanish group, two teachers, a CPE, a documentaliste
 * and two parents (one of a pupil under 15, one of a pupil aged 15). Birth dates follow the school year.
 * @param {number} year
 * @returns {RawSchool}
 */
function buildDemoSchool(year) {
  const label = yearLabel(year);
  /** @param {number} age age reached during the start year @param {string} monthDay */
  const born = (age, monthDay) => `${year - age}-${monthDay}`;
  /** @type {RawPerson[]} */
  const pupils = [
    { login: 'camille.martin', first: 'Camille', last: 'Martin', gender: 'F', birthDate: born(13, '03-14') },
    { login: 'lina.legoff', first: 'Lina', last: 'Le Goff', gender: 'F', birthDate: born(13, '07-02') },
    { login: 'noe.tanguy', first: 'Noé', last: 'Tanguy', gender: 'M', birthDate: born(13, '11-23') },
    { login: 'mael.guillou', first: 'Maël', last: 'Guillou', gender: 'M', birthDate: born(15, '01-20') },
    { login: 'jade.riou', first: 'Jade', last: 'Riou', gender: 'F', birthDate: born(14, '10-02') },
    { login: 'yanis.kerbrat', first: 'Yanis', last: 'Kerbrat', gender: 'M', birthDate: born(14, '05-30') },
  ].map((p, i) => ({
    ...p, gender: /** @type {'F'|'M'} */ (p.gender), role: /** @type {Role} */ ('eleve'),
    classGroup: i < 3 ? 0 : 1, groupIdx: [i < 3 ? 0 : 1], parents: [],
  }));
  /** @type {RawPerson[]} */
  const staff = [
    { login: 'claire.morvan', first: 'Claire', last: 'Morvan', gender: 'F', role: 'enseignant', subject: 'Français', groupIdx: [0, 1, 2] },
    { login: 'erwan.cadiou', first: 'Erwan', last: 'Cadiou', gender: 'M', role: 'enseignant', subject: 'Espagnol', groupIdx: [3] },
    { login: 'yann.lebihan', first: 'Yann', last: 'Le Bihan', gender: 'M', role: 'cpe', subject: null, groupIdx: [] },
    { login: 'anne.quere', first: 'Anne', last: 'Quéré', gender: 'F', role: 'documentaliste', subject: null, groupIdx: [] },
  ];
  /** @type {RawPerson[]} */
  const parents = [
    { login: 'sophie.martin', first: 'Sophie', last: 'Martin', gender: 'F', role: 'parent', children: [0] },
    { login: 'stephane.guillou', first: 'Stéphane', last: 'Guillou', gender: 'M', role: 'parent', children: [3] },
  ];
  /** @type {number[]} */ (pupils[0].parents).push(0);
  /** @type {number[]} */ (pupils[3].parents).push(1);
  /** @type {RawGroup[]} */
  const groups = [
    { gid: '4A', name: `${label} 4A`, category: 'classe', level: '4e', subject: null, pupils: [0, 1, 2], staff: [0] },
    { gid: '3B', name: `${label} 3B`, category: 'classe', level: '3e', subject: null, pupils: [3, 4, 5], staff: [0] },
    { gid: '4LAT', name: `${label} 4 LATIN`, category: 'option', level: '4e', subject: 'Latin', pupils: [0, 2], staff: [0] },
    { gid: '3ESP', name: `${label} 3 ESPAGNOL`, category: 'option', level: '3e', subject: 'Espagnol', pupils: [3, 4, 5], staff: [1] },
    { gid: 'ENS', name: 'Enseignants', category: 'personnel', level: null, subject: null, pupils: [], staff: [0, 1, 2, 3] },
  ];
  pupils[0].groupIdx?.push(2);
  pupils[2].groupIdx?.push(2);
  for (const p of [3, 4, 5]) {
    pupils[p].groupIdx?.push(3);
  }
  return { groups, pupils, staff, parents };
}

// ---------------------------------------------------------------------------------------------------
// The directory

/**
 * @typedef {object} DirectoryOptions
 * @property {number|string} [seed] Default 42.
 * @property {number} [schools] Number of schools (two collèges for one lycée). Default 2 unless `pupils`.
 * @property {number} [pupils] Total number of pupils; schools are added until it is reached (≤ 170,000 is
 *   the académie's size; the identifier layout allows about 2 million).
 * @property {number} [schoolYear] Start year of the school year; default: the current one.
 * @property {string} [password] The password of every person. Default "demo".
 * @property {number} [cacheSize] Schools kept generated in memory. Default 8.
 */

/**
 * A seeded directory. Schools are generated on demand; see the module documentation.
 */
export class Directory {
  /**
   * @param {{ seed: number|string, plans: SchoolPlan[], schoolYear?: number, password?: string, cacheSize?: number, demo?: boolean }} init
   */
  constructor({ seed, plans, schoolYear, password = DEFAULT_PASSWORD, cacheSize = 8, demo = false }) {
    if (plans.length > MAX_SCHOOLS) {
      throw new RangeError(`At most ${MAX_SCHOOLS} schools are supported, ${plans.length} were asked for`);
    }
    /** The seed, as given. */
    this.seed = seed;
    /** Whether this is the fixed demo directory. */
    this.demo = demo;
    /** Start year of the school year. */
    this.schoolYear = schoolYear ?? currentSchoolYear();
    this.seedInt = seedToInt(seed);
    this.plans = plans;
    this.uaiIndex = new Map(plans.map((p) => [p.uai, p.index]));
    this.uidPerm = new Permutation32(this.seedInt, 0x55494420);
    this.subPerm = new Permutation32(this.seedInt, 0x53554220);
    this.cacheSize = cacheSize;
    /** @type {Map<number, School>} */
    this.cache = new Map();
    this.passwordHash = createHash('sha256').update(password).digest();
    // Login index, built school by school, in order.
    /** @type {Map<string, number[]>} name key → ordinals of the persons bearing it, ascending */
    this.homonyms = new Map();
    /** @type {Map<string, number>} explicit login → ordinal */
    this.explicitLogins = new Map();
    /** @type {number[]} ordinal of each indexed school's first person */
    this.offsets = [];
    /** @type {Array<{ pupils: number, staff: number, teachers: number, parents: number }>} */
    this.counts = [];
  }

  /** Summaries of the structures, without generating them. */
  structures() {
    return this.plans.map(({ index, uai, name, kind, city, pupils }) => ({ index, uai, name, kind, city, pupils }));
  }

  /**
   * A school, generated (or from the cache).
   * @param {string} uai
   * @returns {School|null}
   */
  structure(uai) {
    const index = this.uaiIndex.get(uai);
    return index === undefined ? null : this.school(index);
  }

  /**
   * A person by ENTPersonUid.
   * @param {string} uid
   * @returns {Person|null}
   */
  person(uid) {
    const match = /^UID([0-9A-F]{8})$/.exec(uid);
    if (!match) {
      return null;
    }
    const school = this.#schoolOfCode(this.uidPerm.decode(Number.parseInt(match[1], 16)));
    return school?.byUid.get(uid) ?? null;
  }

  /**
   * A person by OpenID Connect subject.
   * @param {string} sub
   * @returns {Person|null}
   */
  personBySub(sub) {
    if (!/^[0-9a-f]{8}$/.test(sub)) {
      return null;
    }
    const code = this.subPerm.decode(Number.parseInt(sub, 16));
    const school = this.#schoolOfCode(code);
    return school?.byUid.get(this.#uid(code)) ?? null;
  }

  /**
   * A person by login (`unik`), case-insensitive. Builds the whole login index on first use.
   * @param {string} login
   * @returns {Person|null}
   */
  personByLogin(login) {
    const wanted = login.trim().toLowerCase();
    this.#indexThrough(this.plans.length - 1);
    let ordinal = this.explicitLogins.get(wanted);
    if (ordinal === undefined) {
      const match = /^([a-z-]+\.[a-z-]+?)([1-9][0-9]*)$/.exec(wanted);
      const list = match ? this.homonyms.get(match[1]) : undefined;
      ordinal = list?.[Number(match?.[2]) - 1];
    }
    if (ordinal === undefined) {
      return null;
    }
    let lo = 0;
    let hi = this.offsets.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offsets[mid] <= ordinal) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    const person = this.school(lo).persons[ordinal - this.offsets[lo]];
    return person?.login === wanted ? person : null;
  }

  /**
   * Checks a login and password.
   * @param {string} login
   * @param {string} password
   * @returns {Person|null} the person, or null when either is wrong
   */
  authenticate(login, password) {
    const person = this.personByLogin(login);
    const given = createHash('sha256').update(String(password)).digest();
    const ok = timingSafeEqual(given, this.passwordHash);
    return person && ok ? person : null;
  }

  /**
   * Every school, generated one after the other (not cached: memory stays flat).
   * @returns {Generator<School>}
   */
  * schools() {
    for (let i = 0; i < this.plans.length; i++) {
      yield this.cache.get(i) ?? this.#generate(i);
    }
  }

  /**
   * Every person, school by school: pupils, staff, parents.
   * @returns {Generator<Person>}
   */
  * persons() {
    for (const school of this.schools()) {
      yield* school.persons;
    }
  }

  /** Counts over the whole directory (generates every school once, if not done yet). */
  stats() {
    this.#indexThrough(this.plans.length - 1);
    const total = { schools: this.plans.length, pupils: 0, staff: 0, teachers: 0, parents: 0, persons: 0 };
    for (const c of this.counts) {
      total.pupils += c.pupils;
      total.staff += c.staff;
      total.teachers += c.teachers;
      total.parents += c.parents;
    }
    total.persons = total.pupils + total.staff + total.parents;
    return total;
  }

  /** Builds the login index now (otherwise the first login does it). Returns the time it took, in ms. */
  warm() {
    const start = performance.now();
    this.#indexThrough(this.plans.length - 1);
    return performance.now() - start;
  }

  /**
   * School `index`, generated or cached.
   * @param {number} index
   * @returns {School}
   */
  school(index) {
    const cached = this.cache.get(index);
    if (cached) {
      this.cache.delete(index);
      this.cache.set(index, cached);
      return cached;
    }
    const school = this.#generate(index);
    this.cache.set(index, school);
    if (this.cache.size > this.cacheSize) {
      this.cache.delete(/** @type {number} */ (this.cache.keys().next().value));
    }
    return school;
  }

  /** @param {number} code */
  #schoolOfCode(code) {
    const index = code >>> 20;
    return index < this.plans.length ? this.school(index) : null;
  }

  /** @param {number} code */
  #uid(code) {
    return `UID${this.uidPerm.encode(code).toString(16).toUpperCase().padStart(8, '0')}`;
  }

  /** @param {number} index */
  #raw(index) {
    const plan = this.plans[index];
    return plan.build ? plan.build(this.schoolYear) : buildGeneratedSchool(this.seedInt, plan, this.schoolYear);
  }

  /**
   * Adds the persons of schools up to `last` to the login index.
   * @param {number} last
   */
  #indexThrough(last) {
    for (let i = this.offsets.length; i <= last; i++) {
      this.#index(i, this.#raw(i));
    }
  }

  /**
   * @param {number} index
   * @param {RawSchool} raw
   */
  #index(index, raw) {
    const start = index === 0 ? 0 : this.offsets[index - 1] + this.#size(index - 1);
    this.offsets.push(start);
    this.counts.push({
      pupils: raw.pupils.length, staff: raw.staff.length, parents: raw.parents.length,
      teachers: raw.staff.filter((s) => s.role === 'enseignant').length,
    });
    let ordinal = start;
    for (const list of [raw.pupils, raw.staff, raw.parents]) {
      for (const p of list) {
        if (p.login) {
          this.explicitLogins.set(p.login, ordinal);
        } else {
          const key = nameKey(p.first, p.last);
          const homonyms = this.homonyms.get(key);
          if (homonyms) {
            homonyms.push(ordinal);
          } else {
            this.homonyms.set(key, [ordinal]);
          }
        }
        ordinal++;
      }
    }
  }

  /** @param {number} index an indexed school */
  #size(index) {
    const c = this.counts[index];
    return c.pupils + c.staff + c.parents;
  }

  /**
   * Generates a school and attaches identifiers and logins.
   * @param {number} index
   * @returns {School}
   */
  #generate(index) {
    if (this.offsets.length < index) {
      this.#indexThrough(index - 1);
    }
    const raw = this.#raw(index);
    if (this.offsets.length === index) {
      this.#index(index, raw);
    }
    const plan = this.plans[index];
    const code = (/** @type {number} */ kind, /** @type {number} */ rank) => (index << 20) | (kind << 18) | rank;
    const uids = [
      raw.pupils.map((_, r) => this.#uid(code(KIND_PUPIL, r))),
      raw.staff.map((_, r) => this.#uid(code(KIND_STAFF, r))),
      raw.parents.map((_, r) => this.#uid(code(KIND_PARENT, r))),
    ];
    /** @type {Group[]} */
    const groups = raw.groups.map((g) => ({
      gid: g.gid, name: g.name, category: g.category, level: g.level, subject: g.subject,
      members: g.category === 'personnel' ? g.staff.map((s) => uids[1][s]) : g.pupils.map((p) => uids[0][p]),
      teachers: g.category === 'personnel' ? [] : g.staff.map((s) => uids[1][s]),
    }));
    /** @type {Person[]} */
    const persons = [];
    let ordinal = this.offsets[index];
    [raw.pupils, raw.staff, raw.parents].forEach((list, kind) => {
      list.forEach((p, rank) => {
        let login = p.login;
        if (!login) {
          const key = nameKey(p.first, p.last);
          const homonyms = /** @type {number[]} */ (this.homonyms.get(key));
          login = `${key}${rankOf(homonyms, ordinal) + 1}`;
        }
        const classGroup = p.classGroup === undefined ? null : raw.groups[p.classGroup];
        persons.push({
          uid: uids[kind][rank],
          sub: this.subPerm.encode(code(kind, rank)).toString(16).padStart(8, '0'),
          login,
          firstName: p.first,
          lastName: p.last,
          gender: p.gender,
          role: p.role,
          title: ROLE_TITLES[p.role],
          profiles: [ROLE_PROFILES[p.role]],
          uai: plan.uai,
          structureName: plan.name,
          birthDate: p.birthDate ?? null,
          classGid: classGroup ? classGroup.gid : null,
          groups: (p.groupIdx ?? []).map((g) => raw.groups[g].gid),
          subject: p.subject ?? null,
          parents: (p.parents ?? []).map((r) => uids[2][r]),
          children: (p.children ?? []).map((r) => uids[0][r]),
          mail: `${login}@${MAIL_DOMAIN}`,
        });
        ordinal++;
      });
    });
    return {
      index, uai: plan.uai, name: plan.name, kind: plan.kind, city: plan.city, schoolYear: this.schoolYear,
      groups, persons,
      byUid: new Map(persons.map((p) => [p.uid, p])),
      byGid: new Map(groups.map((g) => [g.gid, g])),
    };
  }
}

/**
 * Position of `value` in an ascending list (binary search).
 * @param {number[]} list
 * @param {number} value
 */
function rankOf(list, value) {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < value) {
      lo = mid + 1;
    } else if (list[mid] > value) {
      hi = mid - 1;
    } else {
      return mid;
    }
  }
  throw new Error(`Person ${value} is missing from the login index`);
}

/**
 * A generated directory: `schools` schools, or as many as `pupils` pupils need.
 * @param {DirectoryOptions} [options]
 */
export function createDirectory(options = {}) {
  const { seed = 42, schools, pupils } = options;
  const seedInt = seedToInt(seed);
  /** @type {SchoolPlan[]} */
  const plans = [];
  if (pupils !== undefined) {
    if (!Number.isInteger(pupils) || pupils < 1) {
      throw new RangeError(`pupils must be a positive integer, got ${pupils}`);
    }
    let total = 0;
    while (total < pupils) {
      if (plans.length >= MAX_SCHOOLS) {
        throw new RangeError(`${pupils} pupils need more than ${MAX_SCHOOLS} schools`);
      }
      let plan = planSchool(seedInt, plans.length);
      if (total + plan.pupils > pupils) {
        plan = truncatePlan(plan, pupils - total);
      }
      plans.push(plan);
      total += plan.pupils;
    }
  } else {
    const count = schools ?? 2;
    if (!Number.isInteger(count) || count < 1 || count > MAX_SCHOOLS) {
      throw new RangeError(`schools must be an integer from 1 to ${MAX_SCHOOLS}, got ${count}`);
    }
    for (let i = 0; i < count; i++) {
      plans.push(planSchool(seedInt, i));
    }
  }
  return new Directory({
    seed, plans, schoolYear: options.schoolYear, password: options.password, cacheSize: options.cacheSize,
  });
}

/**
 * The fixed demo directory: one collège (`COLLEGE DEMO ANJELA DUVAL`, Rennes), classes 4A and 3B,
 * known logins and the password "demo" (see {@link listDemoAccounts}).
 * @param {Pick<DirectoryOptions, 'schoolYear'|'password'>} [options]
 */
export function createDemoDirectory(options = {}) {
  /** @type {SchoolPlan} */
  const plan = {
    index: 0, kind: 'college', uai: DEMO_UAI, name: 'COLLEGE DEMO ANJELA DUVAL', city: 'RENNES',
    levels: [], pupils: 6, build: buildDemoSchool,
  };
  return new Directory({
    seed: 'demo', plans: [plan], schoolYear: options.schoolYear, password: options.password, demo: true,
  });
}

/**
 * The demo accounts, for the README and the login page.
 * @param {Pick<DirectoryOptions, 'schoolYear'|'password'>} [options]
 */
export function listDemoAccounts(options = {}) {
  const directory = createDemoDirectory(options);
  const password = options.password ?? DEFAULT_PASSWORD;
  const start = new Date(Date.UTC(directory.schoolYear, 8, 1));
  return [...directory.persons()].map((p) => ({
    login: p.login,
    password,
    role: p.role,
    title: p.title,
    name: `${p.firstName} ${p.lastName}`,
    uid: p.uid,
    classGid: p.classGid,
    groups: p.groups,
    subject: p.subject,
    birthDate: p.birthDate,
    under15AtRentree: isUnder15(p, start),
    children: p.children.map((uid) => directory.person(uid)?.login ?? uid),
  }));
}
