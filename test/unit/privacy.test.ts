// What the recorder lets out of the browser: personal data masked in place (same
// length, so layout stays true), everything else untouched.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  isIbanValid,
  isLuhnValid,
  looksPersonal,
  maskText,
  maskTextFor,
  scrubPersonalData,
  urlPolicy,
} from '../../recorder/privacy.ts';
import { maskUrlForMode, validQueryKeys } from '../../contract/url-masking.ts';
import { recorderSettings } from '../../recorder/recorder-settings.ts';

/** The text with its personal part replaced by stars of the same length. */
const masking = (text: string, personal: string) => text.replace(personal, maskText(personal));

describe('maskText', () => {
  test('keeps whitespace and length, and hides every letter', () => {
    const masked = maskText('Alice Smith\n\tBerlin 10115');
    assert.equal(masked, 'Äļļàà Äŵļţñ\n\tÄàŕļļñ ñññññ');
    assert.equal([...masked].length, 'Alice Smith\n\tBerlin 10115'.length);
  });
  test('empty text stays empty', () => assert.equal(maskText(''), ''));
});

describe('scrubPersonalData masks', () => {
  const cases: { name: string; text: string; personal: string }[] = [
    { name: 'an email in a sentence', text: 'Write to alice.smith+shop@example.co.uk today.', personal: 'alice.smith+shop@example.co.uk' },
    { name: 'a valid Visa number in groups of four', text: 'Card: 4111 1111 1111 1111', personal: '4111 1111 1111 1111' },
    { name: 'a valid Mastercard number with dashes', text: 'Paid with 5555-5555-5555-4444.', personal: '5555-5555-5555-4444' },
    { name: 'a valid Amex number without separators', text: 'Amex 378282246310005', personal: '378282246310005' },
    { name: 'a valid Amex number grouped 4-6-5', text: 'Amex 3782 822463 10005', personal: '3782 822463 10005' },
    { name: 'a valid card followed by its expiry date', text: '4111 1111 1111 1111 12/27', personal: '4111 1111 1111 1111' },
    { name: 'a German IBAN in groups', text: 'IBAN: DE89 3704 0044 0532 0130 00', personal: 'DE89 3704 0044 0532 0130 00' },
    { name: 'a British IBAN with letters', text: 'GB82 WEST 1234 5698 7654 32 (Barclays)', personal: 'GB82 WEST 1234 5698 7654 32' },
    { name: 'an IBAN written without spaces', text: 'to DE89370400440532013000 now', personal: 'DE89370400440532013000' },
    { name: 'an international phone number', text: 'Call +49 30 1234567 now', personal: '+49 30 1234567' },
    { name: 'a US number with country code', text: 'Call +1 (555) 123-4567.', personal: '+1 (555) 123-4567' },
    { name: 'an international number with (0)', text: 'Tel. +49 (0)30 1234567', personal: '+49 (0)30 1234567' },
    { name: 'an international number without spaces', text: 'Tel:+4930123456', personal: '+4930123456' },
    { name: 'a German national number with spaces', text: 'Tel. 030 1234 5678', personal: '030 1234 5678' },
    { name: 'a German mobile number with a slash', text: 'Mobil 0171/1234567', personal: '0171/1234567' },
    { name: 'an area code in parentheses', text: 'Ruf an: (030) 1234567', personal: '(030) 1234567' },
    { name: 'a US number with area code in parentheses', text: 'Phone (555) 123-4567', personal: '(555) 123-4567' },
    { name: 'a US number with dashes', text: 'Phone 555-123-4567', personal: '555-123-4567' },
    { name: 'a French number in pairs', text: 'Tél. 01 23 45 67 89', personal: '01 23 45 67 89' },
    { name: 'a phone number right after a date', text: '05/02/2024 030 1234567', personal: '030 1234567' },
  ];
  for (const { name, text, personal } of cases) {
    test(`${name}, keeping its length`, () => {
      const scrubbed = scrubPersonalData(text);
      assert.equal(scrubbed, masking(text, personal));
      assert.equal(scrubbed.length, text.length);
      assert.equal(looksPersonal(text), true);
    });
  }

  test('every match in a text, of every kind', () => {
    const text = 'alice@example.com, +49 30 1234567, 4111 1111 1111 1111';
    assert.equal(scrubPersonalData(text), maskText('alice@example.com') + ', ' + maskText('+49 30 1234567') + ', ' + maskText('4111 1111 1111 1111'));
  });
});

