/** The coordinator's home: figures per review state, the first-run checklist, each role's landing. */
import { describe, expect, it } from 'vitest';
import { countSheet, emptyStatusCounts, setupDone, setupState } from '$lib/domain/progress';
import { homePath } from '$lib/domain/landing';
import { reviewRank } from '$lib/domain/listing';

describe('sheets per review state', () => {
	it('counts each live sheet under its state, never a deleted one nor an unknown state', () => {
		const counts = emptyStatusCounts();
		for (const values of [
			{ status: 'brouillon' },
			{ status: 'soumis' },
			{ status: 'soumis' },
			{ status: 'valide', deleted: false },
			{ status: 'a_corriger', deleted: true },
			{ status: 'n_importe' },
			{}
		])
			countSheet(counts, values);
		expect(counts).toEqual({ brouillon: 1, soumis: 2, valide: 1, a_corriger: 0, archive: 0 });
	});
});

describe('first-run checklist', () => {
	const none = { territoryChosen: false, people: [], invitations: [] };

	it('starts with nothing done (the coordinator alone does not count as a volunteer or a mairie)', () => {
		const state = setupState({ ...none, people: [{ role: 'coordinateur', revokedAt: null }] });
		expect(state).toEqual({ territory: false, volunteer: false, mairies: false });
		expect(setupDone(state)).toBe(false);
	});

	it('ticks a role once a link was made for it or someone of it joined; a cancelled link or a revoked person does not count', () => {
		expect(setupState({ ...none, invitations: [{ role: 'benevole', revokedAt: null }] }).volunteer).toBe(true);
		expect(setupState({ ...none, people: [{ role: 'mairie', revokedAt: null }] }).mairies).toBe(true);
		expect(setupState({ ...none, invitations: [{ role: 'mairie', revokedAt: '2026-11-28T10:00:00Z' }] }).mairies).toBe(false);
		expect(setupState({ ...none, people: [{ role: 'benevole', revokedAt: '2026-11-28T10:00:00Z' }] }).volunteer).toBe(false);
	});

	it('is done when the three steps are', () => {
		const state = setupState({
			territoryChosen: true,
			people: [{ role: 'benevole', revokedAt: null }],
			invitations: [{ role: 'mairie', revokedAt: null }]
		});
		expect(state).toEqual({ territory: true, volunteer: true, mairies: true });
		expect(setupDone(state)).toBe(true);
	});
});

describe('each role’s home', () => {
	it('a mairie lands on her commune’s sheets, the others on the home', () => {
		expect(homePath('mairie')).toBe('/commune');
		expect(homePath('benevole')).toBe('/');
		expect(homePath('coordinateur')).toBe('/');
		expect(homePath(null)).toBe('/');
	});

	it('a review list puts what awaits a decision first', () => {
		const order = (['valide', 'archive', 'a_corriger', 'soumis'] as const).slice().sort((a, b) => reviewRank(a) - reviewRank(b));
		expect(order).toEqual(['soumis', 'a_corriger', 'valide', 'archive']);
	});
});
