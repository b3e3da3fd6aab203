/**
 * The kind of device behind a session, in French, for the team screen and the sheets' history
 * (shared by components and server code).
 */
import { t } from './index';

/**
 * "Firefox sur Android" from a user-agent string: enough for a coordinator to tell a volunteer's
 * phone from their computer, and a history reader the kind of device — never its full signature
 * (phone model, versions). Order matters: Edge and Samsung Internet also claim Chrome and Safari.
 */
export function deviceName(userAgent: string): string {
	const ua = userAgent;
	const browser = /Edg\//.test(ua)
		? 'Edge'
		: /SamsungBrowser\//.test(ua)
			? 'Samsung Internet'
			: /(Firefox|FxiOS)\//.test(ua)
				? 'Firefox'
				: /OPR\//.test(ua)
					? 'Opera'
					: /(Chrome|CriOS|Chromium)\//.test(ua)
						? 'Chrome'
						: /Safari\//.test(ua)
							? 'Safari'
							: null;
	const os = /iPhone/.test(ua)
		? 'iPhone'
		: /iPad/.test(ua)
			? 'iPad'
			: /Android/.test(ua)
				? 'Android'
				: /Windows/.test(ua)
					? 'Windows'
					: /Mac OS X|Macintosh/.test(ua)
						? 'Mac'
						: /CrOS/.test(ua)
							? 'ChromeOS'
							: /Linux/.test(ua)
								? 'Linux'
								: null;
	if (browser && os) return t('team.device.browser_on', { browser, os });
	return browser ?? os ?? t('team.device.unknown');
}
