import { readAbout } from './about.ts';
import type { About, Role } from './about.ts';
import { asContainer, cartableAreas } from './areas.ts';
import type { CartableArea } from './areas.ts';
import { FetchError } from './FetchError.ts';
import { documentOf, fetchOptionalRdf, fetchRdf } from './fetchRdf.ts';
import type { FetchLike } from './fetchRdf.ts';
import { readPreferences } from './preferences.ts';
import { readProfile } from './profile.ts';
import { discoverStorage } from './storage.ts';

/** Everything the home page shows about a signed-in person. Absent values are `null`. */
export interface Cartable {
  readonly webId: string;
  /** Pod root, always ending with `/`. */
  readonly storage: string;
  readonly name: string | null;
  readonly school: string | null;
  readonly className: string | null;
  readonly role: Role | null;
  readonly inbox: string | null;
  readonly publicTypeIndex: string | null;
  readonly privateTypeIndex: string | null;
  /** The areas of the pod, in display order. */
  readonly areas: readonly CartableArea[];
}

/** At most this many extended profile documents are read (they are fetched in parallel). */
const MAX_EXTENDED_DOCUMENTS = 4;

const NO_ABOUT: About = { name: null, school: null, className: null, role: null };

/** Earlier documents win, field by field. */
function merge(abouts: readonly About[]): About {
  return {
    name: abouts.find((about): boolean => about.name !== null)?.name ?? null,
    school: abouts.find((about): boolean => about.school !== null)?.school ?? null,
    className: abouts.find((about): boolean => about.className !== null)?.className ?? null,
    role: abouts.find((about): boolean => about.role !== null)?.role ?? null,
  };
}

/**
 * Reads a person's cartable with the Solid protocol only, so it works against any Solid server:
 * the WebID profile (storage, inbox, preferences file, public type index), then the owner-only
 * preferences file (private type index, `rdfs:seeAlso` links), then the documents those links name
 * (in a Cartable pod `profile/about`: name, school, class, role).
 *
 * Preferences and extended documents that do not exist (404, 410) leave their values `null`.
 *
 * @param fetchFn - An authenticated `fetch` (the owner's session), since most documents are owner-only.
 * @param webId - The person's WebID.
 * When the profile names no storage, the storage is discovered by walking up from the WebID
 * ({@link discoverStorage}).
 *
 * @throws {@link FetchError} when a document cannot be read (no response, non-2xx status other than a
 * missing optional document, invalid Turtle), or when no storage can be found.
 */
export async function loadCartable(fetchFn: FetchLike, webId: string): Promise<Cartable> {
  const profileDocument = await fetchRdf(fetchFn, documentOf(webId));
  const profile = readProfile(profileDocument.quads, webId);
  const storageUrl = profile.storage ?? await discoverStorage(fetchFn, webId);
  if (storageUrl === null) {
    throw new FetchError(`Expected pim:storage or solid:storage for ${webId} in ${profileDocument.url}, ` +
      'or a storage container above it, found none',
    { url: profileDocument.url, statusCode: profileDocument.statusCode, failure: 'content' });
  }

  const preferencesDocument = profile.preferencesFile === null ?
    null :
    await fetchOptionalRdf(fetchFn, profile.preferencesFile);
  const preferences = preferencesDocument === null ?
    { privateTypeIndex: null, seeAlso: []} :
    readPreferences(preferencesDocument.quads, webId);

  const read = new Set([ profileDocument.url, preferencesDocument?.url ].filter(Boolean));
  const extended = [ ...new Set([ ...preferences.seeAlso, ...profile.seeAlso ].map(documentOf)) ]
    .filter((url): boolean => !read.has(url))
    .slice(0, MAX_EXTENDED_DOCUMENTS);
  const extendedDocuments = await Promise.all(extended.map(async(url): Promise<About> => {
    const document = await fetchOptionalRdf(fetchFn, url);
    return document === null ? NO_ABOUT : readAbout(document.quads, webId);
  }));
  const about = merge([ ...extendedDocuments, readAbout(profileDocument.quads, webId) ]);

  const storage = asContainer(storageUrl);
  return {
    webId,
    storage,
    name: about.name,
    school: about.school,
    className: about.className,
    role: about.role,
    inbox: profile.inbox,
    publicTypeIndex: profile.publicTypeIndex,
    privateTypeIndex: preferences.privateTypeIndex,
    areas: cartableAreas(storage),
  };
}
