import { lookup } from 'node:dns/promises';
import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Parser } from 'n3';
import {
  BasicRepresentation, getLoggerFor, INTERNAL_QUADS, RdfToQuadConverter, readableToQuads,
} from '@solid/community-server';
import type { MemberQuad } from './GroupMembers';
import { isPublicAddress } from './PublicAddress';

/** Options of a {@link SafeGroupFetcher}; every limit has a safe default. */
export interface SafeGroupFetcherArgs {
  /** Time limit for one group document, DNS and redirects included, in milliseconds (default 3000). */
  timeoutMs?: number;
  /** Largest accepted body in bytes (default 262144, 256 kB). */
  maxBytes?: number;
  /** Redirects followed at most, each target checked like the first (default 3). */
  maxRedirects?: number;
  /** PEM certificates trusted in addition to the system's CAs (default none). */
  extraCaCertificates?: string;
  /** What is fetched, for error messages (default "Group document"). */
  label?: string;
  /** The `User-Agent` sent (default "Cartable group resolver"). */
  userAgent?: string;
  /**
   * Also fetch `http://localhost`, `http://127.0.0.1` and `http://[::1]` URLs, connecting to loopback addresses
   * only: for development and test servers, never in production (default false).
   */
  allowLocalhostHttp?: boolean;
}