describe('scrubPersonalData leaves alone', () => {
  const cases: { name: string; text: string }[] = [
    { name: 'a Luhn-invalid 16-digit number', text: 'Card: 4111 1111 1111 1112' },
    { name: 'a Luhn-invalid 16-digit number without separators', text: 'Ref 4111111111111112' },
    { name: 'a German IBAN with one digit changed', text: 'IBAN: DE89 3704 0044 0532 0130 01' },
    { name: 'a British IBAN with one digit changed', text: 'GB82 WEST 1234 5698 7654 33' },
    { name: 'years', text: 'Since 1999, relaunched in 2024' },
    { name: 'prices', text: 'Now 1.299,00 € instead of 1.499,00 € ($1,299.00)' },
    { name: 'a large amount', text: 'Revenue 1.234.567.890 EUR' },
    { name: 'ISO dates', text: 'Shipped 2024-01-15, delivered 2024-01-17' },
    { name: 'dates with dots, slashes and dashes', text: '15.01.2024 01.02.2024 01/02/2024 01-02-2024' },
    { name: 'a date followed by a time', text: 'Delivery 05/02/2024 10 - 12 Uhr' },
    { name: 'times', text: 'Open 08:30 – 18:00, Sat 10:00:00' },
    { name: 'short numbers and postcodes', text: '3 items, 12 left, 10115 Berlin, 01067 Dresden' },
    { name: 'an order number without separators (by choice, not a phone)', text: 'Order 0012345678' },
    { name: 'a millisecond timestamp', text: 'ts 1700000000000' },
    { name: 'version numbers and IP addresses', text: 'v0.12.3 on 192.168.0.1' },
    { name: 'an @mention', text: 'Thanks @alice!' },
    { name: 'text without digits or @', text: 'Free shipping on all orders' },
  ];
  for (const { name, text } of cases) {
    test(name, () => {
      assert.equal(scrubPersonalData(text), text);
      assert.equal(looksPersonal(text), false);
    });
  }
});

describe('isLuhnValid', () => {
  const cases: [string, boolean][] = [
    ['4111111111111111', true],
    ['79927398713', true],
    ['4111111111111112', false],
    ['', false],
    ['4111-1111', false],
  ];
  for (const [digits, valid] of cases) test(`"${digits}" is ${valid ? 'valid' : 'invalid'}`, () => assert.equal(isLuhnValid(digits), valid));
});

describe('isIbanValid', () => {
  const cases: [string, boolean][] = [
    ['DE89 3704 0044 0532 0130 00', true],
    ['DE89370400440532013000', true],
    ['GB82 WEST 1234 5698 7654 32', true],
    ['NO93 8601 1117 947', true],
    ['DE89 3704 0044 0532 0130 01', false],
    ['DE88 3704 0044 0532 0130 00', false],
    ['DE89 3704', false],
    ['1289 3704 0044 0532 0130 00', false],
  ];
  for (const [iban, valid] of cases) test(`"${iban}" is ${valid ? 'valid' : 'invalid'}`, () => assert.equal(isIbanValid(iban), valid));
});

/** The rule both modes share (balanced keeps no less): query values whose key or value looks sensitive go. */
const scrubUrl = (url: string) => maskUrlForMode(url, urlPolicy('balanced'));

