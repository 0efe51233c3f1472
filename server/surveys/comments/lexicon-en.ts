// English polarity words written for Einblick (shop and SaaS feedback), weights −3..3.
// A trailing `*` matches any ending (disappoint* → disappointed, disappointing).
// Our own list, MIT like the rest of the project: no third-party lexicon is copied.

export const EN_POLARITY: Record<string, number> = {
  good: 2, great: 3, excellent: 3, amazing: 3, awesome: 3, fantastic: 3, 'perfect*': 3, 'love*': 3, liked: 2, nice: 2,
  fast: 2, 'quick*': 2, easy: 2, easily: 2, simple: 1, 'smooth*': 2, helpful: 2, friendly: 2, happy: 2, satisfied: 2,
  pleased: 2, 'recommend*': 2, 'impress*': 2, worth: 2, fair: 1, cheaper: 1, cheapest: 1, affordable: 2, reasonable: 2,
  value: 1, 'thank*': 2, well: 1, fine: 0.5, clean: 1, fits: 1, fit: 1, works: 1, work: 1, worked: 1, working: 1,
  'arriv*': 1, like: 1, apply: 0.5, applied: 0.5, early: 1, 'patient*': 1, best: 2, better: 1, wonderful: 3, brilliant: 3, super: 2, superb: 3, glad: 2,
  convenient: 2, straightforward: 2, painless: 2, intuitive: 2, reliable: 2, polite: 2, efficient: 2, flawless: 3,
  helps: 1, help: 0.5, sorted: 1, solved: 2, resolved: 2, replaced: 1, promptly: 1, immediately: 1, free: 1, 'enjoy*': 2,
  wow: 2, cool: 2, reply: 1, replied: 1, response: 1, answered: 1, special: 0.5, 'described': 1, accurate: 1, 'comfortab*': 2,
  'complain*': -1, 'problem*': -1.5, 'issue*': -1.5,
  bad: -2, terrible: -3, awful: -3, horrible: -3, worst: -3, 'poor*': -2, 'slow*': -1.5, late: -1.5, 'delay*': -1.5,
  broken: -2, broke: -2, damaged: -2, 'crash*': -2, 'error*': -1.5, 'fail*': -2, 'reject*': -2, wrong: -2, missing: -1.5,
  lost: -1.5, rude: -2, unhelpful: -2, useless: -2.5, 'disappoint*': -2.5, 'frustrat*': -2.5, 'annoy*': -2, 'confus*': -1.5,
  complicated: -1.5, difficult: -1.5, hard: -1, expensive: -1.5, overpriced: -2.5, pricey: -1, 'rip-off': -3, ripoff: -3,
  scam: -3, nightmare: -3, disaster: -3, mess: -2, 'mislead*': -2.5, flimsy: -2, soaked: -1.5, wet: -1, 'hate*': -3,
  unacceptable: -3, forever: -1.5, ages: -1, waiting: -1, waited: -1, stuck: -1.5, unusable: -3, 'bug*': -1.5,
  nobody: -1.5, extra: -1, unfortunately: -1.5, sadly: -1.5, limited: -1, 'rude*': -2, 'refus*': -1.5, 'charged': -0.5,
  'defect*': -2, 'faulty': -2, 'cheap': -0.5, 'weird': -1, 'ugly': -2, 'tiny': -0.5, 'worse': -2, 'sucks': -3,
};

export const EN_NEGATORS = new Set(['not', 'no', 'never', 'none', 'nothing', 'neither', 'nor', 'without', 'hardly', 'barely']);
export const EN_INTENSIFIERS: Record<string, number> = {
  very: 1.5, really: 1.4, so: 1.3, super: 1.5, extremely: 1.8, absolutely: 1.6, totally: 1.5, completely: 1.5, incredibly: 1.7,
  quite: 1.1, pretty: 1.1, highly: 1.5, truly: 1.4, 'a bit': 0.6, little: 0.7, slightly: 0.6, somewhat: 0.7, just: 1.2,
};
export const EN_CONTRAST = new Set(['but', 'however', 'though', 'yet']);
/** "too" turns the next word negative, even one without a polarity of its own ("too long"). */
export const EN_TOO = new Set(['too']);
/** Would/could be … is a wish, not a verdict. */
export const EN_IRREALIS = [['would', 'be'], ['could', 'be'], ['should']] as const;
