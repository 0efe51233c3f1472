// The one way the server starts Chromium (privacy preview, heatmap screenshots).
// Every browser profile it hands out has its own forward proxy deciding each request
// by an allow-list (forward-proxy.ts); the browser itself points at a proxy that
// allows nothing, so whatever is not tied to a profile reaches nowhere either.
// Playwright's route handlers stay in the callers as a second line only: they are
// not called for redirect hops, and a page has more ways out than they see.
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { allowList, type AllowList } from './allow-list.ts';
import { startForwardProxy, type ForwardProxy } from './forward-proxy.ts';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // HTTP/3 and WebRTC use UDP, which an HTTP proxy does not carry: neither may leave.
  '--disable-quic',
  '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
  '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  // The proxy resolves names; Chromium resolves none itself (no DNS prefetch to inside names).
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',
  '--disable-features=NetworkPrediction,InterestFeedContentSuggestions,MediaRouter,DialMediaRouteProvider',
];

export interface GuardedContext {
  context: BrowserContext;
  /** What this profile's proxy refused, as "destination: reason". */
  refused: readonly string[];
  close(): Promise<void>;
}

export interface GuardedBrowser {
  browser: Browser;
  /** A fresh profile that reaches only what `allow` allows; service workers are blocked. */
  newContext(allow: AllowList, options?: BrowserContextOptions): Promise<GuardedContext>;
  close(): Promise<void>;
}

export async function launchGuardedBrowser(chromiumPath: string | undefined): Promise<GuardedBrowser> {
  const denyAll = await startForwardProxy(allowList({ own: [], sites: [] }));
  let browser: Browser;
  try {
    browser = await chromium.launch({
      ...(chromiumPath ? { executablePath: chromiumPath } : {}),
      args: ARGS,
      // Playwright adds <-loopback> to the bypass list: loopback goes through the proxy too.
      proxy: { server: denyAll.url },
    });
  } catch (err) {
    await denyAll.close();
    throw err;
  }
  const proxies = new Set<ForwardProxy>([denyAll]);
  browser.on('disconnected', () => void Promise.all([...proxies].map((p) => p.close())));
  return {
    browser,
    async newContext(allow, options = {}) {
      const proxy = await startForwardProxy(allow);
      proxies.add(proxy);
      let context: BrowserContext;
      try {
        context = await browser.newContext({ serviceWorkers: 'block', ...options, proxy: { server: proxy.url } });
      } catch (err) {
        proxies.delete(proxy);
        await proxy.close();
        throw err;
      }
      return {
        context,
        refused: proxy.refused,
        async close() {
          await context.close().catch(() => undefined);
          proxies.delete(proxy);
          await proxy.close();
        },
      };
    },
    async close() {
      await browser.close().catch(() => undefined);
      await Promise.all([...proxies].map((p) => p.close()));
    },
  };
}