describe('URLs in both modes', () => {
  const cases: { name: string; url: string; expected: string }[] = [
    { name: 'a token is hidden, utm_source is kept', url: 'https://shop.example/cart?token=abc123&utm_source=newsletter', expected: 'https://shop.example/cart?token=***&utm_source=newsletter' },
    { name: 'an email in a harmless-looking value is hidden', url: 'https://shop.example/search?q=alice%40example.com&page=2', expected: 'https://shop.example/search?q=***&page=2' },
    { name: 'a phone number in a form-encoded value is hidden', url: 'https://shop.example/?q=%2B49+30+1234567', expected: 'https://shop.example/?q=***' },
    { name: 'sensitive keys are found whatever their case', url: 'https://x.example/?Email=a&SessionID=b&lang=de', expected: 'https://x.example/?Email=***&SessionID=***&lang=de' },
    { name: 'a long random value is hidden whatever its key', url: 'https://x.example/?ref=9f8e7d6c5b4a39281706f5e4d3c2b1a0', expected: 'https://x.example/?ref=***' },
    { name: 'access_token in the fragment is hidden', url: 'https://app.example/cb#access_token=eyJhbGciOiJIUzI1NiJ9.e30&state=xyz', expected: 'https://app.example/cb#access_token=***&state=xyz' },
    { name: 'a plain anchor stays', url: 'https://x.example/faq#shipping', expected: 'https://x.example/faq#shipping' },
    { name: 'an email in the path is masked', url: 'https://x.example/users/alice@example.com/orders', expected: `https://x.example/users/${'*'.repeat('alice@example.com'.length)}/orders` },
    { name: 'user and password in the address are dropped', url: 'https://bob:hunter2@x.example/', expected: 'https://x.example/' },
    { name: 'a URL without personal data stays', url: 'https://x.example/pricing?plan=pro&utm_medium=email', expected: 'https://x.example/pricing?plan=pro&utm_medium=email' },
    { name: 'parameters without a value stay', url: 'https://x.example/?debug&page=2', expected: 'https://x.example/?debug&page=2' },
    { name: 'a mailto address is masked', url: 'mailto:alice@example.com?subject=Hello', expected: `mailto:${'*'.repeat('alice@example.com'.length)}?subject=Hello` }, // URLs mask with '*': stand-ins would be percent-encoded
    { name: 'a tel number is masked', url: 'tel:+49301234567', expected: `tel:${'*'.repeat('+49301234567'.length)}` },
    { name: 'a relative URL loses its query', url: '/search?email=alice@example.com#top', expected: '/search' },
    { name: 'a relative path with an email is masked', url: 'users/alice@example.com', expected: `users/${'*'.repeat('alice@example.com'.length)}` },
  ];
  for (const { name, url, expected } of cases) test(name, () => assert.equal(scrubUrl(url), expected));

  test('garbage does not throw', () => {
    for (const url of ['', '::::', 'http://[', '%', '?', '#', 'https://x.example/%E0%A4%A?%E0%A4%A=1&token=%', '\u0000\uD800', 'javascript:alert(1)']) {
      assert.equal(typeof scrubUrl(url), 'string', url);
    }
  });
});

describe('strict URLs keep only the values a site declares safe', () => {
  const strict = urlPolicy('strict', ['page', 'tab']);
  const cases: { name: string; url: string; expected: string }[] = [
    { name: 'a name in a query value is hidden', url: 'https://shop.example/welcome?guest=Anna+Schmidt', expected: 'https://shop.example/welcome?guest=***' },
    { name: 'declared keys and utm_* keep their values', url: 'https://shop.example/list?page=2&tab=shoes&utm_campaign=spring&sort=price', expected: 'https://shop.example/list?page=2&tab=shoes&utm_campaign=spring&sort=***' },
    { name: 'a declared key still loses a personal value', url: 'https://shop.example/list?page=anna%40example.com', expected: 'https://shop.example/list?page=***' },
    { name: 'a bare word is hidden unless it is a declared key', url: 'https://shop.example/?anna-schmidt&page', expected: 'https://shop.example/?***&page' },
    { name: 'fragment parameters follow the same rule', url: 'https://app.example/cb#state=anna&page=1', expected: 'https://app.example/cb#state=***&page=1' },
    { name: 'a plain anchor stays', url: 'https://x.example/faq#shipping', expected: 'https://x.example/faq#shipping' },
    { name: 'empty values stay empty', url: 'https://x.example/?q=&page=1', expected: 'https://x.example/?q=&page=1' },
  ];
  for (const { name, url, expected } of cases) test(name, () => assert.equal(maskUrlForMode(url, strict), expected));

  test('balanced keeps harmless values whatever their key', () => {
    assert.equal(maskUrlForMode('https://shop.example/welcome?guest=Anna+Schmidt&sort=price', urlPolicy('balanced')), 'https://shop.example/welcome?guest=Anna+Schmidt&sort=price');
  });

  test('data-query-keys: valid keys only, at most 20', () => {
    assert.deepEqual(recorderSettings({ queryKeys: 'page, tab,b@d page' }).queryKeys, ['page', 'tab']);
    assert.deepEqual(recorderSettings({}).queryKeys, []);
    assert.equal(validQueryKeys(Array.from({ length: 50 }, (_, i) => `k${i}`)).length, 20);
    assert.deepEqual(validQueryKeys(['x'.repeat(65), 'ok']), ['ok']);
  });
});

