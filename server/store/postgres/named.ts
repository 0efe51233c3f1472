// Named parameters (@siteId) for statements that share a filter's many values, as the
// SQLite modules write them: turned once into PostgreSQL's $1..$n, so a statement and
// the object it reads its values from cannot fall out of step.
export interface Named<P> {
  text: string;
  /** The statement's values, in $n order, taken from `p`. */
  values(p: P): unknown[];
}

export function named<P extends object>(text: string): Named<P> {
  const names: string[] = [];
  // `::` casts are left alone: only an @ before a name marks a parameter.
  const out = text.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    let i = names.indexOf(name);
    if (i < 0) i = names.push(name) - 1;
    return `$${i + 1}`;
  });
  return {
    text: out,
    values(p) {
      return names.map((name) => {
        const v = (p as Record<string, unknown>)[name];
        if (v === undefined) throw new Error(`statement parameter @${name} has no value`);
        return v;
      });
    },
  };
}
