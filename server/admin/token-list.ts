// `npx einblick token list`: one line per token, for a terminal. Labels are typed by
// admins and may hold anything, so control characters are shown escaped.
import type { TokenInfo } from '../../contract/schemas/index.ts';

const when = (ms: number | null): string => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
const printable = (s: string): string => JSON.stringify(s).slice(1, -1);

export function formatTokenList(tokens: readonly TokenInfo[]): string {
  if (!tokens.length) return 'No tokens.';
  const rows = [['ID', 'ROLE', 'CREATED', 'LAST USED', 'REVOKED', 'LABEL'], ...tokens.map((t) => [String(t.id), t.role, when(t.createdAt), when(t.lastUsedAt), when(t.revokedAt), printable(t.label)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')).join('\n');
}
