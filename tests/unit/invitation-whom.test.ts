import { describe, expect, it } from 'vitest';
import { invitationWhom } from '$lib/components/team/format';

const NAMES: Record<string, string> = { '61309': 'Perche en Nocé', '61207': 'Igé', '61246': 'Le Mage', '61999': 'Les Menus', '61079': 'Ceton' };
const name = (insee: string) => NAMES[insee] ?? insee;

describe('invitationWhom: for whom an invitation card says it is', () => {
	it('names the role of volunteers and the coordination', () => {
		expect(invitationWhom('benevole', [], name)).toBe('Bénévole');
		expect(invitationWhom('coordinateur', [], name)).toBe('Coordination');
	});
	it('names a mairie by its commune, in French (« d’ » before a vowel, « du », « des »)', () => {
		expect(invitationWhom('mairie', ['61309'], name)).toBe('Mairie de Perche en Nocé');
		expect(invitationWhom('mairie', ['61207'], name)).toBe('Mairie d’Igé');
		expect(invitationWhom('mairie', ['61246'], name)).toBe('Mairie du Mage');
		expect(invitationWhom('mairie', ['61999'], name)).toBe('Mairie des Menus');
	});
	it('lists the communes of a mairie that has several', () => {
		expect(invitationWhom('mairie', ['61309', '61079'], name)).toBe('Mairie pour Perche en Nocé, Ceton');
	});
});
