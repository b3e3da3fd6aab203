/**
 * Whether the links the server hands out (invitations, QR codes, first-run link) can be opened from
 * a volunteer's phone, judged from the public address they are made with (ORIGIN, else the server's
 * own http://localhost:PORT).
 *
 * - `this_computer`: a loopback address (localhost, 127.x.x.x, ::1, 0.0.0.0): it names the phone
 *   itself on the phone, so the link leads nowhere.
 * - `no_https`: another address over plain http: a phone opens it, but the browser runs no service
 *   worker there (no installation, no offline use, which is the point of the app).
 * - `phones`: https on a real name: everything works.
 */
export type AddressReach = 'phones' | 'this_computer' | 'no_https';

export function addressReach(origin: string): AddressReach {
	let url: URL;
	try {
		url = new URL(origin);
	} catch {
		// Not an address at all: no phone can open it either.
		return 'this_computer';
	}
	if (isLoopbackHost(url.hostname)) return 'this_computer';
	return url.protocol === 'https:' ? 'phones' : 'no_https';
}

/** `hostname` as URL gives it (IPv6 between brackets, lowercase). */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	if (host === '[::1]' || host === '[::]' || host === '0.0.0.0') return true;
	// IPv4-mapped IPv6 loopback, as URL writes it: [::ffff:7f00:1].
	if (/^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(host)) return true;
	return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
