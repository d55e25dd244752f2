import type { ChildProcessByStdio } from 'node:child_process';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Readable } from 'node:stream';
import type { ClientCredentialsStore, HttpHandlerInput, HttpRequest, HttpResponse } from '@solid/community-server';
import {
  BadRequestHttpError, ConflictHttpError, ensureTrailingSlash, getLoggerFor, HttpError, HttpHandler,
  MethodNotAllowedHttpError, NotFoundHttpError, NotImplementedHttpError,
} from '@solid/community-server';
import { PACKAGE_ROOT } from '../util/PackagePath';
import type { PodOwner, PodOwnerAuthorizer } from './PodOwnerAuthorizer';

/** What the browser sees of a move job (`GET /.cartable/move/job?pod=`). */
export interface MoveJobView {
  id: string;
  /** `check`: `pod move --dry-run` (pre-checks only); `move`: the move itself. */
  kind: 'check' | 'move';
  /** `out`: the owner's pod moves to `to`; `in`: the pod at `from` comes into the owner's pod. */
  direction: 'in' | 'out';
  from: string;
  /** The target pod. */
  to: string;
  /** The mover's last phase: `list`, `check`, `copy`, `acl`, `finish` (`starting` before its first line). */
  phase: string;
  resources: number;
  totalResources: number;
  bytes: number;
  totalBytes: number;
  etaSeconds: number | null;
  state: 'running' | 'done' | 'failed';
  startedAt: string;
  endedAt?: string;
  exitCode?: number;
  /** Set when the job was cancelled by its owner. */
  cancelled?: boolean;
  /** The mover's `--json` report, when it printed one. */
  report?: unknown;
  /** Why the job failed: the mover's last message on standard error. */
  error?: string;
}

interface Job extends MoveJobView {
  child?: ChildProcessByStdio<null, Readable, Readable>;
}

interface ExportTicket {
  owner: PodOwner;
  expires: number;
}

/** The child processes' environment without client credentials inherited from the server's own. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^CARTABLE_(?:FROM_|TO_)?CLIENT_(?:ID|SECRET)$/u.test(key)) {
      delete env[key];
    }
  }
  return { ...env, ...extra };
}

/** An absolute http(s) URL (a pod when `container`), or a 400 naming the field. */
function httpUrl(value: unknown, field: string, container: boolean): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadRequestHttpError(`${field} is required: an absolute http(s) URL.`);
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BadRequestHttpError(`${field} must be an absolute http(s) URL; got ${JSON.stringify(value)}.`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
    throw new BadRequestHttpError(`${field} must be an http(s) URL without credentials, query or fragment; got ${
      JSON.stringify(value)}.`);
  }
  if (container && !url.pathname.endsWith('/')) {
    throw new BadRequestHttpError(`${field} must be a pod's base URL, ending in /; got ${JSON.stringify(value)}.`);
  }
  return url.href;
}

/** A non-empty string field, or a 400. */
function requiredString(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadRequestHttpError(`${field} is required: the client credentials of the new pod's owner.`);
  }
  return value.trim();
}

/**
 * Runs a move, or an export, of a pod on behalf of its owner, for the home app's "Déménager" wizard
 * (docs/move-jobs.md): `POST /.cartable/move/job` `{pod, action: "check"|"start", to, toClientId,
 * toClientSecret, toIssuer?, graceDays?}` (or `from`, `fromClientId`, `fromClientSecret`, `fromIssuer?` to bring
 * another pod into this one) starts `pod-cli.mjs move` (with `--dry-run` for `check`) as a child
 * process with client credentials minted for the owner (deleted when it ends) and secrets only in its
 * environment; `GET ?pod=` follows it from its `--progress-json` lines and its `--json` report;
 * `{pod, action: "cancel"}` stops it (SIGTERM); `{pod, action: "export"}` gives a one-time download URL
 * `/.cartable/move/job/export/<ticket>` (5 minutes) that streams `pod-cli.mjs export --out -`.
 * One job per pod at a time (409). Jobs live in the memory of this process (one worker).
 * Authenticated with Solid-OIDC by {@link PodOwnerAuthorizer}; the download URL is its own capability (a
 * browser navigation carries no DPoP proof).
 */
export class MoveJobHandler extends HttpHandler {
  protected readonly logger = getLoggerFor(this);
  private readonly authorizer: PodOwnerAuthorizer;
  private readonly credentials: ClientCredentialsStore;
  private readonly baseUrl: string;
  private readonly path: string;
  private readonly exportPrefix: string;
  private readonly cli: string;
  private readonly ticketMs: number;
  private readonly jobs = new Map<string, Job>();
  private readonly tickets = new Map<string, ExportTicket>();

