// What a comment is about, by keyword stems in English and German. A stem matches a word
// that starts with it; a stem starting with `*` also matches inside a German compound
// (Versandkosten, Kreditkartenzahlung, Kundenservice).
import type { CommentTheme } from '../../../contract/schemas/index.ts';

export const THEME_KEYWORDS: Record<CommentTheme, string[]> = {
  delivery: [
    'deliver', 'shipping', 'ship', 'shipped', 'shipment', 'dispatch', 'parcel', 'package', 'courier', 'arriv', 'tracking', 'postage', 'dhl', 'ups', 'dpd', 'hermes', 'postman', 'late',
    '*liefer', '*versand', 'versend', 'verschick', '*paket', '*zustell', 'zusteller', 'sendungsverfolgung', 'angekommen', 'ankunft', 'bote', 'kurier', 'päckchen', 'verspät',
  ],
  price: [
    'price', 'pric', 'cost', 'expensive', 'cheap', 'afford', 'value', 'money', 'discount', 'voucher', 'coupon', 'fee', 'rip-off', 'ripoff', 'overpriced', 'penny', 'euro', 'pricey',
    '*preis', 'teuer', 'teurer', 'günstig', '*kosten', 'kostet', 'rabatt', 'gutschein', 'cent', 'abzocke', 'überteuert', 'gebühr', 'preiswert', 'kostenlos',
  ],
  checkout: [
    'checkout', 'pay', 'paying', 'payment', 'paypal', 'card', 'credit', 'cart', 'basket', 'klarna', 'invoice', 'billing', 'charged',
    'kasse', 'bezahl', '*zahlung', 'zahlen', 'zahlte', '*warenkorb', 'kreditkart', 'bestellvorgang', 'bestellprozess', 'abgebucht', 'rechnung',
  ],
  support: [
    'support', 'service', 'staff', 'agent', 'hotline', 'phone', 'email', 'e-mail', 'chat', 'reply', 'replied', 'respon', 'customer care', 'contact',
    '*service', 'kundendienst', 'telefon', 'beratung', 'berater', 'geantwortet', 'antwort', 'mitarbeiter', 'warteschleife',
  ],
  product: [
    'product', 'quality', 'item', 'material', 'fabric', 'size', 'fit', 'fits', 'colour', 'color', 'photo', 'picture', 'seam', 'defect', 'described', 'description',
    '*produkt', '*qualität', 'artikel', 'material', 'stoff', 'größe', '*größen', 'farbe', 'defekt', 'kaputt', 'beschrieben', 'beschreibung', 'ware', 'sitzt',
  ],
  website: [
    'website', 'site', 'page', 'app', 'search', 'navigat', 'menu', 'filter', 'login', 'log in', 'sign in', 'account', 'acount', 'password', 'loading', 'design',
    '*webseite', '*seite', 'suche', 'navigation', 'menü', 'einlog', 'anmeld', 'passwort', 'lädt', 'laden',
  ],
  returns: [
    'return', 'refund', 'exchange', 'send back', 'sent back',
    'rücksend', 'rückgabe', '*retour', 'umtausch', '*erstattung', 'zurückschick', 'zurückgeschickt', 'widerruf',
  ],
};
