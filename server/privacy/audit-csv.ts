// The audit trail as CSV for spreadsheets. Token labels are typed by people, so a cell
// could start a formula (=HYPERLINK(...), +cmd|...) that a spreadsheet runs when the
// officer opens the file: such cells get a leading ' (OWASP "CSV injection").
import type { AuditRow } from '../store/audit.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  const text = String(value ?? '');
  return `"${(FORMULA_START.test(text) ? `'${text}` : text).replace(/"/g, '""')}"`;
}

export function auditCsv(rows: readonly AuditRow[]): string {
  const lines = rows.map((r) => [new Date(r.at).toISOString(), r.actorLabel, r.actorRole, r.action, r.objectHash, JSON.stringify(r.detail), r.hash].map(csvCell).join(','));
  return ['at,actor,role,action,object_hash,detail,hash', ...lines].join('\n') + '\n';
}
