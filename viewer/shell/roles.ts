// Which pages a role may use, as server/http/auth.ts allows them. The server decides;
// this only keeps the viewer from offering pages that would answer 403.
import type { Role } from '../../contract/schemas/index.ts';

export const mayReadSessions = (role: Role): boolean => role === 'researcher' || role === 'admin';

export const mayUsePrivacyDesk = (role: Role): boolean => role === 'privacy' || role === 'admin';

export const mayManageTokens = (role: Role): boolean => role === 'admin';

export const mayManageSites = (role: Role): boolean => role === 'admin';
