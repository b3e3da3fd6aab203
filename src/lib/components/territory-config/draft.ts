/**
 * The territory as the coordinator edits it before saving: its name, its CDC and its extra
 * communes (with their names, to show them). Pure functions: the screen keeps one Draft in state
 * and replaces it with each change.
 */
import type { CdcChoice, CommuneChoice, ConfigView } from '$lib/schemas/territory-config';

export interface Draft {
	name: string;
	cdcs: CdcChoice[];
	communes: CommuneChoice[];
}

export function draftOf(view: ConfigView): Draft {
	return { name: view.config.name, cdcs: view.cdcs, communes: view.communes };
}

/**
 * How many CDC and communes the territory holds, as the server resolves it: the communes of the
 * CDC and the extra communes, each counted once.
 */
export function sizeOf(draft: Draft): { cdcs: number; communes: number } {
	const communes = new Set<string>();
	for (const cdc of draft.cdcs) for (const insee of cdc.communes) communes.add(insee);
	for (const c of draft.communes) communes.add(c.insee);
	return { cdcs: draft.cdcs.length, communes: communes.size };
}

/** The chosen CDC that already holds this commune (an extra commune then adds nothing). */
export function cdcHolding(draft: Draft, insee: string): CdcChoice | undefined {
	return draft.cdcs.find((cdc) => cdc.communes.includes(insee));
}

export function hasCdc(draft: Draft, siren: string): boolean {
	return draft.cdcs.some((c) => c.siren === siren);
}

export function hasCommune(draft: Draft, insee: string): boolean {
	return draft.communes.some((c) => c.insee === insee);
}

export function addCdc(draft: Draft, cdc: CdcChoice): Draft {
	return hasCdc(draft, cdc.siren) ? draft : { ...draft, cdcs: [...draft.cdcs, cdc] };
}

export function removeCdc(draft: Draft, siren: string): Draft {
	return { ...draft, cdcs: draft.cdcs.filter((c) => c.siren !== siren) };
}

export function addCommune(draft: Draft, commune: CommuneChoice): Draft {
	return hasCommune(draft, commune.insee) ? draft : { ...draft, communes: [...draft.communes, commune] };
}

export function removeCommune(draft: Draft, insee: string): Draft {
	return { ...draft, communes: draft.communes.filter((c) => c.insee !== insee) };
}

/** What the server would be sent; the name trimmed as the server keeps it. */
export function requestOf(draft: Draft): { name: string; cdc: string[]; communes: string[] } {
	return { name: draft.name.trim(), cdc: draft.cdcs.map((c) => c.siren), communes: draft.communes.map((c) => c.insee) };
}

/** Why the draft cannot be saved, or null. */
export function problemOf(draft: Draft): 'name_empty' | 'name_long' | 'empty' | null {
	const name = draft.name.trim();
	if (name === '') return 'name_empty';
	if (name.length > 200) return 'name_long';
	if (draft.cdcs.length === 0 && draft.communes.length === 0) return 'empty';
	return null;
}

/** Same name, CDC and communes (order aside): nothing to save. */
export function sameDraft(a: Draft, b: Draft): boolean {
	const x = requestOf(a);
	const y = requestOf(b);
	const same = (p: string[], q: string[]) => p.length === q.length && [...p].sort().join() === [...q].sort().join();
	return x.name === y.name && same(x.cdc, y.cdc) && same(x.communes, y.communes);
}
