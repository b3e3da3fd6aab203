/**
 * The server speaks the language of the person behind each request: API error messages (the
 * http.ts funnel), the error page, exports. The carrier is the `atlas_lang` cookie, which the
 * browser writes whenever it applies the language chosen on « Cet appareil » (./choice.ts); no
 * cookie, or an unknown value, means French (Accept-Language is not read: French is the default
 * even for a browser in English, see ./locales.ts).
 *
 * Work that runs after the request has been answered — an export stream pulled by the download —
 * has no request any more: `inLocale` carries the request's language into each step of it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { getRequestEvent } from '$app/server';
import { registerCatalogue, setLocaleSource, getLocale } from './core';
import { en } from './en';
import { DEFAULT_LOCALE, LOCALE_COOKIE, parseLocale, type Locale } from './locales';

const scoped = new AsyncLocalStorage<Locale>();

/** The language of the current request (or of the `withLocale` scope), French otherwise. */
export function requestLocale(): Locale {
	const inScope = scoped.getStore();
	if (inScope) return inScope;
	try {
		return parseLocale(getRequestEvent().cookies.get(LOCALE_COOKIE)) ?? DEFAULT_LOCALE;
	} catch {
		return DEFAULT_LOCALE; // outside any request (start-up, a timer)
	}
}

/** Installed once by hooks.server.ts: from then on every t() on the server follows the request. */
export function speakRequestLanguage(): void {
	registerCatalogue('en', en);
	setLocaleSource(requestLocale);
}

export function withLocale<T>(locale: Locale, fn: () => T): T {
	return scoped.run(locale, fn);
}

/**
 * `source` with each step run in the language current now (call it while the request is being
 * handled): labels chosen lazily, as each chunk is pulled, stay in the person's language.
 */
export function inLocale<T>(source: AsyncIterable<T>, locale: Locale = getLocale()): AsyncIterable<T> {
	return {
		[Symbol.asyncIterator]() {
			const it = source[Symbol.asyncIterator]();
			return {
				next: () => withLocale(locale, () => it.next()),
				return: (value?: unknown) => withLocale(locale, async () => (it.return ? it.return(value) : { done: true as const, value: undefined as never }))
			};
		}
	};
}
