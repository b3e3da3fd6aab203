/**
 * The message catalogue and the current language: every text a person sees comes from here (no
 * literals in components).
 *
 * French is the reference language and ships with every page; English (same keys, checked by the
 * compiler and tests/unit/i18n-catalogue.test.ts) is loaded when chosen, so French users do not
 * download it. Messages may hold `{name}` placeholders, filled from `params`; plural forms are
 * separate keys (`key.one` / `key.other`) chosen by `tn()` with the language's plural rule.
 *
 * Which language is current:
 * - in the browser, the one chosen on « Cet appareil » (./choice.ts applies it at start). It is kept
 *   in a reactive map, so every template that called t() re-renders when it changes, and what is
 *   being typed stays where it is;
 * - on the server, the language of the person behind the request (./request-locale.server.ts
 *   installs that source);
 * - on the command line, the terminal's (./locales.ts localeFromEnv).
 */
import { SvelteMap } from 'svelte/reactivity';
import type { fr } from './fr';
import frenchCore from './french-core';
import { DEFAULT_LOCALE, INTL_TAG, type Locale } from './locales';
import { cachedIntl } from './intl';

export type MessageKey = keyof typeof fr;
export type Params = Record<string, string | number>;
export type Catalogue = Readonly<Record<string, string>>;

/**
 * French: all of it on the server, the command line and in tests; in the browser the core part
 * (./french-core.ts, swapped by vite.message-parts.ts), the other parts being added by
 * ./message-parts.ts before the screens that use them.
 */
const french: Record<string, string> = { ...frenchCore };
const catalogues: Partial<Record<Locale, Catalogue>> = { fr: french };

/** Languages loaded on demand (a chunk each; the service worker precaches it for offline use). */
const loaders: Readonly<Record<Exclude<Locale, 'fr'>, () => Promise<Catalogue>>> = {
	en: () => import('./en').then((m) => m.en)
};

/**
 * The language chosen in this process. A SvelteMap: reading it in a template or `$derived` makes
 * that place follow the language (a plain Map on the server, where nothing re-renders).
 */
const chosen = new SvelteMap<'locale', Locale>([['locale', DEFAULT_LOCALE]]);

/** Where the language comes from when not from `chosen` (the server: each request's own). */
let source: (() => Locale) | null = null;

export function getLocale(): Locale {
	return source ? source() : (chosen.get('locale') ?? DEFAULT_LOCALE);
}

/** The Intl tag of the current language ("fr-FR", "en-GB"). */
export function intlTag(): string {
	return INTL_TAG[getLocale()];
}

/** Adds French messages loaded on demand (./message-parts.ts). */
export function addFrench(messages: Catalogue): void {
	Object.assign(french, messages);
}

/** Makes `messages` the catalogue of `locale` (the server and the CLI register English at start). */
export function registerCatalogue(locale: Locale, messages: Catalogue): void {
	catalogues[locale] = messages;
}

export function isLoaded(locale: Locale): boolean {
	return catalogues[locale] !== undefined;
}

/** Loads the catalogue of `locale` if it is not there yet. */
export async function loadLocale(locale: Locale): Promise<void> {
	if (locale === 'fr' || catalogues[locale]) return;
	catalogues[locale] = await loaders[locale]();
}

/** Makes `locale` current in this process, once its catalogue is loaded. */
export async function switchLocale(locale: Locale): Promise<void> {
	await loadLocale(locale);
	if (chosen.get('locale') !== locale) chosen.set('locale', locale);
}

/** Lets the server answer each request in its own language (null: back to `chosen`). */
export function setLocaleSource(fn: (() => Locale) | null): void {
	source = fn;
}

/** The message of `key` in the current language (French if that language lacks it, the key if both do). */
function lookup(key: string): string | undefined {
	return catalogues[getLocale()]?.[key] ?? french[key];
}

export function t(key: MessageKey, params?: Params): string {
	return fill(lookup(key) ?? key, params);
}

/** A key built from a domain id (`category.${id}`); falls back to the id itself if unknown. */
export function label(prefix: string, id: string | number | null | undefined): string {
	if (id === null || id === undefined || id === '') return '';
	return lookup(`${prefix}.${id}`) ?? String(id);
}

/** Whether the catalogue has `key` (every language has the same keys). */
export function hasMessage(key: string): boolean {
	return key in french;
}

/**
 * Plural: `${base}.one` or `${base}.other` by the language's rule (Intl.PluralRules: French says
 * "one" for 0 and 1, English for 1 only); `{count}` is the number written in that language.
 * Languages' other categories ("many": French for millions) use `.other`.
 */
export function tn(base: string, count: number, params?: Params): string {
	const rules = cachedIntl('plural', intlTag(), undefined, (tag) => new Intl.PluralRules(tag));
	const key = `${base}.${rules.select(count) === 'one' ? 'one' : 'other'}`;
	return fill(lookup(key) ?? key, { count: formatCount(count), ...params });
}

/** A whole number as the language writes it: "1 234" (narrow space) in French, "1,234" in English. */
export function formatCount(n: number): string {
	return cachedIntl('number', intlTag(), undefined, (tag) => new Intl.NumberFormat(tag)).format(n);
}

function fill(message: string, params?: Params): string {
	if (!params) return message;
	return message.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}
