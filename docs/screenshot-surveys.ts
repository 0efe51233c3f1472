// The survey page's "What visitors wrote": themes with how they read, and the answers
// with their sentiment and themes ("Reads as"), one of them corrected by a researcher.
import type { Page } from 'playwright-core';
import type { Api } from './screenshot-api.ts';

interface Results { answers: { id: string; comment: string | null }[] }

export async function correctAnswer(api: Api, surveyId: string, commentStart: string, correction: { sentiment?: string; themes?: string[] }): Promise<void> {
  const { answers } = await api<Results>(`/surveys/${surveyId}/results`);
  const answer = answers.find((a) => a.comment?.startsWith(commentStart));
  if (!answer) throw new Error(`No answer starting "${commentStart}"`);
  await api(`/surveys/answers/${answer.id}`, { method: 'PATCH', body: correction });
}

export async function showThemes(page: Page, url: string, path: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url + '/viewer/surveys?site=demo');
  await page.getByTestId('survey-themes').waitFor();
  // A theme's name narrows the answers to it (German and English ones alike).
  await page.getByTestId('survey-themes').getByRole('link', { name: 'Delivery' }).click();
  await page.getByTestId('survey-themes').locator('a[aria-current="true"]').waitFor();
  await page.getByTestId('survey-answers').locator('.tone').first().waitFor();
  const wide = await page.evaluate(() => [...document.querySelectorAll('.table-scroll')].map((el) => `${el.scrollWidth}/${el.clientWidth}`).join(' ') + ' doc ' + document.documentElement.scrollWidth);
  await page.screenshot({ path, fullPage: true });
}
