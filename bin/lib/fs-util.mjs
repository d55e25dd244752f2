// Small file-system helpers for the build: newest modification time below a set of paths.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest mtime (ms) of the files below the given paths; 0 when none exist. */
export function newestMtime(paths, skip = () => false) {
  let newest = 0;
  const visit = (path) => {
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return;
    }
    if (stats.isDirectory()) {
      for (const name of readdirSync(path)) {
        const child = join(path, name);
        if (!skip(child)) {
          visit(child);
        }
      }
    } else {
      newest = Math.max(newest, stats.mtimeMs);
    }
  };
  for (const path of paths) {
    visit(path);
  }
  return newest;
}

/** Mtime of one file, 0 when missing. */
export function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
