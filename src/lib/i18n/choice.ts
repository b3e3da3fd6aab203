/**
 * The language chosen on this device (browser only).
 *
 * Kept in localStorage: read synchronously before the first screen, offline, and untouched by an
 * app update (the service worker replaces code, never the origin's storage). Applying it loads the
 * catalogue, switches the reactive language of ./core.ts (screens re-render in place: what is being
 * typed stays), sets <html lang> (screen readers, hyphenation) and the cookie the server reads
 * (./locales.ts LOCALE_COOKIE). The cookie is written again at every start, so it follows the
 * stored choice even if the browser dropped it or it aged out.
 */
import { getLocale, switchLocale } from './core';
import { DEFAULT_LOCALE, LOCALE_COOKIE, LOCALE_STORAGE_KEY, parseLocale, type Locale } from './locales';

/** Browsers cap a cookie's life at 400 days; it is renewed at each start anyway. */
const COOKIE_MAX_AGE = 400 * 24 * 3600;

export function storedLocale(): Locale {
	try {
		return parseLocale(localStorage.getItem(LOCALE_STORAGE_KEY)) ?? DEFAULT_LOCALE;
	} catch {
		return DEFAULT_LOCALE; // storage blocked by the browser's settings
	}
}

async function apply(locale: Locale): Promise<void> {
	await switchLocale(locale);
	document.documentElement.lang = locale;
	const secure = location.protocol === 'https:' ? '; Secure' : '';
	document.cookie = `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=${COOKIE_MAX_AGE}; SameSite=Lax${secure}`;
}

/**
 * At start (hooks.client.ts init, before the first screen renders): the stored language. Another
 * tab that changes it is followed.
 */
export async function applyStoredLocale(): Promise<void> {
	try {
		await apply(storedLocale());
	} catch {
		// The language's file could not load (a damaged cache): French rather than no app.
		await apply(DEFAULT_LOCALE);
	}
	window.addEventListener('storage', (e) => {
		if (e.key !== LOCALE_STORAGE_KEY) return;
		const next = parseLocale(e.newValue) ?? DEFAULT_LOCALE;
		if (next !== getLocale()) void apply(next).catch(() => undefined);
	});
}

/** The person's choice: applied at once, then kept. Throws (nothing changed) if it cannot load. */
export async function chooseLocale(locale: Locale): Promise<void> {
	await apply(locale);
	try {
		localStorage.setItem(LOCALE_STORAGE_KEY, locale);
	} catch {
		// storage refused (private browsing, full): the choice holds until the page is closed
	}
}
