/** Checks of `validate` that may be left out, e.g. by a test suite that covers them elsewhere. */
export const SKIPPABLE_CHECKS = ['starter', 'known-answers', 'mutations'] as const;
export type SkippableCheck = (typeof SKIPPABLE_CHECKS)[number];
