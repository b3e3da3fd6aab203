/**
 * Sync mutations for the fuzz test: invalid ones (each refused alone by the server, whatever the
 * role), well-formed ones the pushing person has no right to make (refused as 'forbidden'), and
 * the legitimate ones the storm mixes in. The product's own field schemas are the oracle that an
 * "invalid" value really is invalid.
 */
import * as v from 'valibot';
import { FIELD_SCHEMAS, isValidField } from '../../../src/lib/schemas/sheet';
import { FIELD_NAMES } from '../../../src/lib/domain/sheet';
import { COMMENT_MAX } from '../../../src/lib/domain/review';
import { deepArray, deepObject, hostileString, longString, MB, objectText, ODD_NUMBERS, str, unmatchable, type Frag } from './payloads';
import type { Rng } from './rng';
import type { Member, World } from './world';

let counter = 0;
/** A well-formed stamp, now (the server clamps future ones: never used to win). */
export function freshHlc(node = 'fuzz'): string {
	counter = (counter + 1) % 0xffff;
	return `${new Date().toISOString()}-${counter.toString(16).padStart(4, '0')}-${node}`;
}

const change = (value: Frag, hlc = str(freshHlc())) =>
	objectText([
		['v', value],
		['hlc', hlc]
	]);

/** Values the product's schema refuses for `field` (JSON text). */
function invalidValue(field: string, r: Rng): Frag {
	const candidates: Frag[] = [
		'42',
		'true',
		'{}',
		'[1]',
		'"' + 'x'.repeat(10_001) + '"',
		str(unmatchable(r)),
		r.pick(ODD_NUMBERS),
		'[{"id":"x","label":1}]',
		'{"lat":"48","lon":0.7,"accuracy":null,"source":"gps","at":"x"}',
		'{"lat":1e999,"lon":0.7,"accuracy":5,"source":"gps","at":"2026-01-01T00:00:00.000Z"}',
		'{"lat":48.3,"lon":0.7,"accuracy":1e999,"source":"gps","at":"2026-01-01T00:00:00.000Z"}',
		JSON.stringify(['janvier', unmatchable(r)]),
		deepArray(),
		deepObject()
	];
	const schema = (FIELD_SCHEMAS as Record<string, v.GenericSchema>)[field];
	for (let i = 0; i < 20; i++) {
		const raw = r.pick(candidates);
		// Always JSON (a broken fragment would make the whole push a 400, not this mutation refused).
		const parsed: unknown = JSON.parse(raw);
		if (!schema || !v.is(schema, parsed)) return raw;
	}
	return deepObject();
}

/** A valid value for a few fields (used beside an invalid part, or on a sheet one may not edit). */
function validPart(r: Rng): Frag {
	return str(hostileString(r).slice(0, 200));
}

export type InvalidKind =
	'record-id' | 'fields-type' | 'unknown-field' | 'long-field-name' | 'bad-value' | 'bad-hlc' | 'bad-comment' | 'huge-value' | 'comment-alone-new';

/** One mutation the server must refuse as 'invalid' (JSON text), on `recordId` unless the kind changes it. */
export function invalidMutation(r: Rng, seq: number, recordId: string, allowHuge: boolean): { text: string; kind: InvalidKind } {
	const kinds: InvalidKind[] = [
		'record-id',
		'fields-type',
		'unknown-field',
		'long-field-name',
		'bad-value',
		'bad-value',
		'bad-hlc',
		'bad-comment',
		'comment-alone-new'
	];
	if (allowHuge) kinds.push('huge-value');
	const kind = r.pick(kinds);
	let id = str(recordId);
	let fields: Frag = objectText([['name', change(validPart(r))]]);
	let comments: Frag | null = null;
	switch (kind) {
		case 'record-id':
			id = str(unmatchable(r).slice(0, 200));
			break;
		case 'fields-type':
			fields = r.pick(['[]', '"name"', '42', 'null', 'true', deepArray(), '[{"name":{"v":"x","hlc":"y"}}]']);
			break;
		case 'unknown-field': {
			// Not __proto__/constructor/prototype: valibot skips those keys, so they make no mutation invalid.
			const name = r.pick(['__proto__x', 'createdBy', 'id', 'version', 'fields', 'mergedInto', unmatchable(r).slice(0, 40)]);
			fields = objectText([
				[name, change(validPart(r))],
				['notes', change(validPart(r))]
			]);
			break;
		}
		case 'long-field-name':
			fields = objectText([['n'.repeat(41 + r.int(100)), change('"x"')]]);
			break;
		case 'bad-value': {
			const field = r.pick(FIELD_NAMES);
			// The valid part first: with a duplicated key, JSON keeps the last one.
			fields = objectText([
				['address', change(validPart(r))],
				[field, change(invalidValue(field, r))]
			]);
			break;
		}
		case 'bad-hlc': {
			const hlc = r.pick([
				str(unmatchable(r).slice(0, 80)),
				'42',
				'null',
				'{}',
				str('2026-13-45T99:99:99.999Z-0000-x'),
				str(freshHlc().replace('Z-', 'Z+')),
				str(freshHlc('bad node!'))
			]);
			fields = objectText([['name', change(validPart(r), hlc)]]);
			break;
		}
		case 'bad-comment': {
			const comment = r.pick([
				objectText([
					['id', str('FuzzComment' + r.int(1e9))],
					['text', str('   ')],
					['at', str(new Date().toISOString())]
				]),
				objectText([
					['id', str('FuzzComment' + r.int(1e9))],
					['text', longString(COMMENT_MAX + 1 + r.int(5000))],
					['at', str(new Date().toISOString())]
				]),
				objectText([
					['id', str('FuzzComment' + r.int(1e9))],
					['text', str(hostileString(r) || 'x')],
					['at', str(unmatchable(r).slice(0, 40))]
				]),
				objectText([
					['id', str(unmatchable(r))],
					['text', str('x')],
					['at', str(new Date().toISOString())]
				]),
				objectText([
					['id', str('FuzzComment' + r.int(1e9))],
					['text', '42'],
					['at', str(new Date().toISOString())]
				]),
				objectText([
					['id', str('FuzzComment' + r.int(1e9))],
					['text', str('x')],
					['at', str(new Date().toISOString())],
					['status', str(unmatchable(r))]
				])
			]);
			comments = r.chance(0.1)
				? `[${Array.from({ length: 21 }, () =>
						objectText([
							['id', str('FuzzManyComments' + r.int(1e9))],
							['text', str('x')],
							['at', str(new Date().toISOString())]
						])
					).join(',')}]`
				: `[${comment}]`;
			break;
		}
		case 'comment-alone-new':
			// A comment on a sheet that does not exist (no fields to create it): refused.
			id = str('FuzzNoSuchSheet' + r.int(1e9));
			fields = '{}';
			comments = `[${objectText([
				['id', str('FuzzLoneComment' + r.int(1e9))],
				['text', str(hostileString(r) || 'x')],
				['at', str(new Date().toISOString())]
			])}]`;
			break;
		case 'huge-value':
			fields = objectText([['notes', change(longString(MB, r))]]);
			break;
	}
	const entries: [string, Frag][] = [
		['seq', String(seq)],
		['recordId', id],
		['fields', fields]
	];
	if (comments) entries.push(['comments', comments]);
	return { text: objectText(entries), kind };
}

