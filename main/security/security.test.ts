import { describe, expect, it } from 'vitest';
import { resolveAppRequest } from './app-protocol';
import { desktopContentSecurityPolicy } from './csp';
import { externalLinkAllowed } from './external-links';
import { isTrustedSender } from './ipc-sender';
import { decideNavigation } from './navigation';
import { isAppUrl } from './origin';
import { decidePermission } from './permissions';
import { decideWindowOpen } from './window-open';

describe('navigation', () => {
  it('allows the app itself only', () => {
    expect(decideNavigation('app://proofwright/index.html')).toBe('allow');
    expect(decideNavigation('app://proofwright/')).toBe('allow');
    for (const url of [
      'https://github.com/',
      'http://127.0.0.1:5000/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'data:text/html,<script>1</script>',
      'app://evil/',
      'app://user:pw@proofwright/',
      'not a url',
    ]) {
      expect(decideNavigation(url)).toBe('deny');
    }
  });

  it('does not take a look-alike host for the app', () => {
    expect(isAppUrl('app://proofwright.evil/')).toBe(false);
    expect(isAppUrl('apps://proofwright/')).toBe(false);
  });
});

describe('external links', () => {
  it('opens allowlisted http(s) hosts and their subdomains', () => {
    expect(externalLinkAllowed('https://github.com/withcatai/node-llama-cpp')).toBe(true);
    expect(externalLinkAllowed('https://www.arxiv.org/abs/2511.22570')).toBe(true);
    expect(externalLinkAllowed('http://huggingface.co/deepseek-ai')).toBe(true);
  });

  it('refuses other schemes, hosts, credentials and look-alikes', () => {
    expect(externalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(externalLinkAllowed('smb://github.com/share')).toBe(false);
    expect(externalLinkAllowed('https://evil.example/')).toBe(false);
    expect(externalLinkAllowed('https://github.com.evil.example/')).toBe(false);
    expect(externalLinkAllowed('https://evilgithub.com/')).toBe(false);
    expect(externalLinkAllowed('https://user:pass@github.com/')).toBe(false);
    expect(externalLinkAllowed('javascript:alert(1)')).toBe(false);
    expect(externalLinkAllowed('garbage')).toBe(false);
  });

  it('uses the allowlist given', () => {
    expect(externalLinkAllowed('https://example.org/x', ['example.org'])).toBe(true);
    expect(externalLinkAllowed('https://github.com/', ['example.org'])).toBe(false);
  });
});

describe('window.open', () => {
  it('never opens an Electron window; allowed links go to the OS browser', () => {
    expect(decideWindowOpen('https://github.com/x')).toEqual({ action: 'deny', openExternal: 'https://github.com/x' });
    expect(decideWindowOpen('https://evil.example/')).toEqual({ action: 'deny' });
    expect(decideWindowOpen('app://proofwright/index.html')).toEqual({ action: 'deny' });
  });
});

describe('IPC sender check', () => {
  const good = { frameUrl: 'app://proofwright/index.html', isMainFrame: true, knownWindow: true };
  it('trusts the main frame of our window on the app origin', () => {
    expect(isTrustedSender(good)).toBe(true);
  });
  it('refuses sub-frames, foreign origins, unknown windows, missing URLs', () => {
    expect(isTrustedSender({ ...good, isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: 'https://github.com/' })).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: 'file:///x/index.html' })).toBe(false);
    expect(isTrustedSender({ ...good, knownWindow: false })).toBe(false);
    expect(isTrustedSender({ ...good, frameUrl: undefined })).toBe(false);
  });
});

describe('permissions', () => {
  it('denies everything', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(decidePermission(p, 'app://proofwright/')).toBe(false);
    }
  });
});

describe('app:// protocol', () => {
  const root = '/opt/proofwright/renderer';
  it('maps app URLs into the renderer folder', () => {
    expect(resolveAppRequest(root, 'app://proofwright/')).toBe(`${root}/index.html`);
    expect(resolveAppRequest(root, 'app://proofwright/assets/main.js?v=1')).toBe(`${root}/assets/main.js`);
  });
  it('refuses escapes and other hosts', () => {
    // URL parsing already folds dot segments: whatever comes out stays inside the renderer folder.
    expect(resolveAppRequest(root, 'app://proofwright/../../etc/passwd')).toBe(`${root}/etc/passwd`);
    expect(resolveAppRequest(root, 'app://proofwright/%2e%2e/%2e%2e/etc/passwd')).toBe(`${root}/etc/passwd`);
    expect(resolveAppRequest(root, 'app://proofwright/..%5c..%5csecret')).toBeNull();
    expect(resolveAppRequest(root, 'app://proofwright/assets%2f..%2f..%2fsecret')).toBeNull();
    expect(resolveAppRequest(root, 'app://other/index.html')).toBeNull();
    expect(resolveAppRequest(root, 'app://proofwright/a%00.js')).toBeNull();
  });
});

describe('desktop CSP', () => {
  it('has no eval, no inline script, no remote connect', () => {
    const csp = desktopContentSecurityPolicy();
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("object-src 'none'");
  });
});
