import { BadRequestHttpError } from '@solid/community-server';
import type { MovedPod } from './MovedPodStore';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a pod moves, as asked by a client: checked and normalised by {@link parseMoveRequest}. */
export interface MoveRequest {
  /** New base URL, ending in `/`. */
  newPod: string;
  /** New WebID, when the WebID moves too. */
  newWebId?: string;
  /** Days during which the old URLs redirect. */
  graceDays: number;
}

/** Bounds of the grace period a request may ask for. */
export interface GraceDays {
  defaultGraceDays: number;
  maxGraceDays: number;
}

/** An absolute http(s) URL, normalised, or a 400 naming the field. */
function httpUrl(value: unknown, field: string): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new BadRequestHttpError(`${field} is required: the absolute http(s) URL of the new place.`);
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
  if (url.username || url.password) {
    throw new BadRequestHttpError(`${field} must not contain credentials.`);
  }
  return url;
}

/**
 * The rules of a move (docs/move.md, "Moved pods"), shared by the account API route and the move API:
 * `newPod` is an http(s) container URL (ending in `/`, no query or fragment) other than the pod and not inside
 * it; `newWebId` is an optional http(s) URL; `graceDays` is optional, from 0 to the maximum. 400 otherwise.
 */
export function parseMoveRequest(pod: string, body: Record<string, unknown>, grace: GraceDays): MoveRequest {
  const newPod = httpUrl(body.newPod, 'newPod');
  if (!newPod.pathname.endsWith('/') || newPod.search || newPod.hash) {
    throw new BadRequestHttpError(`newPod must be a container URL ending in / without query or fragment; got ${
      JSON.stringify(body.newPod)}.`);
  }
  if (newPod.href === pod) {
    throw new BadRequestHttpError('newPod is this pod itself; give the URL of the pod it moves to.');
  }
  if (newPod.href.startsWith(pod)) {
    throw new BadRequestHttpError(`newPod ${newPod.href} is inside the pod that moves away (${pod}).`);
  }
  const newWebId = body.newWebId === undefined || body.newWebId === null ? undefined : httpUrl(body.newWebId, 'newWebId').href;
  let { defaultGraceDays: graceDays } = grace;
  if (body.graceDays !== undefined && body.graceDays !== null) {
    if (typeof body.graceDays !== 'number' || !Number.isFinite(body.graceDays) || body.graceDays < 0 ||
      body.graceDays > grace.maxGraceDays) {
      throw new BadRequestHttpError(`graceDays must be a number of days from 0 to ${grace.maxGraceDays}.`);
    }
    graceDays = body.graceDays;
  }
  return { newPod: newPod.href, graceDays, ...newWebId ? { newWebId } : {} };
}

/** The record of a move decided now. */
export function movedPodRecord(pod: string, request: MoveRequest, movedAt = Date.now()): MovedPod {
  const record: MovedPod = { pod, newPod: request.newPod, movedAt, graceDays: request.graceDays };
  if (request.newWebId) {
    record.newWebId = request.newWebId;
  }
  return record;
}

/** When the old URLs of a moved pod stop redirecting (milliseconds since the epoch). */
export function redirectsUntil(record: MovedPod): number {
  return record.movedAt + (record.graceDays * DAY_MS);
}
