/** Phone numbers and e-mails as links (domain/contact-links.ts). */
import { describe, expect, it } from 'vitest';
import { mailHref, telHref } from '$lib/domain/contact-links';

describe('telHref', () => {
	it('keeps the digits of a number written with spaces, dots or dashes', () => {
		expect(telHref('02 33 25 00 00')).toBe('tel:0233250000');
		expect(telHref(' 02.33.25.00.00 ')).toBe('tel:0233250000');
		expect(telHref('06-12-34-56-78')).toBe('tel:0612345678');
	});

	it('keeps the + of an international number and drops the French (0)', () => {
		expect(telHref('+33 2 33 25 00 00')).toBe('tel:+33233250000');
		expect(telHref('+33 (0)2 33 25 00 00')).toBe('tel:+33233250000');
	});

	it('gives no link for a text that is not a number', () => {
		expect(telHref('voir la mairie')).toBeNull();
		expect(telHref('02 33 25 00 00 (le soir)')).toBeNull();
		expect(telHref('12')).toBeNull();
		expect(telHref('')).toBeNull();
	});
});

describe('mailHref', () => {
	it('links one address', () => {
		expect(mailHref('asso@example.org')).toBe('mailto:asso@example.org');
		expect(mailHref(' moulin.preaux@orange.fr ')).toBe('mailto:moulin.preaux@orange.fr');
	});

	it('gives no link for a text that is not one address', () => {
		expect(mailHref('asso at example.org')).toBeNull();
		expect(mailHref('a@b.fr, c@d.fr')).toBeNull();
		expect(mailHref('asso@example')).toBeNull();
		expect(mailHref('')).toBeNull();
	});
});
