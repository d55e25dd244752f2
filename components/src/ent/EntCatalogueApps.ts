/**
 * One ENT application as the home app's launcher shows it: the few fields of a catalogue Application
 * (ent-api.md §4.3) it needs, checked and flattened.
 */
export interface EntCatalogueApp {
  /** Stable id (`hubMetadata.idInterne`, else `idInterneCUA`, else the URL). */
  id: string;
  title: string;
  description: string;
  /** Launch URL, always http(s). */
  url: string;
  /** Icon URL (http(s) or an SVG data URL), or `null`. */
  icon: string | null;
  /** Origin of the app (`rights`: `ENT`, `Toutatice`, `GAR`, `Arena`…, else `type`), or `''`. */
  category: string;
  favourite: boolean;
  /** Order among all apps (`hubMetadata.rang`), or `null`. */
  rank: number | null;
  /** Order among favourites (`hubMetadata.rangFavori`), or `null`. */
  favouriteRank: number | null;
}

const MAX_TEXT = 300;

type Json = Record<string, unknown>;

function record(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Json : undefined;
}

function text(value: unknown): string {
  if (Array.isArray(value)) {
    return text(value.filter((part): boolean => typeof part === 'string').join(' '));
  }
  return typeof value === 'string' ? value.replace(/\s+/gu, ' ').trim().slice(0, MAX_TEXT) : '';
}

function rank(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** The URL if it is an absolute http(s) URL, else `null`. */
function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value.trim() === '') {
    return null;
  }
  try {
    const url = new URL(value.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** `source`, else the Arena URL for every network (`reseau: "ALL"`), as the newer connector does. */
function launchUrl(app: Json): string | null {
  const direct = httpUrl(app.source);
  if (direct) {
    return direct;
  }
  const arena = record(app.extensionArena)?.urlApplications;
  const all = Array.isArray(arena) ? arena.map(record).find((entry): boolean => entry?.reseau === 'ALL') : undefined;
  return httpUrl(all?.url);
}

/** An icon an `<img>` may show: http(s), or an SVG data URL (scripts never run in an image). */
function iconUrl(value: unknown): string | null {
  if (typeof value === 'string' && /^data:image\/svg\+xml[;,]/iu.test(value.trim())) {
    return value.trim();
  }
  return httpUrl(value);
}

/** One Application, or `null` when it has no usable launch URL or no title. */
export function toLauncherApp(value: unknown): EntCatalogueApp | null {
  const app = record(value);
  const url = app ? launchUrl(app) : null;
  const title = app ? text(app.title) : '';
  if (!app || !url || !title) {
    return null;
  }
  const hub = record(app.hubMetadata) ?? {};
  const favourite = hub.favori === true;
  return {
    id: text(hub.idInterne) || text(hub.idInterneCUA) || url,
    title,
    description: text(app.description),
    url,
    icon: iconUrl(app.vignette),
    category: text(app.rights) || text(app.type),
    favourite,
    rank: rank(hub.rang),
    favouriteRank: favourite ? rank(hub.rangFavori) : null,
  };
}

/** Compares two optional ranks, absent ones last. */
function byRank(a: number | null, b: number | null): number {
  return (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY) || 0;
}

/**
 * The launcher's list from a catalogue's Application array: apps without an http(s) launch URL or a title
 * are dropped, duplicates (same id) are kept once, and the order is favourites first (by `rangFavori`),
 * then the others, each by `rang`, then by title.
 */
export function toLauncherApps(applications: readonly unknown[]): EntCatalogueApp[] {
  const seen = new Set<string>();
  const apps: EntCatalogueApp[] = [];
  for (const app of applications.map(toLauncherApp)) {
    if (app && !seen.has(app.id)) {
      seen.add(app.id);
      apps.push(app);
    }
  }
  return apps.sort((a, b): number =>
    Number(b.favourite) - Number(a.favourite) ||
    (a.favourite ? byRank(a.favouriteRank, b.favouriteRank) : 0) ||
    byRank(a.rank, b.rank) ||
    a.title.localeCompare(b.title, 'fr'));
}
