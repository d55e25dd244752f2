import type { FetchLike } from './fetchRdf.ts';

const PIM_STORAGE = 'http://www.w3.org/ns/pim/space#Storage';

/** True when a response's `Link` header says the resource is a storage root (`rel="type"` pim:Storage). */
export function isStorageResponse(response: Response): boolean {
  const links = response.headers.get('link') ?? '';
  return links.split(/,(?=\s*<)/u).some((link): boolean =>
    link.includes(`<${PIM_STORAGE}>`) && /rel="?(?:[^";]*\s)?type(?:\s[^";]*)?"?/u.test(link));
}

/**
 * Finds the storage that holds a WebID when the profile does not name one, the way the Solid Protocol
 * describes it: walk up the containers of the WebID's URL and stop at the first one whose response says it
 * is a `pim:Storage`. Stock CSS pods made through its API, for example, have no `pim:storage` in the profile.
 *
 * @returns the storage URL, or `null` when no container on the way up is a storage (or none can be read).
 */
export async function discoverStorage(fetchFn: FetchLike, webId: string): Promise<string | null> {
  const url = new URL(webId);
  url.hash = '';
  url.search = '';
  let path = url.pathname.endsWith('/') ? url.pathname : url.pathname.slice(0, url.pathname.lastIndexOf('/') + 1);
  while (path.length > 0) {
    const candidate = `${url.origin}${path}`;
    try {
      const response = await fetchFn(candidate, { method: 'HEAD' });
      if (isStorageResponse(response)) {
        return candidate;
      }
    } catch {
      return null;
    }
    if (path === '/') {
      break;
    }
    path = path.slice(0, path.slice(0, -1).lastIndexOf('/') + 1);
  }
  return null;
}