  /**
   * @param authorizer - Authenticates the owner of the pod.
   * @param credentials - CSS's client credentials (`urn:solid-server:default:ClientCredentialsStore`).
   * @param baseUrl - The server's base URL (also the OpenID issuer); the endpoint is `<base>.cartable/move/job`.
   * @param cliPath - The pod tool, relative to the package root.
   * @param ticketSeconds - How long an export download URL stays valid.
   */
  public constructor(authorizer: PodOwnerAuthorizer, credentials: ClientCredentialsStore, baseUrl: string,
    cliPath = 'bin/lib/pod-cli.mjs', ticketSeconds = 300) {
    super();
    this.authorizer = authorizer;
    this.credentials = credentials;
    this.baseUrl = ensureTrailingSlash(baseUrl);
    this.path = `${new URL(this.baseUrl).pathname}.cartable/move/job`;
    this.exportPrefix = `${this.path}/export/`;
    this.cli = resolve(PACKAGE_ROOT, cliPath);
    this.ticketMs = ticketSeconds * 1000;
  }

  public override async canHandle({ request }: HttpHandlerInput): Promise<void> {
    const path = (request.url ?? '/').split(/[?#]/u)[0];
    if (path !== this.path && !path.startsWith(this.exportPrefix)) {
      throw new NotImplementedHttpError(`Only ${this.path} runs move jobs`);
    }
  }

  public override async handle({ request, response }: HttpHandlerInput): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    const url = new URL(request.url ?? '/', this.baseUrl);
    try {
      if (url.pathname.startsWith(this.exportPrefix)) {
        response.setHeader('Allow', 'GET, OPTIONS');
        if (request.method === 'OPTIONS') {
          response.writeHead(204).end();
          return;
        }
        if (request.method !== 'GET') {
          throw new MethodNotAllowedHttpError([ request.method ?? '' ], `${request.method} is not allowed here: use GET`);
        }
        await this.download(url.pathname.slice(this.exportPrefix.length), response);
        return;
      }
      response.setHeader('Allow', 'GET, POST, OPTIONS');
      switch (request.method) {
        case 'OPTIONS':
          response.writeHead(204).end();
          return;
        case 'GET': {
          const owner = await this.authorizer.ownerOf(request, url.searchParams.get('pod') ?? '');
          const job = this.jobs.get(owner.pod);
          this.send(response, 200, { job: job ? this.view(job) : null });
          return;
        }
        case 'POST':
          await this.post(request, response);
          return;
        default:
          throw new MethodNotAllowedHttpError([ request.method ?? '' ], `${request.method} is not allowed here: use GET or POST`);
      }
    } catch (error: unknown) {
      const status = HttpError.isInstance(error) ? error.statusCode : 500;
      if (status >= 500) {
        this.logger.error(`Move job request failed: ${(error as Error).message}`);
      }
      if (status === 401) {
        response.setHeader('WWW-Authenticate', 'DPoP algs="ES256 PS256", Bearer');
      }
      if (response.headersSent) {
        response.destroy();
        return;
      }
      this.send(response, status, { error: status >= 500 ? 'The move job could not be run; see the server log.' :
        (error as Error).message });
    }
  }

  private async post(request: HttpRequest, response: HttpResponse): Promise<void> {
    const body = await this.readJson(request);
    const owner = await this.authorizer.ownerOf(request, typeof body.pod === 'string' ? body.pod : '');
    switch (body.action) {
      case 'check':
      case 'start': {
        const job = await this.startMove(owner, body, body.action === 'check' ? 'check' : 'move');
        this.send(response, 202, { job: this.view(job) });
        return;
      }
      case 'cancel': {
        const job = this.jobs.get(owner.pod);
        if (job?.state !== 'running' || !job.child) {
          throw new NotFoundHttpError(`No move job is running for ${owner.pod}.`);
        }
        job.cancelled = true;
        job.child.kill('SIGTERM');
        this.send(response, 202, { job: this.view(job) });
        return;
      }
      case 'export': {
        const now = Date.now();
        for (const [ key, ticket ] of this.tickets) {
          if (ticket.expires <= now) {
            this.tickets.delete(key);
          }
        }
        const ticket = randomBytes(32).toString('base64url');
        this.tickets.set(ticket, { owner, expires: now + this.ticketMs });
        this.send(response, 201, { url: new URL(`${this.exportPrefix}${ticket}`, this.baseUrl).href,
          expiresAt: new Date(now + this.ticketMs).toISOString() });
        return;
      }
      default:
        throw new BadRequestHttpError(`action must be "check", "start", "cancel" or "export"; got ${JSON.stringify(body.action)}.`);
    }
  }

  /**
   * Starts `pod move` (a dry run for a check) for the owner's pod: out of it to `to`, or, with `from` instead
   * (`direction: "in"`), from another pod into it (a pod coming back, or arriving from another provider).
   */
  private async startMove(owner: PodOwner, body: Record<string, unknown>, kind: 'check' | 'move'): Promise<Job> {
    const incoming = body.from !== undefined && body.to === undefined;
    const side = incoming ? 'from' : 'to';
    const other = httpUrl(body[side], side, true);
    if (other === owner.pod || other.startsWith(owner.pod) || owner.pod.startsWith(other)) {
      throw new BadRequestHttpError(`${side} (${other}) is the pod itself, inside it or around it; give the URL of ${
        incoming ? 'the pod that comes here' : 'the new pod'}.`);
    }
    const clientId = requiredString(body[`${side}ClientId`], `${side}ClientId`);
    const clientSecret = requiredString(body[`${side}ClientSecret`], `${side}ClientSecret`);
    const [ from, to ] = incoming ? [ other, owner.pod ] : [ owner.pod, other ];
    const args = [ this.cli, 'move', '--from', from, '--to', to, `--${incoming ? 'to' : 'from'}-issuer`, this.baseUrl,
      '--yes', '--progress-json', '--json' ];
    const issuer = body[`${side}Issuer`];
    if (issuer !== undefined && issuer !== null && issuer !== '') {
      args.push(`--${side}-issuer`, httpUrl(issuer, `${side}Issuer`, false));
    }
    if (body.graceDays !== undefined && body.graceDays !== null) {
      if (typeof body.graceDays !== 'number' || !Number.isInteger(body.graceDays) || body.graceDays < 0 || body.graceDays > 366) {
        throw new BadRequestHttpError('graceDays must be a whole number of days from 0 to 366.');
      }
      args.push('--grace-days', String(body.graceDays));
    }
    if (kind === 'check') {
      args.push('--dry-run');
    }
    if (this.jobs.get(owner.pod)?.state === 'running') {
      throw new ConflictHttpError(`A move job is already running for ${owner.pod}; wait for it to end or cancel it.`);
    }
    const job: Job = { id: randomUUID(), kind, direction: incoming ? 'in' : 'out', from, to, phase: 'starting', resources: 0,
      totalResources: 0, bytes: 0,
      totalBytes: 0, etaSeconds: null, state: 'running', startedAt: new Date().toISOString() };
    // Claimed before the first await, so two requests cannot both start a job.
    this.jobs.set(owner.pod, job);
    let minted: { id: string; label: string; secret: string };
    try {
      minted = await this.credentials.create(`cartable-move-${job.id}`, owner.webId, owner.accountId);
    } catch (error: unknown) {
      this.jobs.delete(owner.pod);
      throw error;
    }
    // The owner's side gets the minted credentials, the other side the ones the owner gave.
    const own = incoming ? 'TO' : 'FROM';
    const given = incoming ? 'FROM' : 'TO';
    const child = spawn(process.execPath, args, { cwd: PACKAGE_ROOT, stdio: [ 'ignore', 'pipe', 'pipe' ], env: childEnv({
      [`CARTABLE_${own}_CLIENT_ID`]: minted.label,
      [`CARTABLE_${own}_CLIENT_SECRET`]: minted.secret,
      [`CARTABLE_${given}_CLIENT_ID`]: clientId,
      [`CARTABLE_${given}_CLIENT_SECRET`]: clientSecret,
    }) });
    job.child = child;
    this.logger.info(`Move job ${job.id} (${kind}) started for ${owner.pod}: ${from} to ${to}`);
    let stdout = '';
    let pending = '';
    const messages: string[] = [];
    child.stdout.on('data', (chunk: Buffer): void => {
      if (stdout.length < 16_000_000) {
        stdout += chunk.toString('utf8');
      }
    });
    child.stderr.on('data', (chunk: Buffer): void => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        this.progressLine(job, line, messages);
      }
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null): void => {
      this.progressLine(job, pending, messages);
      job.child = undefined;
      job.endedAt = new Date().toISOString();
      job.exitCode = code ?? undefined;
      try {
        job.report = stdout.trim() ? JSON.parse(stdout) as unknown : undefined;
      } catch {
        messages.push('The mover printed a report that is not JSON.');
      }
      const ok = code === 0 || (code === 3 && job.report !== undefined);
      job.state = ok && !job.cancelled ? 'done' : 'failed';
      if (job.state === 'failed') {
        job.error = job.cancelled ? 'Cancelled by the owner.' :
          messages.slice(-3).join('\n') || (signal ? `The mover was stopped (${signal}).` : `The mover ended with code ${code}.`);
      }
      this.logger.info(`Move job ${job.id} (${kind}) for ${owner.pod} ended: ${job.state}, exit ${code ?? signal}`);
      void this.forget(minted.id);
    });
    child.on('error', (error: Error): void => {
      this.logger.error(`Move job ${job.id} could not start the mover: ${error.message}`);
    });
    return job;
  }

  /** One line of the mover's standard error: a progress object, or a message kept for the failure text. */
  private progressLine(job: Job, line: string, messages: string[]): void {
    const text = line.trim();
    if (!text) {
      return;
    }
    if (text.startsWith('{')) {
      try {
        const progress = JSON.parse(text) as Record<string, unknown>;
        if (typeof progress.phase === 'string') {
          job.phase = progress.phase;
          for (const key of [ 'resources', 'totalResources', 'bytes', 'totalBytes' ] as const) {
            if (typeof progress[key] === 'number') {
              job[key] = progress[key];
            }
          }
          job.etaSeconds = typeof progress.etaSeconds === 'number' ? progress.etaSeconds : null;
          return;
        }
      } catch {
        // Not a progress line: kept as a message below.
      }
    }
    messages.push(text.slice(0, 2000));
    if (messages.length > 20) {
      messages.shift();
    }
  }

  /** Streams the export of the ticket's pod, once. */
  private async download(ticketKey: string, response: HttpResponse): Promise<void> {
    const ticket = this.tickets.get(ticketKey);
    this.tickets.delete(ticketKey);
    if (!ticket || ticket.expires <= Date.now()) {
      throw new NotFoundHttpError('This download link was already used or has expired: ask for a new one.');
    }
    const { owner } = ticket;
    const minted = await this.credentials.create(`cartable-export-${randomUUID()}`, owner.webId, owner.accountId);
    const child = spawn(process.execPath, [ this.cli, 'export', '--pod', owner.pod, '--out', '-', '--issuer', this.baseUrl ],
      { cwd: PACKAGE_ROOT, stdio: [ 'ignore', 'pipe', 'pipe' ], env: childEnv({
        CARTABLE_CLIENT_ID: minted.label, CARTABLE_CLIENT_SECRET: minted.secret,
      }) });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer): void => {
      stderr = `${stderr}${chunk.toString('utf8')}`.slice(-4000);
    });
    let started = false;
    child.stdout.on('data', (chunk: Buffer): void => {
      if (!started) {
        started = true;
        const date = new Date().toISOString().slice(0, 10);
        response.writeHead(200, { 'content-type': 'application/x-tar',
          'content-disposition': `attachment; filename="cartable-${date}.tar"`, 'cache-control': 'no-store' });
      }
      if (!response.write(chunk)) {
        child.stdout.pause();
        response.once('drain', (): void => {
          child.stdout.resume();
        });
      }
    });
    response.on('close', (): void => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
    });
    const code = await new Promise<number | null>((done): void => {
      child.on('close', done);
      child.on('error', (): void => done(null));
    });
    await this.forget(minted.id);
    const message = stderr.trim().split('\n').filter((line): boolean => line.trim() !== '').at(-1) ?? '';
    if (code === 0 || (code === 3 && started)) {
      // 3: some resources were skipped; the archive is complete and its manifest lists them.
      response.end();
      return;
    }
    this.logger.warn(`Export of ${owner.pod} failed with code ${code}: ${message}`);
    if (started) {
      // Headers are sent: a cut connection is the only way left to tell the browser the file is incomplete.
      response.destroy();
      return;
    }
    this.send(response, 502, { error: `The export failed: ${message || `exit code ${code}`}` });
  }

  private async forget(credentialsId: string): Promise<void> {
    try {
      await this.credentials.delete(credentialsId);
    } catch (error: unknown) {
      this.logger.error(`Could not delete the client credentials ${credentialsId} of a move job: ${(error as Error).message}`);
    }
  }

  private async readJson(request: HttpRequest): Promise<Record<string, unknown>> {
    let text = '';
    for await (const chunk of request) {
      text += (chunk as Buffer).toString('utf8');
      if (text.length > 20_000) {
        throw new BadRequestHttpError('The request body is too large (20 kB at most).');
      }
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new BadRequestHttpError('Expected a JSON object such as {"pod": "…", "action": "check", "to": "…"}.');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new BadRequestHttpError('Expected a JSON object such as {"pod": "…", "action": "check", "to": "…"}.');
    }
    return body as Record<string, unknown>;
  }

  private view(job: Job): MoveJobView {
    const view: MoveJobView & { child?: unknown } = { ...job };
    delete view.child;
    return view;
  }

  private send(response: HttpResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  }
}