/**
 * A well-formed mutation `who` may not make: another person's sheet, a commune out of reach, a
 * review decision it cannot take. Null when the role has none (the coordinator may do anything).
 */
export function forbiddenMutation(r: Rng, seq: number, who: Member, w: World): { text: string; kind: string } | null {
	const named = (fields: [string, Frag][]) => objectText(fields.map(([k, value]) => [k, change(value)]));
	const text = (recordId: string, fields: string, kind: string) => ({
		text: objectText([
			['seq', String(seq)],
			['recordId', str(recordId)],
			['fields', fields]
		]),
		kind
	});
	if (who === 'volunteer') {
		return r.pick([
			() =>
				text(
					r.pick(w.records.coordinator),
					named([
						['name', validPart(r)],
						['notes', validPart(r)]
					]),
					'edit-others-sheet'
				),
			() =>
				text(
					r.pick(w.records.mairieA),
					named([
						['commune', str(w.communes.mairieA)],
						['deleted', 'true']
					]),
					'delete-others-sheet'
				),
			() => text(r.pick(w.records.volunteer), named([['status', str(r.pick(['valide', 'archive']))]]), 'review-own-sheet')
		])();
	}
	if (who === 'otherMairie') {
		return r.pick([
			() => text(r.pick(w.records.volunteer), named([['name', validPart(r)]]), 'edit-sheet-of-another-commune'),
			() => text(r.pick(w.records.volunteer), named([['status', str('valide')]]), 'review-sheet-of-another-commune'),
			() =>
				text(
					'FuzzMairieNew' + r.int(1e9),
					named([
						['category', str('pressoir')],
						['name', validPart(r)],
						['commune', r.pick([str(w.communes.mairieA), 'null'])]
					]),
					'create-out-of-commune'
				),
			() => text(r.pick(w.records.coordinator), named([['notes', validPart(r)]]), 'edit-sheet-of-another-commune')
		])();
	}
	return null;
}

/**
 * Hostile text the product accepts in `field`, the product's own check as the oracle: a NUL is
 * refused in every text (the stores cannot both hold it), so such a draw is not legitimate.
 */
function acceptedText(field: 'name' | 'notes', make: () => string): string {
	for (let i = 0; i < 50; i++) {
		const text = make();
		if (isValidField(field, text)) return text;
	}
	throw new Error(`no valid ${field} drawn`);
}

/** A legitimate new sheet of the volunteer (hostile text, stored as text): the fields as sent. */
export function legitSheet(r: Rng, w: World): Record<string, unknown> {
	return {
		category: 'pressoir',
		name: acceptedText('name', () => `Légitime ${r.int(1e6)} ${hostileString(r)}`.slice(0, 200)),
		commune: w.communes.mairieA,
		notes: acceptedText('notes', () => hostileString(r)),
		worksWithoutMains: r.pick(['oui', 'non', 'inconnu'])
	};
}

export function legitMutation(seq: number, recordId: string, fields: Record<string, unknown>): string {
	return objectText([
		['seq', String(seq)],
		['recordId', str(recordId)],
		['fields', objectText(Object.entries(fields).map(([k, value]) => [k, change(JSON.stringify(value))]))]
	]);
}
