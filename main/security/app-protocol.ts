// app://proofwright/<path> → a file inside the built renderer folder, or null. No `..`, no escape:
// the rule is serve mode's too (app/server/static.ts); this module only checks the origin.
import { staticPathFor } from '../../app/server/static';
import { APP_HOST, parseUrl } from './origin';

/** The URL path of an app:// request on our host, or null (another host, unparsable). */
export function appRequestPath(requestUrl: string): string | null {
  const u = parseUrl(requestUrl);
  return u && u.host === APP_HOST ? u.pathname : null;
}

/** The renderer file an app:// request names, by the text alone (`staticPathFor`), or null. */
export function resolveAppRequest(rendererDir: string, requestUrl: string): string | null {
  const path = appRequestPath(requestUrl);
  return path === null ? null : staticPathFor(rendererDir, path);
}
