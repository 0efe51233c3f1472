// What the survey runner (in the recorder) and the widget bundle (einblick-survey.js)
// hand each other. Types only, and the one global the widget announces itself through.
import type { ActiveSurvey, SurveyTrigger } from '../../contract/schemas/index.ts';
import type { ScriptConfig } from '../types.ts';

/** The widget's host element. Its clicks are the visitor answering us, not using the page: clicks.ts leaves them out. */
export const WIDGET_TAG = 'einblick-survey';

/** An active survey as GET /api/v1/surveys/active returns it. */
export type Survey = ActiveSurvey;
export type { SurveyTrigger };

/** What has happened on the current page view, against which triggers are checked. */
export interface PageFacts {
  seconds: number;
  tracked: ReadonlySet<string>;
  exitIntent: boolean;
}

/** When each survey was last answered or dismissed by this visitor (epoch ms), kept in localStorage. */
export type CapRecord = Record<string, number>;

/** The replay marker of an answer: rrweb custom event `einblick:survey` (no comment in it). */
export interface AnswerMark {
  survey: string;
  answer: string;
  kind: Survey['kind'];
  score: number;
}

/** What the runner hands the widget for one survey. */
export interface SurveyContext {
  survey: Survey;
  /** The script tag's settings: endpoint, site, lang. */
  config: ScriptConfig;
  visitor: string;
  /** Only while replay is recording: the answer then links to the moment in the session. */
  session?: string;
  /** The page view's URL, scrubbed as recorded. */
  url: string;
  /** Puts the answer on the replay timeline at the moment of answering; only while replay is recording. */
  mark?(mark: AnswerMark): void;
}

/** Shows the widget and calls onClose once it is gone; returns the function that removes it at once (revoke). */
export type ShowSurvey = (context: SurveyContext, onClose: () => void) => () => void;

/** The widget bundle announces itself through this global, which the runner sets up. */
export const WIDGET_GLOBAL = '__einblickSurvey';
