// Labels survey comments for a site: the rules of comments/ plus what the site's
// researchers corrected. The learnt model is rebuilt only when the site's corrections
// change (one cheap count query per comment), so a correction helps the very next answer
// and an erased answer stops teaching at once.
import type { Store } from '../store/index.ts';
import type { CommentLabels } from '../store/surveys.ts';
import { analyzeComment } from './comments/analyze-comment.ts';
import { learn, type LearnedModel } from './comments/learned.ts';
import { tokenize } from './comments/tokenize.ts';

/** Answers stored before comments were analysed, labelled per results read: bounded so one read stays quick. */
const BACKFILL_PER_READ = 2000;

export function commentLabeller(store: Store) {
  const models = new Map<number, { stamp: string; model: LearnedModel | undefined }>();

  async function modelOf(siteId: number): Promise<LearnedModel | undefined> {
    const stamp = await store.surveys.correctionStamp(siteId);
    const cached = models.get(siteId);
    if (cached?.stamp === stamp) return cached.model;
    const corrections = await store.surveys.corrections(siteId);
    const model = corrections.length ? learn(corrections.map((c) => ({ ...c, tokens: tokenize(c.comment) }))) : undefined;
    models.set(siteId, { stamp, model });
    return model;
  }

  return {
    label: async (siteId: number, comment: string | null): Promise<CommentLabels | null> => (comment === null ? null : analyzeComment(comment, await modelOf(siteId))),
    /** Labels a survey's comments that were stored unlabelled (before migration 022). */
    async backfill(surveyId: string, siteId: number): Promise<number> {
      const rows = await store.surveys.unanalysedComments(surveyId, BACKFILL_PER_READ);
      if (!rows.length) return 0;
      const model = await modelOf(siteId);
      await store.surveys.saveCommentLabels(rows.map((r) => ({ id: r.id, ...analyzeComment(r.comment, model) })));
      return rows.length;
    },
  };
}
