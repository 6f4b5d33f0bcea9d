// The app's own origin: the renderer is served from app://proofwright/ (a custom protocol registered
// as standard and secure), never from file://.
export const APP_SCHEME = 'app';
export const APP_HOST = 'proofwright';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for URLs of the app itself (app://proofwright/…). */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return !!u && u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
}

export { parse as parseUrl };
