// Splits a comment into lower-case word tokens and the punctuation that ends a clause.
// English contractions become a separate "not" (didn't → did not), as do their
// apostrophe-less typos (didnt, couldnt), so negation has one word to look for.

export interface Token {
  text: string;
  /** `.`, `!`, `?`, `;`, `,` or an emoticon: ends a negation's reach (and `.!?;` a sentence). */
  punct: boolean;
}

const CONTRACTED_NOT = /^(ca|wo|do|does|did|is|are|was|were|could|would|should|have|has|had|ai|must|need)n'?t$/;
const IRREGULAR: Record<string, string> = { cant: 'can', cannot: 'can', wont: 'will', "won't": 'will', "can't": 'can' };
const PIECE = /[:;]-?[()]|[\p{L}\p{N}]+(?:['’-][\p{L}]+)*|[.!?;,]+/gu;

export function tokenize(comment: string): Token[] {
  const tokens: Token[] = [];
  for (const match of comment.toLowerCase().matchAll(PIECE)) {
    const raw = match[0].replace(/’/g, "'");
    if (/^[.!?;,]+$/.test(raw) || /^[:;]-?[()]$/.test(raw)) {
      tokens.push({ text: raw, punct: true });
      continue;
    }
    const irregular = IRREGULAR[raw];
    const contracted = CONTRACTED_NOT.exec(raw);
    if (irregular) tokens.push({ text: irregular, punct: false }, { text: 'not', punct: false });
    else if (contracted) tokens.push({ text: contracted[1] === 'ca' ? 'can' : contracted[1] === 'wo' ? 'will' : contracted[1]!, punct: false }, { text: 'not', punct: false });
    else tokens.push({ text: raw.replace(/'s$/, ''), punct: false });
  }
  return tokens;
}
