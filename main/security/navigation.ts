// will-navigate: the window may only move within the app. Everything else (http(s), file:, data:,
// javascript:, other custom schemes) is refused; external links go through openExternalDecision.
import { isAppUrl } from './origin';

export type NavigationDecision = 'allow' | 'deny';

export function decideNavigation(targetUrl: string): NavigationDecision {
  return isAppUrl(targetUrl) ? 'allow' : 'deny';
}
