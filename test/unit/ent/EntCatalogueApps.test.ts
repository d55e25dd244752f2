// The launcher's list from ENT catalogue Application objects (ent-api.md §4.3): what a pupil sees, in
// which order, and what is never shown (apps without a web address, unsafe icons).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toLauncherApp, toLauncherApps } from '../../../components/dist/ent/EntCatalogueApps.js';

/** An Application as the ENT sends it, with the fields that matter overridable. */
function application(title: string, overrides: Record<string, unknown> = {}, hub: Record<string, unknown> = {}): Record<string, unknown> {
  const key = title.toLowerCase().replace(/\W+/gu, '-');
  return {
    title: [ title ],
    description: `${title} : description`,
    source: `https://apps.example/${key}/`,
    vignette: `https://static.example/${key}.svg`,
    rights: 'ENT',
    type: 'lien',
    networkAccessibility: 'ALL',
    hubMetadata: { idInterne: `id-${key}`, idInterneCUA: `id-${key}`, favori: false, rang: 1, rangFavori: null, etat: 'ACTIF', ...hub },
    extensionArena: null,
    ...overrides,
  };
}

describe('toLauncherApp', (): void => {
  it('keeps the fields the launcher shows, from the documented example', (): void => {
    assert.deepEqual(toLauncherApp({
      title: [ 'Pronote' ],
      description: 'Vie scolaire : notes, devoirs, emploi du temps',
      source: 'https://0351234x.index-education.net/pronote/',
      vignette: 'https://static.example.invalid/vignettes/pronote.svg',
      rights: 'ENT',
      type: 'lien',
      hubMetadata: { idInterne: 'a7c1e0b2-0042', idInterneCUA: 'a7c1e0b2-0042', favori: true, rang: 3, rangFavori: 1 },
      extensionArena: { urlApplications: [ { reseau: 'ALL', url: 'https://arena.example.invalid/pronote' } ] },
    }), {
      id: 'a7c1e0b2-0042',
      title: 'Pronote',
      description: 'Vie scolaire : notes, devoirs, emploi du temps',
      url: 'https://0351234x.index-education.net/pronote/',
      icon: 'https://static.example.invalid/vignettes/pronote.svg',
      category: 'ENT',
      favourite: true,
      rank: 3,
      favouriteRank: 1,
    });
  });

  it('uses the Arena URL for all networks when there is no source, and idInterneCUA when idInterne is missing', (): void => {
    const app = toLauncherApp(application('Arena', {
      source: '',
      extensionArena: { urlApplications: [
        { reseau: 'INTRANET', url: 'https://intranet.example/arena' },
        { reseau: 'ALL', url: 'https://arena.example/' },
      ]},
    }, { idInterne: undefined, idInterneCUA: 'cua-arena' }));
    assert.equal(app?.url, 'https://arena.example/');
    assert.equal(app?.id, 'cua-arena');
  });

  it('joins a title of several parts, and falls back to type as the category', (): void => {
    const app = toLauncherApp(application('x', { title: [ 'Manuel', 'numérique' ], rights: '', type: 'info' }));
    assert.equal(app?.title, 'Manuel numérique');
    assert.equal(app?.category, 'info');
  });

  it('drops apps without an http(s) launch URL or without a title', (): void => {
    assert.equal(toLauncherApp(application('Script', { source: 'javascript:alert(1)' })), null);
    assert.equal(toLauncherApp(application('Relative', { source: '/pronote/' })), null);
    assert.equal(toLauncherApp(application('Arena', { source: '', extensionArena: { urlApplications: [ { reseau: 'INTRANET', url: 'https://x.example/' } ] }})), null);
    assert.equal(toLauncherApp(application('x', { title: [] })), null);
    assert.equal(toLauncherApp('Pronote'), null);
    assert.equal(toLauncherApp(null), null);
  });

  it('shows only http(s) and SVG data icons', (): void => {
    const svg = 'data:image/svg+xml;base64,PHN2Zy8+';
    assert.equal(toLauncherApp(application('A', { vignette: svg }))?.icon, svg);
    assert.equal(toLauncherApp(application('B', { vignette: 'data:text/html,<script>alert(1)</script>' }))?.icon, null);
    assert.equal(toLauncherApp(application('C', { vignette: 'javascript:alert(1)' }))?.icon, null);
    assert.equal(toLauncherApp(application('D', { vignette: '' }))?.icon, null);
    assert.equal(toLauncherApp(application('E', { vignette: 42 }))?.icon, null);
  });

  it('is not a favourite unless favori is exactly true, and then has no favourite rank', (): void => {
    const app = toLauncherApp(application('A', {}, { favori: 'true', rangFavori: 2 }));
    assert.equal(app?.favourite, false);
    assert.equal(app?.favouriteRank, null);
  });
});

describe('toLauncherApps', (): void => {
  it('puts favourites first by favourite rank, then the others by rank, then by title', (): void => {
    const apps = toLauncherApps([
      application('Médiacentre', { rights: 'GAR' }, { rang: 5 }),
      application('Messagerie', {}, { favori: true, rang: 2, rangFavori: 2 }),
      application('Dictionnaire', {}, { rang: 7 }),
      application('Éléa', {}, { rang: 3 }),
      application('Pronote', {}, { favori: true, rang: 1, rangFavori: 1 }),
      application('Atelier', {}, { rang: 7 }),
      application('Sans rang', {}, { rang: null }),
    ]);
    assert.deepEqual(apps.map((app): string => app.title),
      [ 'Pronote', 'Messagerie', 'Éléa', 'Médiacentre', 'Atelier', 'Dictionnaire', 'Sans rang' ]);
  });

  it('keeps one entry per id and drops what cannot be launched', (): void => {
    const apps = toLauncherApps([
      application('Pronote'),
      application('Pronote', { source: 'https://other.example/' }),
      application('Cassé', { source: 'ftp://files.example/' }),
      42,
    ]);
    assert.deepEqual(apps.map((app): string => app.url), [ 'https://apps.example/pronote/' ]);
  });

  it('gives an empty list for an empty catalogue', (): void => {
    assert.deepEqual(toLauncherApps([]), []);
  });
});
