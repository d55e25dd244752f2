import { isAbsolute, resolve } from 'node:path';
import { resolveAssetPath } from '@solid/community-server';

/** The root folder of the Cartable package (this file is compiled to `components/dist/util/`). */
export const PACKAGE_ROOT = resolve(__dirname, '..', '..', '..');

/**
 * Resolves a path from configuration: absolute paths and CSS's `@css:` paths as CSS does, anything else
 * relative to the Cartable package root (not the working directory), so `npx cartable` works from anywhere.
 */
export function resolvePackagePath(path: string): string {
  if (isAbsolute(path) || path.startsWith('@css:')) {
    return resolveAssetPath(path);
  }
  return resolve(PACKAGE_ROOT, path);
}
