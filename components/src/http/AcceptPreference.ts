/** Media types an RDF client asks for; if one of these weighs as much as HTML, the client gets RDF. */
const RDF_TYPES = [
  'text/turtle', 'application/ld+json', 'application/json', 'application/n-triples', 'application/n-quads',
  'application/rdf+xml', 'application/trig', 'text/n3',
];

/** Weight (q) of each media range in an Accept header. Invalid parts are ignored. */
export function parseAccept(header: string | undefined): Map<string, number> {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [ range, ...params ] = part.trim().split(';');
    const type = range?.trim().toLowerCase();
    if (!type || !type.includes('/')) {
      continue;
    }
    let q = 1;
    for (const param of params) {
      const [ key, value ] = param.trim().split('=');
      if (key?.trim() === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(1, Math.max(0, parsed)) : 0;
      }
    }
    weights.set(type, Math.max(weights.get(type) ?? 0, q));
  }
  return weights;
}

/**
 * True when the request explicitly prefers an HTML page over any RDF serialisation: browsers navigating
 * to `/` get the app shell, Solid clients (`text/turtle`, `application/ld+json`, `*\/*`) get the container.
 */
export function prefersHtml(header: string | undefined): boolean {
  const weights = parseAccept(header);
  const html = Math.max(weights.get('text/html') ?? 0, weights.get('application/xhtml+xml') ?? 0);
  if (html === 0) {
    return false;
  }
  return RDF_TYPES.every((type): boolean => (weights.get(type) ?? 0) < html);
}
