// The built-in banner's words, per language: [title, body, accept, decline]. Plain data,
// kept apart from the banner's DOM code because the server hashes exactly these strings
// into each banner consent receipt (server/ingest/consent-receipt.ts): the receipt then proves
// which text the visitor saw without the stub every visitor downloads doing any hashing.
// Changing a word here changes the hash in every receipt given after the change.
export const BANNER_TEXT = {
  en: ['May we record your visit?', 'It helps us improve this site. What you type and personal data stay masked. You can withdraw any time.', 'Accept', 'Decline'],
  de: ['Dürfen wir Ihren Besuch aufzeichnen?', 'Das hilft uns, die Seite zu verbessern. Eingaben und persönliche Daten bleiben maskiert. Jederzeit widerrufbar.', 'Akzeptieren', 'Ablehnen'],
} as const;

export type BannerLang = keyof typeof BANNER_TEXT;
