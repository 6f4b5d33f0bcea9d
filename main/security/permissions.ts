// The app needs no browser permission (camera, notifications, geolocation, …): every request and
// every check is refused. Clipboard writes from the editor are user gestures and need none.
export function decidePermission(_permission: string, _requestingUrl?: string): boolean {
  return false;
}
