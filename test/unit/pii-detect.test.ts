// The server's own detectors (server/pii/detect.ts): what the second line of masking
// finds in recorded text, of which kind, and what it leaves alone.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { findPersonalData, isIbanValid, isLuhnValid, maskPersonalData, mayHoldPersonalData } from '../../server/pii/detect.ts';
import { CANDIDATE_VALUE } from '../../server/pii/first-look.ts';

const found = (text: string) => findPersonalData(text).map((f) => [f.kind, text.slice(f.start, f.end)]);

describe('findPersonalData finds', () => {
  const cases: [string, string, 'email' | 'card' | 'iban' | 'phone', string][] = [
    ['an email in a sentence', 'Write to alice.smith+shop@example.co.uk today.', 'email', 'alice.smith+shop@example.co.uk'],
    ['a Visa number in groups of four', 'Card: 4111 1111 1111 1111', 'card', '4111 1111 1111 1111'],
    ['a Mastercard number with dashes', 'Paid with 5555-5555-5555-4444.', 'card', '5555-5555-5555-4444'],
    ['an Amex number without separators', 'Amex 378282246310005', 'card', '378282246310005'],
    ['an Amex number grouped 4-6-5', 'Amex 3782 822463 10005', 'card', '3782 822463 10005'],
    ['a German IBAN with spaces', 'IBAN: DE89 3704 0044 0532 0130 00', 'iban', 'DE89 3704 0044 0532 0130 00'],
    ['a British IBAN with letters', 'GB82 WEST 1234 5698 7654 32 (Barclays)', 'iban', 'GB82 WEST 1234 5698 7654 32'],
    ['an IBAN without spaces', 'to DE89370400440532013000 now', 'iban', 'DE89370400440532013000'],
    ['an international phone number', 'Call +49 30 1234567 now', 'phone', '+49 30 1234567'],
    ['a US number with country code', 'Call +1 (555) 123-4567.', 'phone', '+1 (555) 123-4567'],
    ['an international number without spaces', 'Tel:+4930123456', 'phone', '+4930123456'],
    ['a German mobile number with a slash', 'Mobil 0171/1234567', 'phone', '0171/1234567'],
    ['an area code in parentheses', 'Ruf an: (030) 1234567', 'phone', '(030) 1234567'],
    ['a US number with dashes', 'Phone 555-123-4567', 'phone', '555-123-4567'],
    ['a phone number right after a date', '05/02/2024 030 1234567', 'phone', '030 1234567'],
    ['a phone number with a no-break space', 'Tel. 030\u00a01234\u00a05678', 'phone', '030\u00a01234\u00a05678'],
  ];
  for (const [name, text, kind, personal] of cases) {
    test(name, () => assert.deepEqual(found(text), [[kind, personal]]));
  }

  // The scrubber only asks the detectors about values its first look lets through.
  test('each of these, in a recorded text node (as raw JSON bytes, after escapes too), passes the first look', () => {
    for (const [, text] of cases) {
      for (const value of [text, `"\n\t${text}"`]) {
        const raw = Buffer.from(`{"type":3,"textContent":${JSON.stringify(value)},"id":5}`).toString('latin1');
        CANDIDATE_VALUE.lastIndex = 0;
        assert.ok(CANDIDATE_VALUE.test(raw), raw);
      }
    }
  });

  test('every piece in a text, each with its kind', () => {
    assert.deepEqual(found('alice@example.com, +49 30 1234567, 4111 1111 1111 1111, DE89 3704 0044 0532 0130 00'), [
      ['email', 'alice@example.com'],
      ['phone', '+49 30 1234567'],
      ['card', '4111 1111 1111 1111'],
      ['iban', 'DE89 3704 0044 0532 0130 00'],
    ]);
  });
});

describe('findPersonalData leaves alone', () => {
  const cases: [string, string][] = [
    ['a Luhn-invalid card number', 'Card: 4111 1111 1111 1112'],
    ['a Luhn-invalid number without separators', 'Ref 4111111111111112'],
    ['an IBAN with one digit changed', 'IBAN: DE89 3704 0044 0532 0130 01'],
    ['prices', 'Now 1.299,00 € instead of 1.499,00 € ($1,299.00)'],
    ['dates', '15.01.2024 01/02/2024 2024-01-15, delivered 05/02/2024 10 - 12 Uhr'],
    ['short numbers and postcodes', '3 items, 12 left, 10115 Berlin, 01067 Dresden'],
    ['an order number without separators', 'Order 0012345678'],
    ['a millisecond timestamp', 'ts 1700000000000'],
    ['version numbers and IP addresses', 'v0.12.3 on 192.168.0.1'],
    ['an @mention', 'Thanks @alice!'],
    ['masked text', '**** **** **** **** and *****@*******.***'],
  ];
  for (const [name, text] of cases) test(name, () => assert.deepEqual(found(text), []));
});

describe('the first look', () => {
  test('passes what every detector needs', () => {
    for (const text of ['a@b.de', 'DE89', '555-123-4567', '+1 (555) 123-4567', '4111 1111 1111 1111']) assert.equal(mayHoldPersonalData(text), true, text);
  });
  test('turns away text with none of it', () => {
    for (const text of ['Free shipping on all orders', 'row row-12 3f4a5b', '12:30, 3 items', '']) assert.equal(mayHoldPersonalData(text), false, text);
  });
});

describe('maskPersonalData', () => {
  test('masks each piece with stars of the same length, keeping whitespace', () => {
    const masked = maskPersonalData('Mail bob@example.com or card 4111 1111 1111 1111.');
    assert.equal(masked.text, 'Mail *************** or card **** **** **** ****.');
    assert.deepEqual(masked.kinds, ['email', 'card']);
  });
  test('answers the same text when nothing is found', () => {
    assert.deepEqual(maskPersonalData('Order 0012345678'), { text: 'Order 0012345678', kinds: [] });
  });
});

describe('checksums', () => {
  test('Luhn', () => {
    assert.equal(isLuhnValid('4111111111111111'), true);
    assert.equal(isLuhnValid('4111111111111112'), false);
    assert.equal(isLuhnValid('4111-1111'), false);
  });
  test('IBAN', () => {
    assert.equal(isIbanValid('GB82 WEST 1234 5698 7654 32'), true);
    assert.equal(isIbanValid('NO93 8601 1117 947'), true);
    assert.equal(isIbanValid('DE88 3704 0044 0532 0130 00'), false);
    assert.equal(isIbanValid('1289 3704 0044 0532 0130 00'), false);
  });
});
