/**
 * A point is written the same unambiguous way on every screen: « 48,4500 N · 0,8100 E » — four
 * decimals, the language's decimal mark, a direction letter instead of a sign (O for ouest in
 * French, W in English), a middle dot between latitude and longitude.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { formatPoint as writePoint, type PointWords } from '$lib/domain/geo';
import { formatDistance, formatPoint, switchLocale } from '$lib/i18n';

const NBSP = '\u00a0';
const FR: PointWords = { decimal: ',', north: 'N', south: 'S', east: 'E', west: 'O' };

afterEach(async () => {
	await switchLocale('fr');
});

describe('the point formatter (domain)', () => {
	it('writes four decimals, direction letters and a middle dot', () => {
		expect(writePoint(48.45, 0.81, FR)).toBe(`48,4500${NBSP}N · 0,8100${NBSP}E`);
		expect(writePoint(48.452134, 0.812749, FR)).toBe(`48,4521${NBSP}N · 0,8127${NBSP}E`);
	});

	it('writes the letter of the hemisphere instead of a minus sign', () => {
		expect(writePoint(48.3, -1.25, FR)).toBe(`48,3000${NBSP}N · 1,2500${NBSP}O`);
		expect(writePoint(-21.1151, 55.5364, FR)).toBe(`21,1151${NBSP}S · 55,5364${NBSP}E`);
	});

	it('never writes a south or west letter for a value that rounds to zero', () => {
		expect(writePoint(-0.00001, -0.00004, FR)).toBe(`0,0000${NBSP}N · 0,0000${NBSP}E`);
		expect(writePoint(0, 0, FR)).toBe(`0,0000${NBSP}N · 0,0000${NBSP}E`);
	});

	it('keeps the number and its letter together (a non-breaking space), so a line never breaks between them', () => {
		const text = writePoint(48.45, 0.81, FR);
		expect(text.split(' ')).toEqual([`48,4500${NBSP}N`, '·', `0,8100${NBSP}E`]);
	});
});

describe('the point as the app shows it (i18n)', () => {
	it('in French: decimal comma, O for ouest', () => {
		expect(formatPoint(48.45, 0.81)).toBe(`48,4500${NBSP}N · 0,8100${NBSP}E`);
		expect(formatPoint(48.45, -0.81)).toBe(`48,4500${NBSP}N · 0,8100${NBSP}O`);
	});

	it('in English: decimal point, W for west', async () => {
		await switchLocale('en');
		expect(formatPoint(48.45, -0.81)).toBe(`48.4500${NBSP}N · 0.8100${NBSP}W`);
	});

	it('writes a distance on the ground in metres under a kilometre, else in kilometres with one decimal', async () => {
		expect(formatDistance(2304)).toBe(`2,3${NBSP}km`);
		expect(formatDistance(347)).toBe(`350${NBSP}m`);
		expect(formatDistance(3)).toBe(`10${NBSP}m`);
		await switchLocale('en');
		expect(formatDistance(2304)).toBe(`2.3${NBSP}km`);
	});
});
