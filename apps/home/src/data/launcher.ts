import { FetchError } from './FetchError.ts';
import type { FetchLike } from './fetchRdf.ts';

/** Path of Cartable's ENT launcher endpoint, relative to the server's base URL. */
export const LAUNCHER_PATH = '.cartable/ent/apps';

/** One ENT application, as Cartable's launcher endpoint describes it. */
export interface LauncherApp {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Launch URL (http or https). */
  readonly url: string;
  /** Icon URL (http(s) or an SVG data URL), or `null`. */
  readonly icon: string | null;
  /** Origin of the app at the ENT (`ENT`, `Toutatice`, `GAR`, `Arena`…), `''` when unknown. */
  readonly category: string;
  readonly favourite: boolean;
}

/** The apps of one category, in the ENT's order. */
export interface LauncherGroup {
  readonly category: string;
  readonly apps: readonly LauncherApp[];
}

/**
 * Why there is no launcher, none of which a retry changes:
 * - `not-linked`: the account is not linked to an ENT (for example a password-only account);
 * - `no-ent`: this Cartable server is not connected to an ENT;
 * - `sign-in-again`: the ENT no longer accepts Cartable's access for this person (sign in with the ENT again);
 * - `not-supported`: the server is not a Cartable server (another Solid server has no launcher, DESIGN §2).
 */
export type LauncherUnavailableReason = 'not-linked' | 'no-ent' | 'sign-in-again' | 'not-supported';

/** What {@link loadLauncher} gives. */
export type Launcher =
  | {
    readonly available: true;
    /** Every app, favourites first. */
    readonly apps: readonly LauncherApp[];
    /** The favourites, in the person's order. */
    readonly favourites: readonly LauncherApp[];
    /** The other apps by category, in order of first appearance. */
    readonly groups: readonly LauncherGroup[];
  }
  | { readonly available: false; readonly reason: LauncherUnavailableReason };

const PROBLEM_REASONS: Readonly<Record<string, LauncherUnavailableReason>> = {
  'urn:cartable:problem:ent-not-linked': 'not-linked',
  'urn:cartable:problem:ent-not-configured': 'no-ent',
  'urn:cartable:problem:ent-sign-in-required': 'sign-in-again',
};

function isHttpUrl(value: unknown): value is string {
  try {
    return typeof value === 'string' && [ 'http:', 'https:' ].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** One app from the endpoint's JSON, or `null` when it lacks what a link needs. */
function toApp(value: unknown): LauncherApp | null {
  if (typeof value !== 'object' || value === null) {
    return null;
  }
  const app = value as Record<string, unknown>;
  if (typeof app.title !== 'string' || app.title === '' || !isHttpUrl(app.url)) {
    return null;
  }
  const icon = isHttpUrl(app.icon) || (typeof app.icon === 'string' && app.icon.startsWith('data:image/svg+xml')) ?
    app.icon :
    null;
  return {
    id: typeof app.id === 'string' && app.id !== '' ? app.id : app.url,
    title: app.title,
    description: typeof app.description === 'string' ? app.description : '',
    url: app.url,
    icon,
    category: typeof app.category === 'string' ? app.category : '',
    favourite: app.favourite === true,
  };
}

/** The launcher from a list of apps already in display order (favourites first). */
export function groupLauncher(apps: readonly LauncherApp[]): Launcher {
  const favourites = apps.filter((app): boolean => app.favourite);
  const groups = new Map<string, LauncherApp[]>();
  for (const app of apps.filter((other): boolean => !other.favourite)) {
    groups.set(app.category, [ ...groups.get(app.category) ?? [], app ]);
  }
  return {
    available: true,
    apps,
    favourites,
    groups: [ ...groups ].map(([ category, members ]): LauncherGroup => ({ category, apps: members })),
  };
}

/** The problem type of an RFC 9457 response, or `null`. */
async function problemType(response: Response): Promise<string | null> {
  if (!(response.headers.get('content-type') ?? '').includes('json')) {
    return null;
  }
  try {
    const type = (await response.json() as { type?: unknown } | null)?.type;
    return typeof type === 'string' ? type : null;
  } catch {
    return null;
  }
}

/**
 * Reads the person's ENT applications from Cartable's launcher endpoint (`GET <server>.cartable/ent/apps`
 * with the session's fetch).
 *
 * A server that has no launcher is not an error but `{ available: false, reason }`: Cartable's own problems
 * (`not-linked`, `no-ent`, `sign-in-again`), and `not-supported` for what another Solid server answers
 * there (404, 405, 501, 401/403 without Cartable's problem, or a 200 that is not the launcher's JSON).
 *
 * @param serverOrigin - The server's origin or base URL (the page's, which is the identity provider's).
 * @throws {@link FetchError} when no answer came (`network`) or the ENT or server failed (`status`, e.g. 502,
 *   503): the person may retry.
 */
export async function loadLauncher(fetchFn: FetchLike, serverOrigin: string): Promise<Launcher> {
  const url = new URL(LAUNCHER_PATH, serverOrigin.endsWith('/') ? serverOrigin : `${serverOrigin}/`).href;
  let response: Response;
  try {
    response = await fetchFn(url, { headers: { accept: 'application/json' }});
  } catch (error: unknown) {
    throw new FetchError(`No response from ${url}: ${String(error)}`, { url, statusCode: null, failure: 'network', cause: error });
  }
  if (response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return { available: false, reason: 'not-supported' };
    }
    const apps = (body as { apps?: unknown } | null)?.apps;
    if (!Array.isArray(apps)) {
      return { available: false, reason: 'not-supported' };
    }
    return groupLauncher(apps.map(toApp).filter((app): app is LauncherApp => app !== null));
  }
  const type = await problemType(response);
  const reason = type === null ? undefined : PROBLEM_REASONS[type];
  if (reason) {
    return { available: false, reason };
  }
  const cartableProblem = type?.startsWith('urn:cartable:problem:') === true;
  if (!cartableProblem && [ 401, 403, 404, 405, 406, 410, 501 ].includes(response.status)) {
    return { available: false, reason: 'not-supported' };
  }
  throw new FetchError(`Expected the ENT applications from ${url}, got ${response.status}${type ? ` (${type})` : ''}`,
    { url, statusCode: response.status, failure: 'status' });
}
