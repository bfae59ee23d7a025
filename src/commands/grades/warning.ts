/**
 * A warning told among a verb's notes, where it falls among them (after the data, only without
 * --json): the text `ctx.out.warn` prints, without its colour.
 */
export const warning = (text: string): string => `warning: ${text}`;
