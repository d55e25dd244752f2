/**
 * Rules for pod names, shared by the server (validation) and tools (generation of opaque names).
 *
 * A pod name is one URL path segment and, for subdomain deployments, one DNS label: lowercase ASCII
 * letters, digits and inner hyphens, 1 to 63 characters. CSS itself silently rewrites any other
 * character to `-`, which would let two different names collide; Cartable refuses them instead.
 */
export const POD_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/u;

/** Longest accepted pod name. */
export const POD_NAME_MAX_LENGTH = 63;

/** Names that would shadow server routes or confuse people. */
export const RESERVED_POD_NAMES: ReadonlySet<string> = new Set([
  'apps', 'app', 'static', 'assets', 'api', 'account', 'accounts', 'admin', 'idp', 'oidc', 'login', 'logout',
  'well-known', 'notifications', 'internal', 'cartable', 'ent', 'www', 'root', 'public', 'index', 'favicon', 'groups',
]);

/** Why a pod name is refused, or `null` when it is acceptable. Messages are meant for the person choosing. */
export function podNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) {
    return 'A pod name is required.';
  }
  if (name.length > POD_NAME_MAX_LENGTH) {
    return `A pod name has at most ${POD_NAME_MAX_LENGTH} characters; this one has ${name.length}.`;
  }
  if (!POD_NAME_PATTERN.test(name)) {
    return `Pod name ${JSON.stringify(name)} is not URL-safe: use lowercase letters a-z, digits and inner hyphens only.`;
  }
  if (RESERVED_POD_NAMES.has(name)) {
    return `Pod name ${JSON.stringify(name)} is reserved by the server.`;
  }
  return null;
}

/**
 * An opaque pod name for a person (never derived from a minor's name): a prefix and random hex.
 * `random` is injectable for deterministic seeding.
 */
export function opaquePodName(random: () => number = Math.random, prefix = 'c'): string {
  let hex = '';
  for (let i = 0; i < 12; i++) {
    hex += Math.floor(random() * 16).toString(16);
  }
  return `${prefix}${hex}`;
}
