import type { HttpHandlerInput } from '@solid/community-server';
import { HttpHandler } from '@solid/community-server';

/**
 * Middleware that marks every response to a request carrying credentials (an `Authorization` header or
 * a cookie) as `Cache-Control: no-store`, so that private data never lands in a shared browser's cache or
 * back-forward cache. Public, anonymous responses are left cacheable.
 */
export class PrivateCacheControlHandler extends HttpHandler {
  public override async handle({ request, response }: HttpHandlerInput): Promise<void> {
    if (request.headers.authorization ?? request.headers.cookie) {
      response.setHeader('Cache-Control', 'no-store');
    }
  }
}
