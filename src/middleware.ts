import { defineMiddleware } from 'astro:middleware';
import { isSameOrigin } from './auth/same-origin';
import { registeredPlatform } from './server/platform-registry';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Makes the platform and the visitor's identity available to every rendered
 * route. The production server already put both in `locals`; under
 * `astro dev` they come from the registry and the cookie here.
 */
export const onRequest = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  const locals = context.locals as Partial<App.Locals>;
  const platform = locals.platform ?? registeredPlatform();
  if (!platform) throw new Error('The Shipshape platform is not running in this process.');
  context.locals.platform = platform;

  let setCookie: string | undefined;
  if (!locals.userId) {
    const identity = platform.identity.resolve(context.request.headers.get('cookie') ?? undefined);
    context.locals.userId = identity.userId;
    setCookie = identity.setCookie;
  }

  // A state-changing API call must come from our own pages (CSRF).
  const { headers } = context.request;
  const sameOrigin = isSameOrigin(
    headers.get('origin'),
    headers.get('host'),
    platform.config.publicOrigin,
  );
  if (UNSAFE.has(context.request.method) && !sameOrigin) {
    return Response.json(
      { error: { kind: 'forbidden', message: 'Cross-origin request refused.' } },
      { status: 403 },
    );
  }

  const response = await next();
  if (setCookie) response.headers.append('set-cookie', setCookie);
  return response;
});
