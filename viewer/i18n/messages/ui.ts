// Shared widgets and wording: notices, survey scales and triggers (viewer/ui/).
import type { Translation } from '../message-types.ts';

export const en = {
  'ui.loading': 'Loading…',
  'ui.askAdmin': '{message} Ask an admin for a token with that role.',
  'ui.error.network': 'Could not reach the Einblick server. Check that it is running, then try again.',
  'ui.error.http': 'The server answered {status}.',
  'ui.survey.scale.nps': '0–10, how likely to recommend',
  'ui.survey.scale.csat': '1–5, how satisfied',
  'ui.survey.scale.ces': '1–7, how easy (7 = very easy)',
  'ui.trigger.urlContains': 'on pages containing {text}',
  'ui.trigger.afterSeconds': 'after {seconds} s on the page',
  'ui.trigger.onEvent': 'on the event {event}',
  'ui.trigger.exitIntent': 'on exit intent',
  'ui.trigger.always': 'at once on every page',
} as const;

export const de: Translation<typeof en> = {
  'ui.loading': 'Wird geladen…',
  'ui.askAdmin': '{message} Bitten Sie einen Admin um ein Token mit dieser Rolle.',
  'ui.error.network': 'Der Einblick-Server ist nicht erreichbar. Prüfen Sie, ob er läuft, und versuchen Sie es dann erneut.',
  'ui.error.http': 'Der Server antwortete mit {status}.',
  'ui.survey.scale.nps': '0–10, wie wahrscheinlich eine Empfehlung ist',
  'ui.survey.scale.csat': '1–5, wie zufrieden',
  'ui.survey.scale.ces': '1–7, wie einfach (7 = sehr einfach)',
  'ui.trigger.urlContains': 'auf Seiten, deren Adresse {text} enthält',
  'ui.trigger.afterSeconds': 'nach {seconds} s auf der Seite',
  'ui.trigger.onEvent': 'beim Ereignis {event}',
  'ui.trigger.exitIntent': 'wenn jemand die Seite verlassen will',
  'ui.trigger.always': 'sofort auf jeder Seite',
};
