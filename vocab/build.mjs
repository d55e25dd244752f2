// Generates vocab/cartable.ts (TypeScript constants of the Cartable vocabulary) from vocab/cartable.ttl,
// and checks that the committed module is current (`node vocab/build.mjs --check`).
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import n3 from 'n3';

const HERE = dirname(fileURLToPath(import.meta.url));
const SOURCE = join(HERE, 'cartable.ttl');
const TARGET = join(HERE, 'cartable.ts');
const NS = 'https://w3id.org/cartable/ns#';
const RDFS = 'http://www.w3.org/2000/01/rdf-schema#';

/** The TypeScript source generated from the ontology. */
export function generate(turtle = readFileSync(SOURCE, 'utf8')) {
  const quads = new n3.Parser({ baseIRI: NS }).parse(turtle);
  const terms = new Map();
  for (const quad of quads) {
    const s = quad.subject.value;
    if (!s.startsWith(NS) || s === NS) {
      continue;
    }
    const term = terms.get(s) ?? { labels: {}, comment: '' };
    if (quad.predicate.value === `${RDFS}label`) {
      term.labels[quad.object.language] = quad.object.value;
    }
    if (quad.predicate.value === `${RDFS}comment` && quad.object.language === 'en') {
      term.comment = quad.object.value;
    }
    terms.set(s, term);
  }
  const lines = [ ...terms.entries() ].sort(([ a ], [ b ]) => a.localeCompare(b)).map(([ iri, term ]) => {
    if (!term.labels.fr || !term.labels.en || !term.comment) {
      throw new Error(`vocab/cartable.ttl: ${iri} needs rdfs:label in fr and en and an English rdfs:comment`);
    }
    return `  /** ${term.comment} */\n  ${iri.slice(NS.length)}: '${iri}',`;
  });
  return `// Generated from vocab/cartable.ttl by vocab/build.mjs. Do not edit; run \`npm run build\`.\n` +
    `/** The Cartable vocabulary (https://w3id.org/cartable/ns#). */\nexport const CARTABLE = {\n` +
    `  namespace: '${NS}',\n${lines.join('\n')}\n} as const;\n`;
}

function current() {
  try {
    return readFileSync(TARGET, 'utf8');
  } catch {
    return '';
  }
}

/** Regenerates the module when the ontology changed. */
export async function buildVocab({ force = false, log = () => {} } = {}) {
  const stale = force || current() === '' || statSync(SOURCE).mtimeMs > statSync(TARGET).mtimeMs;
  if (stale) {
    const next = generate();
    if (next !== current()) {
      writeFileSync(TARGET, next);
      log('build: regenerated vocab/cartable.ts');
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--check')) {
    if (generate() !== current()) {
      process.stderr.write('vocab/cartable.ts is not current with vocab/cartable.ttl: run `npm run build` and commit it.\n');
      process.exit(1);
    }
    process.stdout.write('vocab/cartable.ts is current.\n');
  } else {
    await buildVocab({ force: true, log: (m) => process.stderr.write(`${m}\n`) });
  }
}
