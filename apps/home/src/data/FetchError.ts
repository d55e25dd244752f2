/** Why reading a resource failed. */
export type FetchFailure =
  /** No HTTP response at all (offline, DNS, CORS, refused connection). */
  | 'network'
  /** The server answered with a non-2xx status. */
  | 'status'
  /** The body is not RDF the parser understands. */
  | 'syntax'
  /** The document was read but lacks something required (for example a WebID profile without storage). */
  | 'content';

/** What a {@link FetchError} is built from. */
export interface FetchErrorDetails {
  readonly url: string;
  readonly statusCode: number | null;
  readonly failure: FetchFailure;
  readonly cause?: unknown;
}

/**
 * A resource of the pod could not be read, or did not hold what was expected.
 *
 * Carries the offending URL and HTTP status (`null` when no response arrived), so that an app can tell the
 * person what went wrong and a CLI can print it, without parsing the message.
 */
export class FetchError extends Error {
  public override readonly name = 'FetchError';
  /** The resource that failed. */
  public readonly url: string;
  /** HTTP status of the response, or `null` when there was none. */
  public readonly statusCode: number | null;
  /** The kind of failure. */
  public readonly failure: FetchFailure;

  public constructor(message: string, details: FetchErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.url = details.url;
    this.statusCode = details.statusCode;
    this.failure = details.failure;
  }
}

/** Whether `error` is a {@link FetchError} (also across bundles, where `instanceof` may not hold). */
export function isFetchError(error: unknown): error is FetchError {
  return error instanceof FetchError ||
    (error instanceof Error && error.name === 'FetchError' && typeof (error as FetchError).url === 'string');
}
