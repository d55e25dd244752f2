/**
 * Removes what a Solid-OIDC session leaves in web storage, so that the next person on a shared school
 * computer starts signed out. The language choice is kept: it is a device preference, not personal data.
 */

/**
 * Prefixes of the keys written by @inrupt/solid-client-authn-browser (session, client registration, cached
 * issuer configuration), by its oidc-client, and by the apps' own session state.
 */
export const SESSION_KEY_PREFIXES = [
  'solidClientAuthn', 'solidClientAuthentication', 'issuerConfig:', 'oidc.', 'cartable.session',
] as const;

/** Removes every key with one of {@link SESSION_KEY_PREFIXES} from `storages`; returns how many were removed. */
export function forgetSession(storages: readonly Storage[]): number {
  let removed = 0;
  for (const storage of storages) {
    const keys = Array.from({ length: storage.length }, (_, index): string | null => storage.key(index));
    for (const key of keys) {
      if (key !== null && SESSION_KEY_PREFIXES.some((prefix): boolean => key.startsWith(prefix))) {
        storage.removeItem(key);
        removed += 1;
      }
    }
  }
  return removed;
}
