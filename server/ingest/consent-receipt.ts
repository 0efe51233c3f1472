// The consent receipt kept with each session (GDPR Art. 7(1): the controller must be
// able to demonstrate consent). The browser says when, which scopes, by which mechanism,
// under which text version and with which GPC/DNT state; for the built-in banner the
// server adds a SHA-256 of the exact words shown in the receipt's language. The hash is
// made here, not in the browser, because the consent stub must stay within 2 KB; it is
// honest because the strings hashed are the very ones esbuild bundles into the stub this
// server serves (contract/banner-text.ts, plain data; a unit test checks the built stub).
import { createHash } from 'node:crypto';
import { BANNER_TEXT, type BannerLang } from '../../contract/banner-text.ts';
import type { ConsentReceipt, StoredConsentReceipt } from '../../contract/schemas/index.ts';

/** SHA-256 (hex) of the banner's title, body, accept and decline labels, joined by newlines. */
export function bannerTextHash(lang: BannerLang): string {
  return createHash('sha256').update(BANNER_TEXT[lang].join('\n')).digest('hex');
}

export function receiptToKeep(receipt: ConsentReceipt): StoredConsentReceipt {
  if (receipt.mechanism !== 'banner' || !receipt.lang) return receipt;
  return { ...receipt, bannerHash: bannerTextHash(receipt.lang) };
}
