import { createRequire } from 'node:module';

/**
 * A Node built-in module read when first needed rather than imported: an `import` of one is linked
 * at every start, and importing node:util by name builds every one of its exports.
 */
export const builtin = createRequire(import.meta.url) as <T = unknown>(id: string) => T;
