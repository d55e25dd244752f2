import { getLoggerFor } from '@solid/community-server';
import { EntCatalogueProblem } from './EntCatalogueProblem';
import type { EntOidcClient } from './EntOidcClient';

/** Largest catalogue body read from the ENT (a real one is a few tens of kilobytes). */
const MAX_BODY = 2 * 1024 * 1024;

/**
 * Reads a person's application catalogue from the ENT ("Safran" / CUA, ent-api.md §4.1) with their ENT
 * access token, as the Toutatice connector does: `POST …/catalogues/{id}/sync` with `{}` (202 expected;
 * anything else is only logged), then `GET …/catalogues/{id}/applications`, an array of Application.
 *
 * The sync is asynchronous at the ENT: its result shows in a later call. The connector waits one second
 * in between "to be safe"; `syncWaitMs` does the same when set (0 by default: the launcher's cache means
 * the next visit sees the new list, and the person does not wait).
 *
 * Failures are {@link EntCatalogueProblem}s: `ent-sign-in-required` when the ENT refuses the token (the
 * caller refreshes it and tries again), `ent-unavailable` (503) when the ENT does not answer within
 * `timeoutMs` for both calls together, `ent-bad-response` (502) for any other unexpected answer.
 */
export class EntCatalogueClient {
  protected readonly logger = getLoggerFor(this);
  private readonly oidcClient: EntOidcClient;
  private readonly apiBase: string;
  private readonly catalogueId: string;
  private readonly timeoutMs: number;
  private readonly syncWaitMs: number;

  /**
   * @param oidcClient - The ENT's OpenID client, whose issuer is the default API base.
   * @param apiBase - Base URL of the catalogue API; '' for the ENT issuer (the simulated ENT; the partner
   *   platform serves it at https://partenaires.ipanema.education.fr).
   * @param catalogueId - `uid` for the person's ENTPersonUid (the newer connector), or a fixed catalogue id.
   * @param timeoutMs - Time allowed to the ENT for the sync and the list together.
   * @param syncWaitMs - Pause between the sync and the list.
   */
  public constructor(oidcClient: EntOidcClient, apiBase = '', catalogueId = 'uid', timeoutMs = 3000, syncWaitMs = 0) {
    this.oidcClient = oidcClient;
    this.apiBase = apiBase;
    this.catalogueId = catalogueId;
    this.timeoutMs = timeoutMs;
    this.syncWaitMs = syncWaitMs;
  }

  /** The URL of a person's catalogue (without the trailing `/sync` or `/applications`). */
  public catalogueUrl(uid: string): string {
    const base = (this.apiBase || this.oidcClient.issuer).replace(/\/+$/u, '');
    const id = this.catalogueId === 'uid' ? uid : this.catalogueId;
    return `${base}/safran/api/v1/catalogues/${encodeURIComponent(id)}`;
  }

  /** The person's Application objects, as the ENT sent them. */
  public async applications(uid: string, accessToken: string): Promise<unknown[]> {
    const url = this.catalogueUrl(uid);
    const signal = AbortSignal.timeout(this.timeoutMs);
    const authorization = `Bearer ${accessToken}`;
    const sync = await this.call(`${url}/sync`, {
      method: 'POST', headers: { authorization, 'content-type': 'application/json', accept: 'application/json' }, body: '{}',
    }, signal, 'sync');
    await sync.body?.cancel();
    if (sync.status === 401) {
      throw new EntCatalogueProblem('ent-sign-in-required', 'The ENT refused the access token for the catalogue sync');
    }
    if (sync.status !== 202) {
      this.logger.warn(`The ENT catalogue sync answered ${sync.status} instead of 202; reading the catalogue anyway`);
    }
    if (this.syncWaitMs > 0) {
      await new Promise((resolve): unknown => setTimeout(resolve, this.syncWaitMs));
    }
    const list = await this.call(`${url}/applications`, { headers: { authorization, accept: 'application/json' }}, signal,
      'applications');
    if (list.status === 401) {
      await list.body?.cancel();
      throw new EntCatalogueProblem('ent-sign-in-required', 'The ENT refused the access token for the catalogue');
    }
    const body = await this.read(list, signal);
    if (!list.ok) {
      throw new EntCatalogueProblem('ent-bad-response', `The ENT catalogue answered ${list.status}, expected 200`);
    }
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch (error: unknown) {
      throw new EntCatalogueProblem('ent-bad-response', `The ENT catalogue is not JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(json)) {
      throw new EntCatalogueProblem('ent-bad-response', 'The ENT catalogue is not a JSON array of applications');
    }
    return json as unknown[];
  }

  private async call(url: string, init: RequestInit, signal: AbortSignal, what: string): Promise<Response> {
    try {
      return await fetch(url, { ...init, redirect: 'error', signal });
    } catch (error: unknown) {
      throw this.unavailable(what, error, signal);
    }
  }

  private async read(response: Response, signal: AbortSignal): Promise<string> {
    if (Number(response.headers.get('content-length') ?? 0) > MAX_BODY) {
      await response.body?.cancel();
      throw new EntCatalogueProblem('ent-bad-response', `The ENT catalogue is larger than ${MAX_BODY} bytes`);
    }
    try {
      const body = await response.text();
      if (body.length > MAX_BODY) {
        throw new EntCatalogueProblem('ent-bad-response', `The ENT catalogue is larger than ${MAX_BODY} characters`);
      }
      return body;
    } catch (error: unknown) {
      throw error instanceof EntCatalogueProblem ? error : this.unavailable('applications', error, signal);
    }
  }

  /** The ENT did not answer. The log line leaves out the URL: it holds the person's ENT identifier. */
  private unavailable(what: string, error: unknown, signal: AbortSignal): EntCatalogueProblem {
    const timedOut = (error as Error).name === 'TimeoutError' || signal.aborted;
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    const reason = timedOut ?
      `did not answer within ${this.timeoutMs} ms` :
      `cannot be reached: ${(error as Error).message}${cause ? ` (${cause})` : ''}`;
    this.logger.warn(`ENT catalogue ${what} call failed: ${reason}`);
    return new EntCatalogueProblem('ent-unavailable', `The ENT catalogue ${reason}`, { cause: error });
  }
}
