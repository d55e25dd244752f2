import type { HttpHandlerInput, HttpResponse } from '@solid/community-server';
import { getLoggerFor, HttpError, HttpHandler, NotImplementedHttpError } from '@solid/community-server';
import type { EntAccountProvisioner } from '../ent/EntAccountProvisioner';
import type { EntDirectorySync } from '../ent/EntDirectorySync';
import type { EntInstitutionalSync } from '../ent/EntInstitutionalSync';
import type { EntLoginStore } from '../ent/EntLoginStore';
import type { AdminToken } from './AdminToken';

/**
 * `POST /.cartable/admin/ent/sync` for operators (`npx cartable ent sync`): `{"user": "<ENT id>"}` syncs one
 * person with their stored (encrypted, refreshed) ENT tokens; `{"school": "<UAI>"}` syncs a school from the
 * institutional export. Authorised by the admin token of the data folder ({@link AdminToken}). Answers JSON:
 * the sync report, or `{"error"}` with 400 (bad request), 401 (token), 404 (unknown person), 503 (ENT down).
 */
export class EntAdminSyncHandler extends HttpHandler {
  protected readonly logger = getLoggerFor(this);
  private readonly token: AdminToken;
  private readonly directory: EntDirectorySync;
  private readonly institutional: EntInstitutionalSync;
  private readonly loginStore: EntLoginStore;
  private readonly provisioner: EntAccountProvisioner;
  private readonly path: string;

  /**
   * @param token - The admin token.
   * @param directory - Per-person sync.
   * @param institutional - School sync.
   * @param loginStore - Finds a person's account.
   * @param provisioner - Finds the account's pod.
   * @param baseUrl - The server's base URL.
   */
  public constructor(token: AdminToken, directory: EntDirectorySync, institutional: EntInstitutionalSync,
    loginStore: EntLoginStore, provisioner: EntAccountProvisioner, baseUrl: string) {
    super();
    this.token = token;
    this.directory = directory;
    this.institutional = institutional;
    this.loginStore = loginStore;
    this.provisioner = provisioner;
    this.path = `${new URL(baseUrl).pathname}.cartable/admin/ent/sync`;
  }

  public override async canHandle({ request }: HttpHandlerInput): Promise<void> {
    if ((request.url ?? '').split('?')[0] !== this.path) {
      throw new NotImplementedHttpError('Not the admin sync endpoint');
    }
  }

  public override async handle({ request, response }: HttpHandlerInput): Promise<void> {
    if (request.method !== 'POST') {
      this.send(response, 405, { error: 'Use POST with {"user": "<ENT id>"} or {"school": "<UAI>"}' });
      return;
    }
    const presented = /^Bearer (.+)$/u.exec(request.headers.authorization ?? '')?.[1];
    if (!this.token.matches(presented)) {
      this.send(response, 401, { error: 'Admin token missing or wrong (it is in <data>/.internal/cartable/admin-token)' });
      return;
    }
    let body: { user?: unknown; school?: unknown };
    try {
      let text = '';
      for await (const chunk of request) {
        text += (chunk as Buffer).toString();
        if (text.length > 10_000) {
          throw new Error('body too large');
        }
      }
      body = JSON.parse(text) as { user?: unknown; school?: unknown };
    } catch (error: unknown) {
      this.send(response, 400, { error: `Expected JSON {"user": …} or {"school": …}: ${(error as Error).message}` });
      return;
    }
    try {
      if (typeof body.school === 'string' && body.school) {
        this.send(response, 200, { school: body.school, report: await this.institutional.syncSchool(body.school) });
        return;
      }
      if (typeof body.user === 'string' && body.user) {
        const login = await this.loginStore.findByUid(body.user);
        const pod = login && await this.provisioner.podOf(login.accountId);
        if (!pod) {
          this.send(response, 404, { error: `ENT person ${body.user} has no cartable on this server` });
          return;
        }
        const report = await this.directory.syncPerson(body.user, pod);
        this.send(response, 200, { user: body.user, report });
        return;
      }
      this.send(response, 400, { error: 'Name a "user" (ENT identifier) or a "school" (UAI)' });
    } catch (error: unknown) {
      const status = HttpError.isInstance(error) ? error.statusCode : 500;
      this.logger.warn(`Admin ENT sync failed: ${(error as Error).message}`);
      this.send(response, status >= 400 ? status : 500, { error: (error as Error).message });
    }
  }

  private send(response: HttpResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  }
}
