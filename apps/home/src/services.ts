import type { Consents } from './data/consents.ts';
import type { Contacts } from './data/contacts.ts';
import type { Cartable } from './data/loadCartable.ts';
import type { FetchLike } from './data/fetchRdf.ts';
import type { Launcher } from './data/launcher.ts';

/**
 * What the home app needs from the outside world, as interfaces, so that the root element can be tested
 * with fakes and the browser defaults ({@link ./browserServices.ts}) are loaded only when none are given.
 */

/** The part of a Solid-OIDC session the home app uses (the Inrupt browser `Session` satisfies it). */
export interface SolidSession {
  readonly info: { readonly isLoggedIn: boolean; readonly webId?: string };
  /** Completes a login redirect, or silently restores a previous session. */
  handleIncomingRedirect: (options: { url: string; restorePreviousSession: boolean }) => Promise<unknown>;
  /** Starts the login; redirects away to the identity provider. */
  login: (options: { oidcIssuer: string; redirectUrl: string; clientName: string }) => Promise<void>;
  /** Ends the session in this app. */
  logout: (options: { logoutType: 'app' }) => Promise<void>;
  /** A fetch that carries the session's credentials. */
  readonly fetch: FetchLike;
}

/** The session and the data loader the home app runs with. */
export interface HomeServices {
  readonly session: SolidSession;
  readonly loadCartable: (fetchFn: FetchLike, webId: string) => Promise<Cartable>;
  /**
   * Reads the person's ENT applications from a Cartable server (`data/launcher.ts`). Optional: without it
   * the home page shows no launcher (it is a Cartable server extension, DESIGN §2).
   */
  readonly loadLauncher?: (fetchFn: FetchLike, serverOrigin: string) => Promise<Launcher>;
  /**
   * Reads the person's address book from the school ENT in their pod (`data/contacts.ts`). Optional: without
   * it the "Contacts" area links to the pod's `contacts/` container, as the other areas do.
   */
  readonly loadContacts?: (fetchFn: FetchLike, storage: string) => Promise<Contacts>;
  /**
   * Reads who else sees the person's Cartable (`data/consents.ts`). Optional: without it the "Qui voit quoi"
   * area links to the pod's `consents/` container, as the other areas do.
   */
  readonly loadConsents?: (fetchFn: FetchLike, storage: string) => Promise<Consents>;
  /** Web storages whose session keys are removed at sign-out. */
  readonly storages: readonly Storage[];
  /**
   * Ends the sessions kept by the server and the ENT, and wipes this site's data in the browser (full logout
   * on shared computers, `/.account/logout/` on a Cartable server). Optional: without it, only the app's
   * session ends.
   */
  readonly endServerSession?: () => void;
}
