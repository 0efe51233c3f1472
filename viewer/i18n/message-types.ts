// The shape of the message catalogue. English is written `as const` and is the
// source of truth; every other language is a Translation of it, so a missing or
// extra key, or a plural where English has plain text, fails the type check.

/** One text per Intl.PluralRules category; `other` is always needed. */
export type PluralForms = { readonly [C in Intl.LDMLPluralRule]?: string } & { readonly other: string };

export type Message = string | PluralForms;

export type Translation<T extends Record<string, Message>> = { readonly [K in keyof T]: T[K] extends string ? string : PluralForms };

/** The `{name}` placeholders of a message, from its English literal type. */
type Placeholders<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | Placeholders<Rest> : never;

/** What a message needs filled in: its placeholders; a plural message also needs `count`. */
export type ParamsOf<M, V> = M extends string
  ? [Placeholders<M>] extends [never]
    ? never
    : Record<Placeholders<M>, V>
  : M extends PluralForms
    ? { count: number } & Record<Exclude<Placeholders<M[keyof M]>, 'count'>, V>
    : never;
