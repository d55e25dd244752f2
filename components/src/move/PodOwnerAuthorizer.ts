import type { CredentialsExtractor, HttpRequest, PodStore } from '@solid/community-server';
import {
  BadRequestHttpError, ForbiddenHttpError, getLoggerFor, HttpError, NotFoundHttpError, UnauthorizedHttpError,
} from '@solid/community-server';

/** Who may act on a pod: the pod's base URL, the agent's WebID and the account that created the pod. */
export interface PodOwner {
  /** The pod's base URL, ending in `/`. */
  pod: string;
  /** The WebID of the authenticated agent, one of the pod's owners. */
  webId: string;
  /** The account that created the pod (CSS's pod record). */
  accountId: string;
}

/**
 * Normalises a pod URL given by a client: an absolute http(s) URL without credentials, query or fragment; a
 * missing final `/` is added. Throws a 400 naming the problem.
 */
export function parsePodUrl(value: unknown, field = 'pod'): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadRequestHttpError(`${field} is required: the base URL of the pod, such as https://cartable.example/alice/.`);
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new BadRequestHttpError(`${field} must be an absolute http(s) URL; got ${JSON.stringify(value)}.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestHttpError(`${field} must be an http or https URL; got ${JSON.stringify(value)}.`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new BadRequestHttpError(`${field} must be the pod's base URL, without credentials, query or fragment; got ${
      JSON.stringify(value)}.`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/**
 * Authenticates a request with Solid-OIDC (Bearer or DPoP access tokens, through CSS's credentials extractor)
 * and checks that the agent owns a pod of this server (an owner in CSS's pod records). Used by the move API
 * (docs/move-api.md) and reusable by any endpoint acting on a whole pod on behalf of its owner.
 */
export class PodOwnerAuthorizer {
  protected readonly logger = getLoggerFor(this);
  private readonly credentialsExtractor: CredentialsExtractor;
  private readonly podStore: PodStore;

  /**
   * @param credentialsExtractor - CSS's credentials extractor (`urn:solid-server:default:CredentialsExtractor`).
   * @param podStore - CSS's pod records (`urn:solid-server:default:PodStore`): base URLs and owners.
   */
  public constructor(credentialsExtractor: CredentialsExtractor, podStore: PodStore) {
    this.credentialsExtractor = credentialsExtractor;
    this.podStore = podStore;
  }

  /**
   * The owner acting on `pod` through this request.
   * Throws 400 (`pod` is not an http(s) URL), 401 (no credentials, or an access token that does not verify),
   * 404 (no pod with this base URL here) or 403 (the agent is not an owner of the pod).
   */
  public async ownerOf(request: HttpRequest, pod: string): Promise<PodOwner> {
    const baseUrl = parsePodUrl(pod);
    const webId = await this.webIdOf(request);
    const record = await this.podStore.findByBaseUrl(baseUrl);
    if (!record) {
      throw new NotFoundHttpError(`There is no pod ${baseUrl} on this server.`);
    }
    const owners = await this.podStore.getOwners(record.id) ?? [];
    if (!owners.some((owner): boolean => owner.webId === webId)) {
      throw new ForbiddenHttpError(`${webId} is not an owner of the pod ${baseUrl}; only its owners may do this.`);
    }
    return { pod: baseUrl, webId, accountId: record.accountId };
  }

  /** The WebID of the authenticated agent, or a 401. */
  private async webIdOf(request: HttpRequest): Promise<string> {
    let webId: string | undefined;
    try {
      webId = (await this.credentialsExtractor.handleSafe(request)).agent?.webId;
    } catch (error: unknown) {
      const message = HttpError.isInstance(error) || error instanceof Error ? error.message : String(error);
      this.logger.warn(`Refused credentials: ${message}`);
      throw new UnauthorizedHttpError(`The access token was refused: ${message}`);
    }
    if (!webId && request.headers.authorization) {
      // CSS's extractor treats a token it cannot verify as no credentials at all.
      throw new UnauthorizedHttpError('The access token was refused: it could not be verified (expired, malformed, ' +
        'from another issuer, or a DPoP proof that does not match this request). Get a new token and try again.');
    }
    if (!webId) {
      throw new UnauthorizedHttpError('Sign in first: send a Solid-OIDC access token (Bearer or DPoP) of a pod owner.');
    }
    return webId;
  }
}
