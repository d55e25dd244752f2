/**
 * The simulated application catalogue ("Safran" / CUA, ent-api.md §4): the applications a person's ENT
 * home shows, and the state of the catalogue's synchronisation.
 *
 * Launch URLs and icons point at the simulator itself (`/apps/{key}/…` placeholder pages and
 * `/vignettes/{key}.svg`), so nobody is sent to a real service with invented data. In production these
 * are the real applications' URLs.
 *
 * @module
 */

import { createHash } from 'node:crypto';

/** @typedef {import('./directory.mjs').Person} Person */
/** @typedef {import('./directory.mjs').Role} Role */

/** Catalogue ids used with a fixed value by the Cozy connector (T) and the portal (CUA). */
export const FIXED_CATALOGUE_IDS = Object.freeze([
  '3ec0316e-2cbc-4a7e-ba0d-81e127d98600',
  'e9406cec-5937-4a1a-ae55-95432a56a9c2',
]);

/** @type {Role[]} */
const EVERYONE = ['eleve', 'enseignant', 'cpe', 'documentaliste', 'direction', 'parent'];
/** @type {Role[]} */
const SCHOOL_STAFF = ['enseignant', 'cpe', 'documentaliste', 'direction'];

/**
 * @typedef {object} AppDefinition
 * @property {string} key
 * @property {string} title
 * @property {string} description
 * @property {string} rights `Toutatice`, `ENT`, `GAR`, `Arena` (the values T15 routes on)
 * @property {string} type `lien`, `info`, ...
 * @property {string} creator
 * @property {string} subject
 * @property {string} color vignette background
 * @property {Role[]} roles who gets it
 * @property {Role[]} favourite whose favourite it is (in the order of this list of applications)
 * @property {boolean} [arenaOnly] no `source`: only `extensionArena.urlApplications` (T15's fallback)
 * @property {Record<string, string>} [gar] extensionGAR fields
 */

/** @type {AppDefinition[]} */
export const APPLICATIONS = [
  {
    key: 'pronote', title: 'Pronote', description: 'Vie scolaire : notes, devoirs, emploi du temps',
    rights: 'ENT', type: 'lien', creator: 'Index Education', subject: 'Vie scolaire', color: '#1b7a3e',
    roles: EVERYONE, favourite: EVERYONE,
  },
  {
    key: 'messagerie', title: 'Messagerie', description: 'Messagerie académique Toutatice',
    rights: 'Toutatice', type: 'lien', creator: 'Académie de Rennes', subject: 'Communication', color: '#2459a8',
    roles: EVERYONE, favourite: EVERYONE,
  },
  {
    key: 'elea', title: 'Éléa', description: 'Parcours et activités en ligne (Moodle)',
    rights: 'Toutatice', type: 'lien', creator: 'Académie de Rennes', subject: 'Apprentissage', color: '#c2410c',
    roles: ['eleve', 'enseignant', 'documentaliste'], favourite: ['eleve', 'enseignant'],
  },
  {
    key: 'esidoc', title: 'CDI - e-sidoc', description: 'Catalogue et ressources du CDI',
    rights: 'ENT', type: 'lien', creator: 'Réseau Canopé', subject: 'Documentation', color: '#7c3aed',
    roles: ['eleve', 'enseignant', 'cpe', 'documentaliste'], favourite: ['documentaliste'],
  },
  {
    key: 'mediacentre', title: 'Médiacentre', description: 'Ressources numériques pour l\'école (GAR)',
    rights: 'GAR', type: 'lien', creator: 'Ministère de l\'Éducation nationale', subject: 'Ressources',
    color: '#0e7490', roles: ['eleve', 'enseignant', 'documentaliste'], favourite: [],
    gar: { idType: 'PORTAIL', nomSourceEtiquetteGar: 'GAR' },
  },
  {
    key: 'manuel-maths', title: 'Manuel numérique - Mathématiques', description: 'Manuel de mathématiques (ressource simulée)',
    rights: 'GAR', type: 'lien', creator: 'Éditeur simulé', subject: 'Mathématiques', color: '#b91c1c',
    roles: ['eleve', 'enseignant'], favourite: [],
    gar: { idType: 'MANUEL', nomSourceEtiquetteGar: 'Éditeur simulé', typePresentationCode: 'MAN', niveauEducatifNom: 'Cycle 4' },
  },
  {
    key: 'dictionnaire', title: 'Dictionnaire en ligne', description: 'Dictionnaire et encyclopédie (ressource simulée)',
    rights: 'GAR', type: 'lien', creator: 'Éditeur simulé', subject: 'Français', color: '#a16207',
    roles: ['eleve', 'enseignant', 'documentaliste'], favourite: [],
    gar: { idType: 'DICO', nomSourceEtiquetteGar: 'Éditeur simulé', typePresentationCode: 'DIC' },
  },
  {
    key: 'espace-pedagogique', title: 'Espace pédagogique', description: 'Espaces collaboratifs des équipes',
    rights: 'Toutatice', type: 'info', creator: 'Académie de Rennes', subject: 'Collaboration', color: '#4d7c0f',
    roles: SCHOOL_STAFF, favourite: ['enseignant', 'cpe', 'direction'],
  },
  {
    key: 'arena', title: 'Arena', description: 'Applications de gestion académiques',
    rights: 'Arena', type: 'lien', creator: 'Académie de Rennes', subject: 'Gestion', color: '#475569',
    roles: ['enseignant', 'cpe', 'direction'], favourite: [], arenaOnly: true,
  },
];

