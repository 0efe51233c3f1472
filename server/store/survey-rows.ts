// A survey as both backends' surveys stores read it: the same columns, made into the
// same Survey, so a survey reads alike on SQLite and PostgreSQL.
import type { ActiveSurvey, Survey, SurveyKind, SurveyTrigger } from '../../contract/schemas/index.ts';

export interface SurveyRow {
  id: string; site_key: string; kind: SurveyKind; question_en: string; question_de: string; comment_en: string | null; comment_de: string | null;
  trigger: string; cap_days: number; sample: number; active: number; created_at: number;
}

export const SURVEY_COLUMNS = `v.id, st.key AS site_key, v.kind, v.question_en, v.question_de, v.comment_en, v.comment_de, v.trigger,
  v.cap_days, v.sample, v.active, v.created_at`;

export function toSurvey(r: SurveyRow): Survey {
  return {
    id: r.id, site: r.site_key, kind: r.kind, question: { en: r.question_en, de: r.question_de },
    comment: r.comment_en === null ? null : { en: r.comment_en, de: r.comment_de ?? r.comment_en },
    trigger: JSON.parse(r.trigger) as SurveyTrigger, capDays: r.cap_days, sample: r.sample, active: r.active === 1, createdAt: r.created_at,
  };
}

export const toActive = ({ site: _s, active: _a, createdAt: _c, ...survey }: Survey): ActiveSurvey => survey;
