import { createReadStream, promises as fsp } from 'node:fs';
import { dirname, extname, join, resolve, sep } from 'node:path';
import type { HttpHandlerInput } from '@solid/community-server';
import { getLoggerFor, HttpHandler, NotImplementedHttpError } from '@solid/community-server';
import { resolvePackagePath } from '../util/PackagePath';
import { prefersHtml } from './AcceptPreference';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * Serves Cartable's built apps: `GET /` with a browser's Accept header gives the home app, `/apps/<app>/…`
 * gives an app's files, and an app's folder or extension-less deep link gives its `index.html` (single-page
 * routing). Everything else, including `/` asked for as RDF, falls through to the next handler (LDP).
 *
 * Pages are sent with `Cache-Control: no-store` (they show private data once signed in; a shared computer's
 * Back button must not bring it back) and assets with `no-cache` plus an ETag, so updates show at once.
 * CSS's own `StaticAssetHandler` cannot do this: it ignores Accept and answers folders with a 500.
 */
export class AppShellHandler extends HttpHandler {
  protected readonly logger = getLoggerFor(this);
  private readonly root: string;
  private readonly homeApp: string;
  private readonly prefix: string;

  /**
   * @param appsFolder - Folder of built apps, one sub-folder per app (resolved like CSS asset paths).
   * @param homeApp - App served at `/`.
   * @param prefix - URL path under which apps are served.
   */
  public constructor(appsFolder: string, homeApp = 'home', prefix = '/apps/') {
    super();
    this.root = resolvePackagePath(appsFolder);
    this.homeApp = homeApp;
    this.prefix = prefix;
  }

  public override async canHandle({ request }: HttpHandlerInput): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      throw new NotImplementedHttpError('Apps are only read with GET or HEAD');
    }
    if (!this.fileFor(request.url ?? '/', request.headers.accept)) {
      throw new NotImplementedHttpError('Not an app URL');
    }
  }

  public override async handle({ request, response }: HttpHandlerInput): Promise<void> {
    const file = this.fileFor(request.url ?? '/', request.headers.accept);
    if (!file) {
      throw new NotImplementedHttpError('Not an app URL');
    }
    let target = file.path;
    let stats = await fsp.stat(target).catch((): undefined => undefined);
    if ((!stats || stats.isDirectory()) && file.fallback) {
      target = file.fallback;
      stats = await fsp.stat(target).catch((): undefined => undefined);
    }
    if (!stats?.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      response.end('Not found. Build the apps with "npm run build".\n');
      return;
    }
    const type = CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream';
    const etag = `"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"`;
    const headers: Record<string, string> = {
      'content-type': type,
      etag,
      'cache-control': type.startsWith('text/html') ? 'no-store' : 'no-cache',
      'x-content-type-options': 'nosniff',
      vary: 'Accept',
    };
    if (type.startsWith('text/html')) {
      headers['content-security-policy'] = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: https: http:; connect-src *; frame-ancestors 'none'; base-uri 'self'; form-action 'self' http: https:";
      headers['referrer-policy'] = 'same-origin';
    }
    if (request.headers['if-none-match'] === etag && !type.startsWith('text/html')) {
      response.writeHead(304, headers);
      response.end();
      return;
    }
    headers['content-length'] = String(stats.size);
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(target).on('error', (error): void => {
      this.logger.error(`Could not read ${target}: ${error.message}`);
      response.destroy(error);
    }).pipe(response);
  }

  /** The file a URL maps to, and the index page to fall back to; `undefined` when not an app URL. */
  private fileFor(url: string, accept: string | undefined): { path: string; fallback?: string } | undefined {
    const path = url.split(/[?#]/u)[0] ?? '/';
    if (path === '/') {
      return prefersHtml(accept) ? { path: join(this.root, this.homeApp, 'index.html') } : undefined;
    }
    if (!path.startsWith(this.prefix)) {
      return undefined;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(path.slice(this.prefix.length));
    } catch {
      return undefined;
    }
    const [ app ] = decoded.split('/');
    if (!app || app === '.' || app === '..' || decoded.includes('\0') || decoded.includes('\\')) {
      return undefined;
    }
    const full = resolve(this.root, decoded);
    const appRoot = join(this.root, app);
    // The app folder must be a direct child of the apps folder, and the file inside that app folder.
    if (dirname(appRoot) !== this.root || (!full.startsWith(`${appRoot}${sep}`) && full !== appRoot)) {
      return undefined;
    }
    const index = join(appRoot, 'index.html');
    if (decoded.endsWith('/') || full === appRoot) {
      return { path: index };
    }
    return { path: full, fallback: extname(full) === '' ? index : undefined };
  }
}