/** @param {string} text */
function hex(text) {
  return createHash('sha256').update(text).digest('hex');
}

/** ISO date-time without zone, UTC, as in the CUA examples. @param {number} ms */
function isoLocal(ms) {
  return new Date(ms).toISOString().slice(0, 19);
}

/**
 * The applications of a person's catalogue (Application objects, ent-api.md §4.3).
 * @param {Person} person
 * @param {{ baseUrl: string, schoolYear: number, lastSync: number|null }} context
 */
export function applicationsFor(person, { baseUrl, schoolYear, lastSync }) {
  const apps = APPLICATIONS.filter((a) => a.roles.includes(person.role));
  const firstSync = `${schoolYear}-09-01T07:00:00`;
  let favourites = 0;
  return apps.map((app, i) => {
    const favori = app.favourite.includes(person.role);
    const id = `${hex(`ent-sim:${app.key}`).slice(0, 8)}-${String(APPLICATIONS.indexOf(app) + 1).padStart(4, '0')}`;
    const source = `${baseUrl}/apps/${app.key}/${person.uai.toLowerCase()}/`;
    return {
      title: [app.title],
      description: app.description,
      source: app.arenaOnly ? '' : source,
      vignette: `${baseUrl}/vignettes/${app.key}.svg`,
      rights: app.rights,
      type: app.type,
      creator: app.creator,
      networkAccessibility: 'ALL',
      hubMetadata: {
        idInterne: id,
        idInterneCUA: id,
        favori,
        rang: i + 1,
        rangFavori: favori ? ++favourites : null,
        etat: 'ACTIF',
        premiereSynchronisation: firstSync,
        derniereSynchronisation: lastSync === null ? firstSync : isoLocal(lastSync),
      },
      extensionArena: app.arenaOnly ? { urlApplications: [{ reseau: 'ALL', url: source }] } : null,
      identifier: `urn:ent-sim:app:${app.key}`,
      publisher: app.creator,
      subject: app.subject,
      language: 'fr',
      format: 'text/html',
      date: `${schoolYear}-09-01`,
      coverage: '',
      contributor: '',
      relation: '',
      extensionGAR: app.gar
        ? {
          domaineEnseignementURI: '', idEditeur: hex(app.creator).slice(0, 12), idType: '', niveauEducatifNom: '',
          niveauEducatifURI: '', nomSourceEtiquetteGar: '', typePedagogiqueURI: '', typePresentationCode: '',
          typologieDocumentURI: '', ...app.gar,
        }
        : null,
      extensionToutatice: app.rights === 'Toutatice'
        ? {
          categorieCaisseDepot: [], managerDelegue: [], managerNatif: [], organisationLiee: [], proprietaire: [],
          propriete: [], rneCaisseDepot: person.uai, urlDeconnexion: [],
        }
        : null,
    };
  });
}

/**
 * Synchronisation state per catalogue: `POST …/sync` starts one, which waits, runs and is done after
 * `delayMs`; `GET …/sync` reports it (ent-api.md §4.4). Bounded: the oldest states are forgotten.
 */
export class CatalogueSyncs {
  /** @param {{ delayMs?: number, max?: number }} [options] */
  constructor({ delayMs = 200, max = 10000 } = {}) {
    this.delayMs = delayMs;
    this.max = max;
    /** @type {Map<string, number>} catalogue id → time of the last request */
    this.requested = new Map();
  }

  /** @param {string} id @param {number} [now] */
  request(id, now = Date.now()) {
    this.requested.delete(id);
    this.requested.set(id, now);
    if (this.requested.size > this.max) {
      this.requested.delete(/** @type {string} */ (this.requested.keys().next().value));
    }
  }

  /** When the last synchronisation finished, or null. @param {string} id @param {number} [now] */
  lastFinished(id, now = Date.now()) {
    const at = this.requested.get(id);
    return at !== undefined && now >= at + this.delayMs ? at + this.delayMs : null;
  }

  /** The Synchronization object. @param {string} id @param {number} [now] */
  status(id, now = Date.now()) {
    const at = this.requested.get(id);
    if (at === undefined) {
      return { requested: null, started: null, finished: null, nextNotBefore: null, state: 'NEVER_SYNCHRONIZED', sources: {} };
    }
    const started = at + Math.floor(this.delayMs / 2);
    const finished = at + this.delayMs;
    const state = now < started ? 'WAITING' : now < finished ? 'IN_PROGRESS' : 'DONE';
    /** @param {number} ms */
    const when = (ms) => (now >= ms ? isoLocal(ms) : null);
    const source = {
      started: when(started), finished: when(finished), lastSuccess: when(finished), state,
    };
    return {
      requested: isoLocal(at),
      started: when(started),
      finished: when(finished),
      nextNotBefore: state === 'DONE' ? isoLocal(finished + 15 * 60 * 1000) : null,
      state,
      sources: { GAR: source, TOUTATICE: { ...source } },
    };
  }
}
