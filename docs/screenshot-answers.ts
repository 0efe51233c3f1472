// More demo visitors who pay and answer the NPS survey, in English and German, so the
// survey page has comments to read as themes and sentiment, and the sessions list has
// rage clicks, answers and a known visitor to mark.
import type { Browser } from 'playwright-core';

export interface Shopper {
  locale: 'en-GB' | 'de-DE';
  score: number;
  comment: string;
  /** Clicks Pay in a burst, as someone does when nothing seems to happen. */
  rage?: boolean;
  /** Passed to einblick.identify(), like a shop that knows its customer. */
  identify?: string;
}

export const SHOPPERS: Shopper[] = [
  { locale: 'de-DE', score: 2, comment: 'Die Lieferung kam viel zu spät und der Karton war beschädigt', rage: true },
  { locale: 'de-DE', score: 9, comment: 'Tolle Qualität und superschnelle Lieferung', identify: 'customer-4711' },
  { locale: 'en-GB', score: 3, comment: 'The payment page kept rejecting my card and support never answered', rage: true },
  { locale: 'de-DE', score: 7, comment: 'Guter Rucksack, aber die Versandkosten sind zu hoch' },
  // Read as positive by the rules (a complaint without a complaint word); the
  // screenshot script corrects it, as a researcher would.
  { locale: 'de-DE', score: 4, comment: 'Die Lieferung hat zwei Wochen gedauert und niemand hat auf meine Mails geantwortet' },
];

const WORDS = {
  'en-GB': { accept: 'Accept', send: 'Send', comment: /main reason/ },
  'de-DE': { accept: 'Akzeptieren', send: 'Senden', comment: /wichtigste Grund/ },
} as const;

export async function payAndAnswer(browser: Browser, url: string, s: Shopper): Promise<void> {
  const words = WORDS[s.locale];
  const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: s.locale });
  const page = await visitor.newPage();
  await page.goto(url + '/demo');
  await page.getByRole('dialog').getByRole('button', { name: words.accept, exact: true }).click();
  await page.waitForTimeout(1200); // the recorder loads after consent
  if (s.identify) await page.evaluate((id) => (window as unknown as { einblick: { identify(id: string): void } }).einblick.identify(id), s.identify);
  await page.click('#add-2');
  await page.click('#add-5');
  await page.click('#nav-checkout');
  await page.fill('#card-number', '4111 1111 1111 1111');
  await page.locator('#pay').scrollIntoViewIfNeeded();
  const pay = await page.locator('#pay').boundingBox();
  if (!pay) throw new Error('The demo has no Pay button');
  for (let i = 0; i < (s.rage ? 4 : 1); i++) await page.mouse.click(pay.x + pay.width / 2 + i * 2, pay.y + pay.height / 2, { delay: 40 });
  const survey = page.getByRole('dialog', { name: /Nordlicht/ });
  await survey.waitFor();
  await survey.getByRole('radio', { name: String(s.score), exact: true }).click();
  await survey.getByRole('button', { name: words.send }).click();
  const comment = page.getByRole('dialog', { name: words.comment });
  await comment.getByRole('textbox').fill(s.comment);
  await comment.getByRole('button', { name: words.send }).click();
  await page.waitForTimeout(1500);
  await page.goto('about:blank');
  await visitor.close();
}
