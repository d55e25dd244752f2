import { HttpError } from '@solid/community-server';

/** Why the launcher endpoint cannot give the person's ENT applications. */
const PROBLEMS = {
  unauthenticated: { status: 401, title: 'Authentication required' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'ent-not-configured': { status: 404, title: 'No ENT on this server' },
  'ent-not-linked': { status: 404, title: 'Account not linked to an ENT' },
  'ent-ambiguous': { status: 409, title: 'Several ENT identities' },
  'ent-sign-in-required': { status: 502, title: 'ENT sign-in required' },
  'ent-bad-response': { status: 502, title: 'Unexpected answer from the ENT' },
  'ent-unavailable': { status: 503, title: 'ENT unavailable' },
} as const;

/** The kinds of {@link EntCatalogueProblem}; the problem `type` is `urn:cartable:problem:<kind>`. */
export type EntCatalogueProblemKind = keyof typeof PROBLEMS;

/** An RFC 9457 problem details object. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
}

/**
 * A failure of the ENT launcher endpoint that the home app can act on: an HTTP status and a stable problem
 * type (RFC 9457), so that the app tells "not linked to an ENT" (nothing to retry) from "the ENT does not
 * answer" (try again later) without parsing the message.
 */
export class EntCatalogueProblem extends HttpError {
  public readonly kind: EntCatalogueProblemKind;

  /**
   * @param kind - What went wrong.
   * @param detail - What was expected and what happened, for the person or whoever helps them.
   * @param options - The underlying error, if any.
   */
  public constructor(kind: EntCatalogueProblemKind, detail: string, options?: { cause?: unknown }) {
    super(PROBLEMS[kind].status, 'EntCatalogueProblem', detail, options);
    this.kind = kind;
  }

  /** The problem details object sent as `application/problem+json`. */
  public toProblem(): ProblemDetails {
    return { type: `urn:cartable:problem:${this.kind}`, title: PROBLEMS[this.kind].title, status: this.statusCode, detail: this.message };
  }
}