describe('maskTextFor', () => {
  // Just enough of an Element for closest() over lists of [attribute] selectors, which
  // is all maskTextFor asks; any other selector fails loudly instead of guessing.
  class FakeElement {
    readonly attributes: Record<string, string>;
    readonly parent: FakeElement | null;
    constructor(attributes: Record<string, string> = {}, parent: FakeElement | null = null) {
      this.attributes = attributes;
      this.parent = parent;
    }
    getAttribute(name: string): string | null {
      return this.attributes[name] ?? null;
    }
    closest(selector: string): FakeElement | null {
      if (!/^\[[\w-]+\](,\[[\w-]+\])*$/.test(selector)) throw new Error(`fake closest() cannot match ${selector}`);
      const names = selector.slice(1, -1).split('],[');
      return names.some((name) => name in this.attributes) ? this : (this.parent?.closest(selector) ?? null);
    }
  }
  type Fake = FakeElement;
  const element = (attributes?: Record<string, string>, parent?: Fake) => new FakeElement(attributes, parent);
  const as = (fake: Fake | null) => fake as unknown as Element | null;

  const text = 'Hi Alice, write to alice@example.com';
  const masked = maskText(text);
  const scrubbed = masking(text, 'alice@example.com');
  const unmask = element({ 'data-einblick-unmask': '' });
  const mask = element({ 'data-einblick-mask': '' });

  const cases: { name: string; mode: 'strict' | 'balanced'; el: Fake | null; expected: string }[] = [
    { name: 'strict masks plain text', mode: 'strict', el: element(), expected: masked },
    { name: 'strict masks text without an element', mode: 'strict', el: null, expected: masked },
    { name: 'strict shows unmasked text but hides personal data in it', mode: 'strict', el: element({}, unmask), expected: scrubbed },
    { name: 'strict masks a mask region inside an unmask region', mode: 'strict', el: element({}, element({ 'data-einblick-mask': '' }, unmask)), expected: masked },
    { name: 'strict shows an unmask region inside a mask region', mode: 'strict', el: element({}, element({ 'data-einblick-unmask': '' }, mask)), expected: scrubbed },
    { name: 'balanced shows text but hides personal data', mode: 'balanced', el: element(), expected: scrubbed },
    { name: 'balanced hides personal data without an element', mode: 'balanced', el: null, expected: scrubbed },
    { name: 'balanced masks a mask region', mode: 'balanced', el: element({}, mask), expected: masked },
    { name: 'editable text is masked even inside unmask', mode: 'balanced', el: element({ contenteditable: 'true' }, unmask), expected: masked },
    { name: 'contenteditable without a value is editable', mode: 'strict', el: element({}, element({ contenteditable: '' }, unmask)), expected: masked },
    { name: 'contenteditable="false" is not editable', mode: 'balanced', el: element({ contenteditable: 'false' }), expected: scrubbed },
    { name: 'an unmask region inside an editable one stays masked', mode: 'strict', el: element({}, element({ 'data-einblick-unmask': '' }, element({ contenteditable: 'true' }))), expected: masked },
    { name: 'contenteditable="false" inside an unmask region shows text', mode: 'strict', el: element({}, element({ contenteditable: 'false' }, unmask)), expected: scrubbed },
  ];
  for (const { name, mode, el, expected } of cases) test(name, () => assert.equal(maskTextFor(mode, text, as(el)), expected));
});
