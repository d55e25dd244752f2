// Where things are in the Cartable package. Every path is absolute, resolved from this file.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const COMPONENTS_SRC = join(ROOT, 'components', 'src');
export const COMPONENTS_DIST = join(ROOT, 'components', 'dist');
export const POD_CONFIG = join(ROOT, 'pod-config');
export const BUILD_CACHE = join(ROOT, '.cartable');
export const COMPILED = join(BUILD_CACHE, 'compiled');
export const ENTRY_CONFIGS = [ 'dev', 'prod', 'test' ];
export const BIN = join(ROOT, 'node_modules', '.bin');
