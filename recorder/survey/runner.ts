// The survey runner, part of the recorder, started only with the surveys scope: after each
// page view it asks the server which surveys apply to the page, watches their triggers and
// shows at most one per page view. The widget is a separate bundle (widget.ts), loaded only
// when a survey is due, so visitors who never see one never download it.
import type { ScriptConfig } from '../types.ts';
import { dueSurvey } from './rules.ts';
import { readCaps } from './caps.ts';
import { WIDGET_GLOBAL, type AnswerMark, type ShowSurvey, type Survey } from './types.ts';

export interface SurveyRunner {
  onPage(url: string): void;
  track(name: string): void;
  /** einblick.survey(id): shows it once this page's surveys are known, ignoring trigger, cap and sample. */
  show(id: string): void;
  stop(): void;
}

/** Enough for any real page; a page calling track() in a loop cannot grow it without bound. */
const MAX_TRACKED = 100;

export function startSurveys(config: ScriptConfig, visitor: string, session?: string, mark?: (mark: AnswerMark) => void): SurveyRunner {
  let widget: Promise<ShowSurvey> | undefined;
  /** This page view's active surveys; null until the server has said. */
  let surveys: Survey[] | null = null;
  /** The page view's number: a list fetched for an earlier page view is dropped. */
  let view = 0;
  let url = '';
  let startedAt = 0;
  let tracked = new Set<string>();
  let exitIntent = false;
  let shownThisView = false;
  let open = false;
  let wanted: string | undefined;
  /** Each widget shown on this load, removed at once by stop(): one may still be retrying its answer. */
  const widgets: (() => void)[] = [];

  const display = (survey: Survey) => {
    open = shownThisView = true;
    (widget ??= new Promise<ShowSurvey>((resolve, reject) => {
      (window as unknown as Record<string, unknown>)[WIDGET_GLOBAL] = resolve;
      const tag = document.createElement('script');
      tag.src = new URL('einblick-survey.js', config.recorderUrl).href;
      tag.onerror = reject;
      document.head.appendChild(tag);
    })).then(
      (show) => {
        // Revoked while the bundle was loading.
        if (view < 0) return;
        widgets.push(
          show({ survey, config, visitor, session, url, mark }, () => {
            open = false;
            check();
          }),
        );
      },
      // Offline or blocked: a later page view tries again.
      () => (open = false, widget = undefined),
    );
  };

  function check(): void {
    if (open || view < 0 || !surveys?.length) return;
    const asked = wanted && surveys.find((s) => s.id === wanted);
    wanted = undefined;
    const now = Date.now();
    const due = asked || (!shownThisView && dueSurvey(surveys, { seconds: (now - startedAt) / 1000, tracked, exitIntent }, readCaps(), visitor, now));
    if (due) display(due);
  }

  // Exit intent: the pointer leaves the window through its top edge, towards the tabs and the back button.
  const onPointerOut = (e: MouseEvent) => {
    if (e.relatedTarget || e.clientY > 0) return;
    exitIntent = true;
    check();
  };
  document.addEventListener('mouseout', onPointerOut);
  // afterSeconds, to the second: one cheap timer rather than one per survey and page view.
  const ticker = window.setInterval(check, 1000);

  return {
    onPage(pageUrl) {
      const mine = ++view;
      url = pageUrl;
      startedAt = Date.now();
      tracked = new Set();
      exitIntent = shownThisView = false;
      surveys = null;
      fetch(`${config.endpoint}/api/v1/surveys/active?${new URLSearchParams({ site: config.site, url })}`, { credentials: 'omit' })
        .then((res) => res.json() as Promise<{ surveys?: Survey[] }>)
        .then((body) => {
          if (mine !== view || !Array.isArray(body.surveys)) return;
          surveys = body.surveys;
          check();
        })
        .catch(() => undefined);
    },
    track(name) {
      if (tracked.size < MAX_TRACKED) tracked.add(name);
      check();
    },
    show(id) {
      wanted = id;
      // Before this page's list has arrived, the check after its arrival shows it.
      check();
    },
    stop() {
      view = -1;
      clearInterval(ticker);
      document.removeEventListener('mouseout', onPointerOut);
      widgets.forEach((remove) => remove());
    },
  };
}