/** An address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

const LOCALHOST_NAMES = new Set([ 'localhost', '127.0.0.1', '[::1]' ]);
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

/** Whether `address` (a literal IP address) is a loopback address. */
function isLoopbackAddress(address: string): boolean {
  const family = isIP(address);
  return family !== 0 && loopback.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const REDIRECT_STATUSES = new Set([ 301, 302, 303, 307, 308 ]);
const TURTLE = 'text/turtle';
const JSON_LD = 'application/ld+json';

/**
 * Fetches a group document from another server for WAC `acl:agentGroup`, under strict limits, because the
 * URL comes from an ACL that any pod owner writes (a server-side request forgery vector otherwise):
 * - `https:` only, no credentials sent, no user info in the URL;
 * - the host name is resolved here and **every** address must be public ({@link isPublicAddress}); the
 *   connection goes to the checked address (the name is only used for TLS and `Host`), so a DNS answer
 *   that changes between check and connect (DNS rebinding) cannot reach the server's own network;
 * - redirects are followed at most `maxRedirects` times, each target checked in the same way;
 * - one time limit for the whole fetch, a size cap, Turtle or JSON-LD only, and JSON-LD only when it
 *   needs no remote `@context` (the parser would fetch it without these checks).
 *
 * With `allowLocalhostHttp` (development and tests only), `http:` URLs on `localhost` are fetched too, from
 * loopback addresses only. Other Cartable components reuse it with their own `label` (WebID profiles).
 *
 * It throws an `Error` saying why a document was refused; the caller treats that as "not a member".
 * Tests may override {@link isAllowedAddress} and {@link resolveHost}.
 */
export class SafeGroupFetcher {
  protected readonly logger = getLoggerFor(this);
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxRedirects: number;
  private readonly ca?: string[];
  private readonly label: string;
  private readonly userAgent: string;
  private readonly allowLocalhostHttp: boolean;
  private readonly jsonLdParser = new RdfToQuadConverter();

  /**
   * @param args - Limits; see {@link SafeGroupFetcherArgs}.
   */
  public constructor(args: SafeGroupFetcherArgs = {}) {
    this.timeoutMs = args.timeoutMs ?? 3000;
    this.maxBytes = args.maxBytes ?? 256 * 1024;
    this.maxRedirects = args.maxRedirects ?? 3;
    this.ca = args.extraCaCertificates ? [ ...rootCertificates, args.extraCaCertificates ] : undefined;
    this.label = args.label ?? 'Group document';
    this.userAgent = args.userAgent ?? 'Cartable group resolver';
    this.allowLocalhostHttp = args.allowLocalhostHttp ?? false;
  }

  /** The quads of the document at `url` (fragment ignored). */
  public async fetchQuads(url: string): Promise<MemberQuad[]> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    let target = this.checkedUrl(url);
    for (let redirects = 0; ; redirects += 1) {
      const response = await this.get(target, signal);
      const { statusCode = 0, headers } = response;
      if (REDIRECT_STATUSES.has(statusCode)) {
        response.destroy();
        if (redirects >= this.maxRedirects) {
          throw new Error(`${this.label} ${url}: more than ${this.maxRedirects} redirects.`);
        }
        if (!headers.location) {
          throw new Error(`${this.label} ${target.href}: redirect ${statusCode} without a Location.`);
        }
        target = this.checkedUrl(new URL(headers.location, target).href);
        continue;
      }
      if (statusCode !== 200) {
        response.destroy();
        throw new Error(`${this.label} ${target.href}: HTTP ${statusCode}.`);
      }
      const contentType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (contentType !== TURTLE && contentType !== JSON_LD) {
        response.destroy();
        throw new Error(`${this.label} ${target.href}: content type "${contentType}", expected ${TURTLE} or ${JSON_LD}.`);
      }
      const encoding = headers['content-encoding'];
      if (encoding !== undefined && encoding !== 'identity') {
        response.destroy();
        throw new Error(`${this.label} ${target.href}: unexpected content encoding "${encoding}".`);
      }
      const body = await this.readBody(response, target.href);
      return contentType === TURTLE ? this.parseTurtle(body, target.href) : this.parseJsonLd(body, target.href);
    }
  }

  /** Whether the server may connect to `address`. Public unicast addresses only. */
  protected isAllowedAddress(address: string): boolean {
    return isPublicAddress(address);
  }

  /** Every address `hostname` resolves to (an IP literal resolves to itself). */
  protected async resolveHost(hostname: string): Promise<ResolvedAddress[]> {
    const family = isIP(hostname);
    if (family !== 0) {
      return [{ address: hostname, family }];
    }
    return lookup(hostname, { all: true, verbatim: true });
  }

  private checkedUrl(url: string): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`${this.label} ${JSON.stringify(url)} is not a URL.`);
    }
    const localHttp = this.allowLocalhostHttp && parsed.protocol === 'http:' && LOCALHOST_NAMES.has(parsed.hostname);
    if (parsed.protocol !== 'https:' && !localHttp) {
      throw new Error(`${this.label} ${parsed.href}: only https URLs are fetched${
        this.allowLocalhostHttp ? ' (and http on localhost)' : ''}.`);
    }
    if (parsed.username || parsed.password) {
      throw new Error(`${this.label} ${parsed.origin}${parsed.pathname}: URLs with credentials are not fetched.`);
    }
    parsed.hash = '';
    return parsed;
  }

  private async get(url: URL, signal: AbortSignal): Promise<IncomingMessage> {
    const hostname = url.hostname.replace(/^\[(.*)\]$/u, '$1');
    const addresses = await Promise.race([
      this.resolveHost(hostname),
      new Promise<never>((_resolve, reject): void => {
        signal.addEventListener('abort', (): void => reject(new Error(`${this.label} ${url.href}: DNS timeout.`)),
          { once: true });
      }),
    ]);
    if (addresses.length === 0) {
      throw new Error(`${this.label} ${url.href}: ${hostname} has no address.`);
    }
    const localHttp = url.protocol === 'http:';
    for (const { address } of addresses) {
      if (localHttp ? !isLoopbackAddress(address) : !this.isAllowedAddress(address)) {
        throw new Error(`${this.label} ${url.href}: ${hostname} resolves to ${address}, which is not a ${
          localHttp ? 'loopback' : 'public'} address.`);
      }
    }
    const [{ address }] = addresses;
    this.logger.debug(`Fetching ${this.label} ${url.href} from ${address}`);
    const headers = { host: url.host, accept: `${TURTLE}, ${JSON_LD};q=0.9`, 'user-agent': this.userAgent };
    const path = `${url.pathname}${url.search}`;
    return new Promise((resolve, reject): void => {
      const req = localHttp ?
        httpRequest({ host: address, port: url.port === '' ? 80 : Number(url.port), path, method: 'GET', headers,
          agent: false, signal }, resolve) :
        request({
          host: address,
          port: url.port === '' ? 443 : Number(url.port),
          path,
          method: 'GET',
          servername: isIP(hostname) === 0 ? hostname : undefined,
          headers,
          agent: false,
          ca: this.ca,
          signal,
        }, resolve);
      req.on('error', (error): void => {
        reject(new Error(`${this.label} ${url.href}: ${signal.aborted ? 'timeout' : error.message}.`));
      });
      req.end();
    });
  }

  private async readBody(response: IncomingMessage, url: string): Promise<string> {
    const declared = Number(response.headers['content-length'] ?? 0);
    if (declared > this.maxBytes) {
      response.destroy();
      throw new Error(`${this.label} ${url}: ${declared} bytes, more than the ${this.maxBytes} accepted.`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of response as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > this.maxBytes) {
          response.destroy();
          throw new Error(`${this.label} ${url}: more than the ${this.maxBytes} bytes accepted.`);
        }
        chunks.push(chunk);
      }
    } catch (error: unknown) {
      throw error instanceof Error && error.message.startsWith(this.label) ?
        error :
        new Error(`${this.label} ${url}: the body could not be read (${String(error)}).`);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  private parseTurtle(body: string, url: string): MemberQuad[] {
    return new Parser({ baseIRI: url, format: TURTLE }).parse(body);
  }

  private async parseJsonLd(body: string, url: string): Promise<MemberQuad[]> {
    if (needsRemoteContext(JSON.parse(body))) {
      throw new Error(`${this.label} ${url}: JSON-LD with a remote @context is not accepted; inline the context.`);
    }
    const identifier = { path: url };
    const converted = await this.jsonLdParser.handleSafe({
      identifier,
      representation: new BasicRepresentation(body, identifier, JSON_LD),
      preferences: { type: { [INTERNAL_QUADS]: 1 }},
    });
    return (await readableToQuads(converted.data)).getQuads(null, null, null, null);
  }
}

/** Whether a JSON-LD document refers to a context by URL (`"@context": "https://…"` or `@import`) anywhere. */
function needsRemoteContext(document: unknown): boolean {
  const pending: unknown[] = [ document ];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      pending.push(...value as unknown[]);
    } else if (typeof value === 'object' && value !== null) {
      for (const [ key, child ] of Object.entries(value)) {
        if (key === '@import') {
          return true;
        }
        if (key === '@context' &&
          (typeof child === 'string' || (Array.isArray(child) && child.some((item): boolean => typeof item === 'string')))) {
          return true;
        }
        pending.push(child);
      }
    }
  }
  return false;
}
