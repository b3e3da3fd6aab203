/**
 * The one i18n layer: messages (./core.ts) and locale-aware formatting (./format.ts), in the
 * current language. French is the default; English is complete (tests/unit/i18n-catalogue.test.ts).
 * The browser applies the person's choice with ./choice.ts; the server answers in the language of
 * each request with ./request-locale.server.ts.
 */
export {
	t,
	tn,
	label,
	hasMessage,
	formatCount,
	getLocale,
	intlTag,
	isLoaded,
	loadLocale,
	switchLocale,
	registerCatalogue,
	setLocaleSource,
	type MessageKey,
	type Params,
	type Catalogue
} from './core';
export {
	formatNumber,
	formatBytes,
	formatPercent,
	formatList,
	formatDay,
	formatTime,
	formatDateTime,
	formatWait,
	formatAmount,
	amountInput,
	formatCoordinate,
	formatPoint,
	formatDistance
} from './format';
export { LOCALES, DEFAULT_LOCALE, isLocale, type Locale } from './locales';
