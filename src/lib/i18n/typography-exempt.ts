/**
 * French messages left out of the French typography check and fix (domain/french-typography):
 * each is written in French AND English on purpose, and English puts no space before « : ».
 * - cli.usage: the command line's help, for an operator who may read either language.
 */
export const TYPOGRAPHY_EXEMPT_KEYS: readonly string[] = ['cli.usage'];
