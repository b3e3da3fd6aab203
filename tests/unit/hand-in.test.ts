/** What the screen after « Terminer la fiche » says about where the sheet is (domain/hand-in.ts). */
import { describe, expect, it } from 'vitest';
import { deliveryOf, photosWaiting, type DeliveryFacts } from '$lib/domain/hand-in';

const base: DeliveryFacts = { pending: true, refused: false, online: true, signedIn: true, lastFailure: null };

describe('where a finished sheet is', () => {
	it('is sent only once no edit of it waits in the outbox, whatever the network', () => {
		expect(deliveryOf({ ...base, pending: false })).toBe('sent');
		expect(deliveryOf({ ...base, pending: false, online: false })).toBe('sent');
		expect(deliveryOf({ ...base, pending: false, refused: true })).toBe('refused');
	});

	it('is on its way while online, joined and nothing failed', () => {
		expect(deliveryOf(base)).toBe('sending');
	});

	it('waits for the network when the browser has none, or when the last try found none', () => {
		expect(deliveryOf({ ...base, online: false })).toBe('waiting_network');
		expect(deliveryOf({ ...base, lastFailure: 'offline' })).toBe('waiting_network');
	});

	it('waits for the device to join (or rejoin) before anything can leave', () => {
		expect(deliveryOf({ ...base, signedIn: false })).toBe('waiting_join');
		expect(deliveryOf({ ...base, signedIn: false, online: false })).toBe('waiting_join');
		expect(deliveryOf({ ...base, lastFailure: 'unauthenticated' })).toBe('waiting_join');
	});

	it('says the app tries again when the server failed while online', () => {
		expect(deliveryOf({ ...base, lastFailure: 'server' })).toBe('retrying');
	});

	it("counts the sheet's photos still waiting on the device, each once", () => {
		expect(photosWaiting(['a', 'b', 'c', 'a'], new Set(['a', 'c', 'z']))).toBe(2);
		expect(photosWaiting([], new Set(['a']))).toBe(0);
	});
});
