// The words a survey comment is read into. Apart from the schemas so the viewer can list
// them without bundling zod (the viewer imports contract/schemas for types only).
export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;
export const COMMENT_THEMES = ['delivery', 'price', 'checkout', 'support', 'product', 'website', 'returns'] as const;
