// Precompiles an entry config of pod-config/ into a CommonJS module that builds the server in ~1.5 s
// instead of the 10-14 s Components.js needs to parse every CSS component at each start
// (css-extension-points.md §6). The JSON configs stay the source of truth: this runs at build time only.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { COMPILED, POD_CONFIG, ROOT } from './paths.mjs';

const require = createRequire(join(ROOT, 'package.json'));

/** A config problem, with the file (and key when known) it comes from. */
export class ConfigError extends Error {}

/** Checks that every JSON file of pod-config/ parses, naming the file, line and column otherwise. */
export function checkConfigSyntax(folder = POD_CONFIG) {
  for (const entry of readdirSync(folder, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) {
      continue;
    }
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const text = readFileSync(file, 'utf8');
    try {
      JSON.parse(text);
    } catch (error) {
      const position = /position (\d+)/u.exec(error.message);
      let where = '';
      if (position) {
        const before = text.slice(0, Number(position[1]));
        const line = before.split('\n').length;
        where = ` at line ${line}, column ${Number(position[1]) - before.lastIndexOf('\n')}`;
      }
      throw new ConfigError(`Malformed config ${relative(ROOT, file)}${where}: ${error.message}`);
    }
  }
}

/** Compiles `pod-config/<name>.json` to `.cartable/compiled/<name>.cjs`. */
export async function compileConfig(name) {
  const { ComponentsManager, ConstructionStrategyCommonJsString } = require('componentsjs');
  const configPath = join(POD_CONFIG, `${name}.json`);
  const strategy = new ConstructionStrategyCommonJsString({ asFunction: true, req: require });
  let manager;
  let document;
  try {
    manager = await ComponentsManager.build({
      mainModulePath: ROOT,
      constructionStrategy: strategy,
      configLoader: (registry) => registry.register(configPath),
      skipContextValidation: true,
      typeChecking: false,
      logLevel: 'error',
    });
    document = strategy.serializeDocument(await manager.instantiate('urn:solid-server:default:App'));
  } catch (error) {
    throw new ConfigError(`Config ${relative(ROOT, configPath)} cannot be built: ${error.message}`);
  }
  // The strategy writes requires relative to the package root; the module lives two folders below it.
  const body = document.replaceAll("require('./", "require('../../");
  mkdirSync(COMPILED, { recursive: true });
  const target = join(COMPILED, `${name}.cjs`);
  writeFileSync(`${target}.tmp`, `// Generated from pod-config/${name}.json by bin/lib/compile-config.mjs. Do not edit.\n${body}`);
  renameSync(`${target}.tmp`, target);
  return target;
}
