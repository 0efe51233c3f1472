// The server's personal-data detectors are the browser's own (contract/personal-data.ts):
// the second line of masking finds exactly what the first one would have.
import type { LeakKind } from '../../contract/schemas/index.ts';
import type { PersonalDataKind } from '../../contract/personal-data.ts';

export { findPersonalData, isIbanValid, isLuhnValid, maskPersonalData, maskText, mayHoldPersonalData, type Finding } from '../../contract/personal-data.ts';

// A leak is stored with the kind the detectors name: the two lists must stay one (a type error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const KINDS_AGREE: Same<LeakKind, PersonalDataKind> = true;
