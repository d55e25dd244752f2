// Paths in configuration are found from the Cartable package, whatever folder `cartable` is started from.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE_ROOT, resolvePackagePath } from '../../../components/dist/util/PackagePath.js';

describe('PackagePath', (): void => {
  it('finds the root of the Cartable package', (): void => {
    const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { name: string };
    assert.equal(manifest.name, 'cartable');
  });

  it('resolves relative paths from the package root, not the working directory', (): void => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'cartable-cwd-'));
    const previous = process.cwd();
    try {
      process.chdir(elsewhere);
      const seed = resolvePackagePath('pod-config/demo/school.json');
      assert.equal(seed, join(PACKAGE_ROOT, 'pod-config', 'demo', 'school.json'));
      assert.ok(existsSync(seed));
    } finally {
      process.chdir(previous);
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('keeps absolute paths', (): void => {
    const absolute = realpathSync(tmpdir());
    assert.equal(resolvePackagePath(absolute), absolute);
  });

  it('resolves @css: paths inside the Community Solid Server package', (): void => {
    const path = resolvePackagePath('@css:package.json');
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as { name: string };
    assert.equal(manifest.name, '@solid/community-server');
  });
});
