// Every shape that crosses the HTTP boundary, as zod schemas, split by resource; the
// recorder, the server and the viewer all take them from here. The types the code uses
// are inferred from them, so a schema and its type share a name. Every string, array
// and number is bounded: these are public endpoints.
export * from './primitives.ts';
export * from './recording.ts';
export * from './access.ts';
export * from './sessions.ts';
export * from './surveys.ts';
export * from './privacy.ts';
export * from './assets.ts';
export * from './notes.ts';
