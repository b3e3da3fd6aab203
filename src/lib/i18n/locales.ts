/**
 * The languages of the app and how each is carried. Shared by the browser, the server and the
 * command line (no DOM, no Node here).
 *
 * French is the default everywhere, also for a browser set to English: the census, its sheets and
 * its partners (town halls, communities of communes, the Park) are French, so an app that opened
 * in English by guess would puzzle the many French volunteers on an English-language phone. English
 * is chosen explicitly, on « Cet appareil ».
 */

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

/**
 * The tag given to Intl for each language. English is British English: days are written
 * day/month/year (28/11/2026) as in French, times on 24 hours, so a date reads the same in both.
 */
export const INTL_TAG: Readonly<Record<Locale, string>> = { fr: 'fr-FR', en: 'en-GB' };

/**
 * The cookie that tells the server the person's language (set by the browser whenever the language
 * is applied, read by the server for its messages and files). A cookie rather than a header: it
 * also travels with plain navigations such as the download of an export.
 */
export const LOCALE_COOKIE = 'atlas_lang';

/** Where the browser keeps the choice (localStorage: synchronous at start, survives updates and reloads). */
export const LOCALE_STORAGE_KEY = 'atlas.locale';

export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * The language named by a cookie value or a POSIX locale ("en", "en_GB.UTF-8", "fr-FR"); null for
 * anything else (C, POSIX, another language, empty).
 */
export function parseLocale(value: string | null | undefined): Locale | null {
	if (!value) return null;
	const lang = /^([a-z]{2})(?:[-_.@]|$)/i.exec(value.trim())?.[1]?.toLowerCase();
	return isLocale(lang) ? lang : null;
}

/**
 * The command line's language: ATLAS_LANG, else the terminal's (LC_ALL, LC_MESSAGES, LANG, in
 * POSIX order: the first one set decides), else French.
 */
export function localeFromEnv(env: Readonly<Record<string, string | undefined>>): Locale {
	const explicit = parseLocale(env.ATLAS_LANG);
	if (explicit) return explicit;
	const posix = env.LC_ALL || env.LC_MESSAGES || env.LANG;
	return parseLocale(posix) ?? DEFAULT_LOCALE;
}
