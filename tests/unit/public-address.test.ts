import { describe, expect, it } from 'vitest';
import { addressReach, isLoopbackHost } from '../../src/lib/domain/public-address';

describe('addressReach: can a phone open the links made with this public address?', () => {
	it('says no for the addresses of the server’s own computer (ORIGIN unset, or set to a loopback)', () => {
		for (const origin of [
			'http://localhost:3000',
			'http://127.0.0.1:4173',
			'https://localhost',
			'http://127.1.2.3',
			'http://[::1]:3000',
			'http://0.0.0.0:3000',
			'http://atlas.localhost',
			'http://LOCALHOST.:80',
			'http://[::ffff:127.0.0.1]:3000'
		]) {
			expect(addressReach(origin), origin).toBe('this_computer');
		}
	});
	it('says phones open it but cannot work offline for plain http on a real address', () => {
		expect(addressReach('http://192.168.1.20:3000')).toBe('no_https');
		expect(addressReach('http://atlas.exemple.fr')).toBe('no_https');
	});
	it('says yes for https on a real name or address', () => {
		expect(addressReach('https://atlas.exemple.fr')).toBe('phones');
		expect(addressReach('https://10.0.0.5:8443')).toBe('phones');
	});
	it('does not take a name that only starts like a loopback for one', () => {
		expect(isLoopbackHost('localhost.exemple.fr')).toBe(false);
		expect(isLoopbackHost('127.0.0.1.nip.io')).toBe(false);
		expect(isLoopbackHost('128.0.0.1')).toBe(false);
	});
	it('treats something that is not an address as unreachable', () => {
		expect(addressReach('not an address')).toBe('this_computer');
	});
});
