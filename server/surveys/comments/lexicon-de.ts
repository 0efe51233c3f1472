// German polarity words written for Einblick (shop and SaaS feedback), weights −3..3.
// A trailing `*` matches any ending (enttäusch* → enttäuscht, enttäuschend); compounds
// are also read by their last part (superschnell → schnell), see sentiment.ts.
// Our own list, MIT like the rest of the project: SentiWS (CC BY-NC-SA) is not used.

export const DE_POLARITY: Record<string, number> = {
  gut: 2, gute: 2, guter: 2, gutes: 2, super: 2, 'toll*': 3, prima: 2, klasse: 2, spitze: 3, 'perfekt*': 3, 'schnell*': 1.5,
  zufrieden: 2, begeistert: 3, 'freundlich*': 2, 'hilfsbereit*': 2, 'kompetent*': 2, 'empfehl*': 2, 'weiterempfehl*': 2.5,
  'günstig*': 1.5, 'fair*': 1.5, angemessen: 2, danke: 2, dank: 2, reibungslos: 2, unkompliziert: 2, 'übersichtlich*': 2,
  praktisch: 2, 'schön*': 2, 'wunderbar*': 3, 'hervorragend*': 3, 'ausgezeichnet*': 3, klappt: 1.5, geklappt: 1.5,
  'funktionier*': 1, passt: 1.5, passen: 1, gefällt: 2, gefallen: 2, gefiel: 2, liebe: 2, wert: 2, stimmt: 1.5, sofort: 1,
  top: 2, wahnsinn: 2, 'lob*': 2, freue: 2, froh: 2, 'nett*': 2, sauber: 1, 'bequem*': 2, 'zuverlässig*': 2, einfach: 1,
  geantwortet: 1, hilfe: 1, besonderes: 0.5, 'schnelle*': 1.5, beste: 2, besten: 2, besser: 1, sitzt: 1, 'genial*': 3, 'großartig*': 3, angekommen: 1, anders: -1, 'ausbaufähig': -1.5,
  'spitzenklasse': 3, 'einwandfrei': 3, 'problemlos': 2, 'pünktlich': 2, 'zügig': 2, 'beschrieben': 1, 'okay': 0.3,
  'meckern': -1, 'klagen': -1, 'problem*': -1.5,
  'schlecht*': -2, 'furchtbar*': -3, 'schrecklich*': -3, 'katastroph*': -3, mies: -2, 'miserabel*': -3, 'enttäusch*': -2.5,
  'ärger*': -2, 'langsam*': -1.5, 'verspät*': -2, kaputt: -2, 'defekt*': -2, 'beschädigt*': -2, zerbrochen: -2,
  fehlgeschlagen: -2, 'fehler*': -1.5, 'falsch*': -2, teuer: -1.5, teurer: -1.5, 'überteuert': -3, 'frechheit': -3,
  abzocke: -3, 'unfreundlich*': -2.5, 'unverschämt*': -3, 'umständlich*': -2, 'kompliziert*': -1.5, 'verwirr*': -2,
  'unübersichtlich*': -2, 'albtraum': -3, 'alptraum': -3, ewig: -1.5, 'dauert*': -0.7, gedauert: -0.7, 'warte*': -1,
  niemand: -1.5, leider: -1.5, stürzt: -2, 'abgestürzt': -2, 'absturz': -2, hängt: -1, billig: -1, labbrig: -2,
  'unbrauchbar*': -3, 'nervig*': -2, 'inakzeptabel*': -3, 'unzufrieden*': -2.5, 'mangel*': -2, 'mangelhaft*': -2.5,
  schade: -1.5, fehlt: -1, 'beschwer*': -1.5, 'verloren': -1.5, doppelt: -1, extra: -1, geworfen: -1, 'schlimm*': -2.5,
  'unmöglich*': -2, 'peinlich*': -2, 'katastrophal*': -3, 'verschwendung': -2.5, 'nie': 0, 'unfähig*': -3, 'müll': -3, 'schrott*': -3,
};

export const DE_NEGATORS = new Set(['nicht', 'kein', 'keine', 'keinen', 'keiner', 'keinem', 'keines', 'nie', 'niemals', 'nichts', 'ohne', 'kaum', 'weder']);
export const DE_INTENSIFIERS: Record<string, number> = {
  sehr: 1.5, total: 1.5, echt: 1.4, wirklich: 1.4, extrem: 1.7, absolut: 1.5, richtig: 1.3, ganz: 1.2, super: 1.5, mega: 1.5,
  ziemlich: 1.2, einfach: 1.3, äußerst: 1.7, besonders: 1.4, etwas: 0.6, bisschen: 0.6, leicht: 0.7, voll: 1.4, so: 1.3,
};
export const DE_CONTRAST = new Set(['aber', 'jedoch', 'allerdings', 'sondern', 'doch']);
export const DE_TOO = new Set(['zu']);
export const DE_IRREALIS = [['wäre'], ['wären'], ['sollte'], ['sollten'], ['könnte'], ['könnten']] as const;
