/**
 * The fuzz cases of every API route and method: who may call it, what a valid request does, the
 * shape of its body, query and path, and the hostile variants sent. `SPECS` must hold exactly the
 * routes and methods of src/routes/api (the test checks it both ways).
 *
 * Expectations:
 * - 'refuse': the answer must be a 4xx refusal in the funnel's shape (French message);
 * - 'answer': any answer below 500 (a read, or a well-formed no-op), refusals in the same shape.
 * A case never makes a legitimate write: where a valid request by the role would change data, its
 * body is guaranteed invalid, or its id bogus, or the role is not fuzzed there (see payloads.ts).
 */
import { createHash } from 'node:crypto';
import type { RawRequest, RawResponse } from './http';
import {
	CONTENT_TYPES,
	hostileString,
	MB,
	mutateBody,
	ODD_NUMBERS,
	objectText,
	RAW_QUERY_VALUES,
	str,
	unmatchable,
	type BodySpec,
	type Frag
} from './payloads';
import { Rng } from './rng';
import { MAX_REVERIFY_MONTHS } from '../../../src/lib/domain/review';
import { EXPORT_FORMATS } from '../../../src/lib/domain/export-columns';
import { forbiddenMutation, invalidMutation, legitMutation, legitSheet } from './sheets';
import { ROLES, type LaneState, type Member, type Role, type World } from './world';

export type Expect = 'refuse' | 'answer';

/** One step of a case: a request, what its answer must be, and what to check beyond. */
export interface Step {
	request: RawRequest;
	expect: Expect;
	/** An exact status the answer must have. */
	status?: number;
}

export interface Case {
	n: number;
	route: string;
	method: string;
	role: Role;
	kind: string;
	/** Cases of one lane run one after another (an install's mutation numbers, a photo's upload). */
	lane?: string;
	/** Built when the case runs (a lane's state is known only then). */
	steps: (state: LaneState) => Step[];
	/** After the answers: e.g. the install's new last mutation number. */
	after?: (responses: RawResponse[], state: LaneState) => string | null;
}

type Who = 'public' | 'user' | 'admin' | 'census';

const may = (role: Role, who: Who) =>
	who === 'public' ||
	(who === 'user' && role !== 'anon') ||
	(who === 'admin' && role === 'coordinator') ||
	(who === 'census' && (role === 'coordinator' || role === 'otherMairie'));

interface Param {
	value: string;
	/** Already percent-encoded (malformed on purpose). */
	raw?: boolean;
	/** Names something real the role could act on. */
	real: boolean;
}

type ParamGen = (r: Rng, role: Role, w: World) => Param;

interface MethodSpec {
	who: Who;
	/** What a valid request by someone allowed does: 'write' needs a refused body or a bogus id. */
	effect: 'read' | 'write';
	/** The roles fuzzed here (default: all four). */
	roles?: readonly Role[];
	body?: (w: World) => BodySpec;
	/** Known query parameters and a valid value of each. */
	query?: Record<string, (r: Rng) => string>;
	params?: Record<string, ParamGen>;
	/** Headers this route reads, with hostile values. */
	headers?: (r: Rng) => Record<string, string>;
	/** Rate-limited per address: each case comes from its own loopback address. */
	perAddress?: boolean;
	/** Every case is a refusal, whatever the role (a used or bogus secret, nothing to sign in with...). */
	alwaysRefused?: boolean;
	/** Cases written by hand (sync, photos). */
	custom?: (r: Rng, n: number, w: World) => Case;
}

/** Percent-encoding that also takes lone surrogates (sent as the bytes of one: invalid UTF-8). */
function enc(s: string): string {
	let out = '';
	for (const ch of s) {
		const c = ch.codePointAt(0) as number;
		out += c >= 0xd800 && c <= 0xdfff ? '%ED%A0%80' : encodeURIComponent(ch);
	}
	return out;
}

// ------------------------------------------------------------------ ids

const bogusIds = (r: Rng): Param =>
	r.pick<() => Param>([
		() => ({ value: unmatchable(r), real: false }),
		() => ({ value: 'FuzzNoSuchId' + r.int(1e9), real: false }),
		() => ({ value: r.pick(RAW_QUERY_VALUES.filter((x) => x.startsWith('%'))), raw: true, real: false }),
		() => ({ value: r.pick(['%2e%2e', '..%2F..%2Fetc', '%2F', '%5C', '%00', 'a%00b', '%ff%fe']), raw: true, real: false }),
		() => ({ value: 'x'.repeat(r.between(65, 3000)), real: false }),
		() => ({ value: r.pick(ODD_NUMBERS), real: false }),
		() => ({ value: r.pick(['0', '-1', '1.5', '1e3', '99999999999999999999', 'NaN', 'Infinity', '0x10', ' 1']), real: false })
	])();

/** Real ids of others (and own, where acting on them changes nothing), or bogus ones. */
function ids(real: (r: Rng, role: Role, w: World) => string[], realIsWrite: (role: Role) => boolean): ParamGen {
	return (r, role, w) => {
		const list = real(r, role, w);
		if (list.length > 0 && r.chance(0.45)) return { value: r.pick(list), real: realIsWrite(role) };
		return bogusIds(r);
	};
}

const others = (w: World, role: Role) => (['volunteer', 'otherMairie', 'coordinator', 'mairieA'] as const).filter((m) => m !== role);

// ------------------------------------------------------------------ bodies

const token = (r: Rng) => str(r.pick([hostileString(r).slice(0, 100), 'A'.repeat(43), 'B'.repeat(r.between(1, 100)), 'fuzz-' + r.int(1e9)]));

const SPECS_BODY = {
	token: (w: World): BodySpec => ({
		template: (r) => [['token', r.chance(0.2) ? str(r.pick(w.invitationTokens)) : token(r)]],
		keys: { token: { t: 'match' } },
		required: ['token'],
		limit: 64 * 1024
	}),
	join: (): BodySpec => ({
		// Never a real token: joining with one would add a person.
		template: (r) => [
			['token', token(r)],
			['name', str(hostileString(r).slice(0, 200))]
		],
		keys: { token: { t: 'match' }, name: { t: 'text', max: 200 } },
		required: ['token'],
		limit: 64 * 1024
	}),
	setup: (w: World): BodySpec => ({
		template: (r) => [
			['token', r.chance(0.3) ? str(w.setupToken) : token(r)],
			['name', str('Fuzz ' + hostileString(r).slice(0, 150))],
			['login', str(hostileString(r).slice(0, 200))],
			['password', str(hostileString(r).slice(0, 200))]
		],
		keys: { token: { t: 'match' }, name: { t: 'text', max: 200 }, login: { t: 'text', max: 200 }, password: { t: 'text', max: 200 } },
		required: ['token', 'name'],
		limit: 64 * 1024
	}),
	signin: (): BodySpec => ({
		template: (r) => [
			['login', str(hostileString(r).slice(0, 200))],
			['password', str(hostileString(r).slice(0, 200))]
		],
		keys: { login: { t: 'text', max: 200 }, password: { t: 'text', max: 200 } },
		required: ['login', 'password'],
		limit: 64 * 1024
	}),
	password: (): BodySpec => ({
		template: (r) => [
			['login', str('fuzz.' + r.int(1e9))],
			['password', str('un mot de passe assez long ' + r.int(1e9))],
			['current', str(hostileString(r).slice(0, 200))]
		],
		keys: { login: { t: 'text', max: 200 }, password: { t: 'text', max: 200 }, current: { t: 'text', max: 200 } },
		required: ['login', 'password'],
		limit: 64 * 1024
	}),
	invitation: (w: World): BodySpec => ({
		template: (r) => [
			['role', str(r.pick(['benevole', 'mairie', 'coordinateur']))],
			['communes', JSON.stringify([w.communes.mairieA])],
			['label', str(hostileString(r).slice(0, 120))],
			['maxUses', '3'],
			['expiresInDays', '7']
		],
		keys: {
			role: { t: 'match' },
			communes: { t: 'list' },
			label: { t: 'text', max: 120 },
			maxUses: { t: 'int', min: 1, max: 10_000, nullable: true },
			expiresInDays: { t: 'int', min: 1, max: 365, nullable: true }
		},
		required: ['role'],
		limit: 64 * 1024
	}),
	role: (w: World): BodySpec => ({
		template: (r) => [
			['role', str(r.pick(['benevole', 'mairie']))],
			['communes', JSON.stringify([w.communes.otherMairie])]
		],
		keys: { role: { t: 'match' }, communes: { t: 'list' } },
		required: ['role'],
		limit: 64 * 1024
	}),
	keep: (): BodySpec => ({
		template: (r) => [['keep', str(r.pick(['kept', 'lost']))]],
		keys: { keep: { t: 'match' } },
		required: ['keep'],
		limit: 64 * 1024
	}),
	merge: (w: World): BodySpec => ({
		template: (r) => [
			['keep', str(r.pick(w.records.volunteer))],
			['drop', str(r.pick(w.records.volunteer))],
			['take', JSON.stringify(r.sample(['name', 'notes', 'address'], r.between(0, 3)))]
		],
		keys: { keep: { t: 'match' }, drop: { t: 'match' }, take: { t: 'list' } },
		required: ['keep', 'drop', 'take'],
		limit: 64 * 1024
	}),
	settings: (): BodySpec => ({
		template: (r) => [['reverifyMonths', String(r.between(1, 60))]],
		keys: { reverifyMonths: { t: 'int', min: 1, max: MAX_REVERIFY_MONTHS } },
		required: ['reverifyMonths'],
		limit: 64 * 1024
	}),
	territory: (w: World): BodySpec => ({
		template: (r) => [
			['name', str('Fuzz ' + hostileString(r).slice(0, 150))],
			['cdc', '["200068435"]'],
			['communes', JSON.stringify([w.communes.elsewhere])]
		],
		keys: { name: { t: 'text', max: 200 }, cdc: { t: 'list' }, communes: { t: 'list' } },
		required: ['name'],
		strict: true,
		limit: 64 * 1024
	}),
	outlines: (w: World): BodySpec => ({
		template: () => [
			['type', str('FeatureCollection')],
			[
				'features',
				JSON.stringify([
					{
						type: 'Feature',
						properties: { code: w.communes.mairieA },
						geometry: {
							type: 'Polygon',
							coordinates: [
								[
									[0.6, 48.3],
									[0.64, 48.3],
									[0.64, 48.34],
									[0.6, 48.3]
								]
							]
						}
					}
				])
			]
		],
		keys: { type: { t: 'match' }, features: { t: 'list' } },
		required: ['type', 'features'],
		limit: 15 * MB
	}),
	pull: (w: World, role: Role): BodySpec => ({
		// Never a new valid install id: a pull would register it (a legitimate write).
		template: (r) => [
			['protocol', '1'],
			['schemaVersion', '1'],
			['clientId', str(role !== 'anon' && r.chance(0.7) ? w.clients[role] : r.pick(Object.values(w.clients)))],
			['cursor', String(r.int(50))]
		],
		keys: {
			protocol: { t: 'int', min: 0, max: 1_000_000 },
			schemaVersion: { t: 'int', min: 0, max: 1_000_000 },
			clientId: { t: 'match' },
			cursor: { t: 'int', min: 0, max: Number.MAX_SAFE_INTEGER }
		},
		required: ['protocol', 'schemaVersion', 'clientId', 'cursor'],
		limit: 64 * 1024
	}),
	announce: (): BodySpec => ({
		template: (r) => [
			['size', String(r.between(1, 5000))],
			['mime', str(r.pick(['image/jpeg', 'image/png', 'image/webp']))]
		],
		keys: { size: { t: 'num' }, mime: { t: 'match' } },
		required: ['size', 'mime'],
		limit: 1024
	})
};

// ------------------------------------------------------------------ query strings

const CENSUS_QUERY: Record<string, (r: Rng) => string> = {
	q: (r) => hostileString(r).slice(0, 200),
	commune: (r) => r.pick(['61309', '61345', '2A004', '00000']),
	cdc: () => '200068435',
	category: (r) => r.pick(['pressoir', 'moulin_farine', 'autre']),
	condition: (r) => r.pick(['en_service', 'none', 'a_reparer']),
	status: (r) => r.pick(['soumis', 'valide', 'brouillon']),
	mains: (r) => r.pick(['oui', 'non', 'inconnu']),
	reverify: (r) => r.pick(['1', '0']),
	deleted: (r) => r.pick(['1', '0']),
	sort: (r) => r.pick(['name', 'commune', 'updated']),
	desc: (r) => r.pick(['0', '1']),
	page: (r) => String(r.between(1, 3)),
	size: (r) => String(r.between(1, 200))
};

const COVERAGE_QUERY: Record<string, (r: Rng) => string> = {
	view: (r) => r.pick(['service', 'mains']),
	family: (r) => r.pick(['grains', 'fruits']),
	category: (r) => r.pick(['pressoir', 'moulin_farine']),
	threshold: (r) => String(r.between(1, 30))
};

function hostileQuery(r: Rng, known: Record<string, (r: Rng) => string>): string {
	const names = Object.keys(known);
	const parts: string[] = [];
	const count = r.between(0, 6);
	for (let i = 0; i < count; i++) {
		const name = names.length > 0 && r.chance(0.8) ? r.pick(names) : r.pick(['__proto__', 'constructor', 'q[]', 'a[b]', 'toString', hostileString(r), '']);
		const times = r.chance(0.2) ? r.between(2, 5) : 1;
		for (let k = 0; k < times; k++) {
			const x = r.next();
			let value: string;
			let raw = false;
			if (x < 0.35 && Object.hasOwn(known, name)) value = (known[name] as (r: Rng) => string)(r);
			else if (x < 0.7) value = hostileString(r);
			else if (x < 0.82) {
				value = r.pick(RAW_QUERY_VALUES);
				raw = true;
			} else if (x < 0.9) value = 'x'.repeat(r.between(201, 4000));
			else value = r.pick(ODD_NUMBERS);
			parts.push(enc(name) + (r.chance(0.05) ? '' : '=' + (raw ? value : enc(value))));
		}
	}
	return parts.length > 0 ? '?' + parts.join('&') : '';
}

const etagHeader = (r: Rng) => ({
	'if-none-match': r.pick(['*', 'W/"x"', '"' + 'a'.repeat(3000) + '"', ',,,', 'W/', '"\\"', hostileString(r).replace(/[^\x20-\x7e]/g, '?')])
});

// ------------------------------------------------------------------ the table

const ANY: readonly Role[] = ROLES;
const NOT_COORDINATOR: readonly Role[] = ['anon', 'volunteer', 'otherMairie'];

export const SPECS: Record<string, Record<string, MethodSpec>> = {
	audit: { GET: { who: 'admin', effect: 'read', query: { before: (r) => String(r.between(1, 100)) } } },
	'audit/signin-failures': { GET: { who: 'admin', effect: 'read' } },
	// Lifting a real person's delay is a write: only bogus ids as the coordinator.
	'audit/signin-failures/[id]/lift': {
		POST: {
			who: 'admin',
			effect: 'write',
			params: {
				id: ids(
					(_r, role, w) => (role === 'coordinator' ? [] : Object.values(w.userIds)),
					() => false
				)
			}
		}
	},
	'backups/push': { POST: { who: 'admin', effect: 'write', custom: (r, n, w) => pushCase(r, n, w, 'backups/push') } },
	census: { GET: { who: 'census', effect: 'read', query: CENSUS_QUERY } },
	conflicts: { GET: { who: 'admin', effect: 'read' } },
	'conflicts/[id]': {
		POST: {
			who: 'admin',
			effect: 'write',
			body: SPECS_BODY.keep,
			params: {
				id: ids(
					(_r, _role, w) => w.conflictIds.map(String),
					() => true
				)
			}
		}
	},
	coverage: { GET: { who: 'census', effect: 'read', query: COVERAGE_QUERY } },
	'coverage/export': { GET: { who: 'admin', effect: 'read', query: { ...COVERAGE_QUERY, format: (r) => r.pick(['csv', 'xlsx']) } } },
	progress: { GET: { who: 'admin', effect: 'read' } },
	'export/[format]': {
		GET: {
			who: 'admin',
			effect: 'read',
			query: { ...CENSUS_QUERY, private: (r) => r.pick(['0', '1']) },
			params: { format: (r) => (r.chance(0.4) ? { value: r.pick(EXPORT_FORMATS), real: false } : bogusIds(r)) }
		}
	},
	join: { POST: { who: 'public', effect: 'write', body: SPECS_BODY.join, perAddress: true, alwaysRefused: true } },
	'join/preview': { POST: { who: 'public', effect: 'read', body: SPECS_BODY.token, perAddress: true } },
	'map/sources': { GET: { who: 'public', effect: 'read', headers: etagHeader } },
	me: { GET: { who: 'user', effect: 'read' } },
	'me/password': { POST: { who: 'user', effect: 'write', body: SPECS_BODY.password } },
	merge: { POST: { who: 'admin', effect: 'write', body: SPECS_BODY.merge } },
	'photos/[sha]': {
		GET: { who: 'user', effect: 'read', custom: (r, n, w) => photoCase(r, n, w, 'GET') },
		PATCH: { who: 'user', effect: 'write', custom: (r, n, w) => photoCase(r, n, w, 'PATCH') },
		POST: { who: 'user', effect: 'write', custom: (r, n, w) => photoCase(r, n, w, 'POST') }
	},
	settings: { GET: { who: 'user', effect: 'read' }, POST: { who: 'admin', effect: 'write', body: SPECS_BODY.settings } },
	// The first-run link was used: every attempt is refused.
	setup: { POST: { who: 'public', effect: 'write', body: SPECS_BODY.setup, perAddress: true, alwaysRefused: true } },
	'sheets/[id]/history': {
		GET: {
			who: 'user',
			effect: 'read',
			params: {
				id: ids(
					(_r, _role, w) => [...w.records.volunteer, ...w.records.coordinator, ...w.records.mairieA],
					() => false
				)
			}
		}
	},
	// No one has a password here: every sign-in is refused.
	signin: { POST: { who: 'public', effect: 'write', body: SPECS_BODY.signin, perAddress: true, alwaysRefused: true } },
	// Signing out a fuzzed role would end its session: only without one (or with a forged cookie).
	signout: { POST: { who: 'public', effect: 'read', roles: ['anon'] } },
	'sync/pull': { POST: { who: 'user', effect: 'read', custom: (r, n, w) => pullCase(r, n, w) } },
	'sync/push': { POST: { who: 'user', effect: 'write', custom: (r, n, w) => pushCase(r, n, w, 'sync/push') } },
	team: { GET: { who: 'admin', effect: 'read' } },
	'team/invitations': { POST: { who: 'admin', effect: 'write', body: SPECS_BODY.invitation } },
	'team/invitations/[id]/revoke': {
		POST: {
			who: 'admin',
			effect: 'write',
			params: {
				id: ids(
					(_r, role, w) => (role === 'coordinator' ? [] : w.invitationIds),
					() => false
				)
			}
		}
	},
	'team/sessions/[id]/revoke': {
		// Never one's own device (that is a legitimate sign-out), never any device as the coordinator.
		POST: {
			who: 'user',
			effect: 'write',
			params: {
				id: ids(
					(_r, role, w) => (role === 'coordinator' || role === 'anon' ? [] : others(w, role).flatMap((m) => w.sessionIds[m])),
					() => false
				)
			}
		}
	},
	'team/users/[id]/reissue': {
		POST: {
			who: 'admin',
			effect: 'write',
			params: {
				id: ids(
					(_r, role, w) => (role === 'coordinator' ? [] : Object.values(w.userIds)),
					() => false
				)
			}
		}
	},
	'team/users/[id]/revoke': {
		POST: {
			who: 'admin',
			effect: 'write',
			params: {
				id: ids(
					(_r, role, w) => (role === 'coordinator' ? [] : Object.values(w.userIds)),
					() => false
				)
			}
		}
	},
	'team/users/[id]/role': {
		POST: {
			who: 'admin',
			effect: 'write',
			body: SPECS_BODY.role,
			params: {
				id: ids(
					(_r, _role, w) => Object.values(w.userIds),
					() => true
				)
			}
		}
	},
	territory: { GET: { who: 'public', effect: 'read', headers: etagHeader } },
	'territory/config': {
		GET: { who: 'admin', effect: 'read' },
		PUT: { who: 'admin', effect: 'write', body: SPECS_BODY.territory },
		// Back to the default territory: a write with nothing to get wrong, so not as the coordinator.
		DELETE: { who: 'admin', effect: 'write', roles: NOT_COORDINATOR }
	},
	'territory/outlines': {
		GET: { who: 'public', effect: 'read', headers: etagHeader },
		POST: { who: 'admin', effect: 'write', body: SPECS_BODY.outlines },
		DELETE: { who: 'admin', effect: 'write', roles: NOT_COORDINATOR }
	},
	'territory/search': { GET: { who: 'admin', effect: 'read', query: { q: (r) => r.pick(['perche', '61', 'nocé', hostileString(r)]) } } }
};

// ------------------------------------------------------------------ building a request

const WRONG_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

function baseHeaders(r: Rng, role: Role, w: World, method: string): Record<string, string> {
	const h: Record<string, string> = { accept: r.pick(['application/json', '*/*', 'text/html', 'application/json, text/plain, */*']) };
	if (method !== 'GET' && method !== 'HEAD') h.origin = w.origin;
	if (role !== 'anon') h.cookie = w.cookies[role];
	else if (r.chance(0.3)) h.cookie = 'atlas_session=' + r.pick([enc(hostileString(r)), 'A'.repeat(43), 'x'.repeat(3000), '%E0%A4%A', '"";"', 'undefined']);
	if (r.chance(0.05))
		h['user-agent'] = hostileString(r)
			.replace(/[^\x20-\x7e]/g, '?')
			.slice(0, 2000);
	// The language cookie, unknown values: the answer stays French.
	if (r.chance(0.05))
		h.cookie = [
			h.cookie,
			'atlas_lang=' + r.pick(['__proto__', 'constructor', 'toString', 'xx', '%E0%A4%A', enc(hostileString(r)), 'fr-FR', 'english', 'zz-ZZ'])
		]
			.filter(Boolean)
			.join('; ');
	return h;
}

function pathOf(route: string, params: Record<string, Param>): string {
	return (
		'/api/' +
		route.replace(/\[([^\]]+)\]/g, (_m, name: string) => {
			const p = params[name] as Param;
			return p.raw ? p.value : enc(p.value);
		})
	);
}

/** A generic case of `route` `method` from its spec. */
function genericCase(r: Rng, n: number, w: World, route: string, method: string, spec: MethodSpec): Case {
	const role = r.pick(spec.roles ?? ANY);
	const allowed = may(role, spec.who);
	const params: Record<string, Param> = {};
	for (const [name, gen] of Object.entries(spec.params ?? {})) params[name] = gen(r, role, w);
	const realTarget = Object.values(params).every((p) => p.real) && Object.keys(params).length > 0;
	// A valid body would write: only refused bodies (or a bogus id, which refuses it anyway).
	const mustFail = allowed && spec.effect === 'write' && (Object.keys(params).length === 0 || realTarget);

	let sentMethod = method;
	const labels: string[] = [];
	const variant = r.next();
	if (variant < 0.03) {
		sentMethod = r.pick(WRONG_METHODS.filter((m) => !Object.keys(SPECS[route] ?? {}).includes(m) && m !== 'OPTIONS'));
		labels.push('wrong-method');
	}
	const headers = { ...baseHeaders(r, role, w, sentMethod), ...(spec.headers && r.chance(0.6) ? spec.headers(r) : {}) };
	let badOrigin = false;
	if (sentMethod !== 'GET' && variant >= 0.03 && variant < 0.06) {
		const bad = r.pick(['https://evil.example', 'null', 'http://127.0.0.1.evil.example', 'garbage', '']);
		if (bad) headers.origin = bad;
		else {
			delete headers.origin;
			headers['sec-fetch-site'] = r.pick(['cross-site', 'same-site', 'none']);
		}
		badOrigin = true;
		labels.push('bad-origin');
	}
	let body: Buffer | undefined;
	let chunked = false;
	if (spec.body && sentMethod !== 'GET') {
		const built = mutateBody(r, spec.body(w), mustFail);
		body = built.body;
		chunked = !!built.chunked;
		labels.push(built.kind);
		const type = r.pick(CONTENT_TYPES);
		if (type) headers['content-type'] = type;
	} else if (sentMethod !== 'GET' && r.chance(0.3)) {
		body = Buffer.from(r.pick(['{}', 'null', '[]', hostileString(r), '{"a":' + '['.repeat(10_000)]));
		headers['content-type'] = r.pick(CONTENT_TYPES) || 'application/json';
		labels.push('unexpected-body');
	}
	const query = hostileQuery(r, spec.query ?? {});
	if (query) labels.push('query');
	const paramKinds = Object.entries(params).map(([k, p]) => `${k}:${p.real ? 'real' : 'bogus'}`);
	labels.push(...paramKinds);

	// Refused: the role, the origin, the method, a used secret — and any write (its body is
	// guaranteed invalid, or its id bogus or out of the role's reach).
	const refused = !allowed || badOrigin || labels.includes('wrong-method') || spec.alwaysRefused === true || spec.effect === 'write';
	const expect: Expect = refused ? 'refuse' : 'answer';
	const localAddress = spec.perAddress ? 'per-address' : undefined;
	let path = pathOf(route, params);
	// An empty last id (« POST /api/conflicts/ ») names the parent route when there is one: the
	// answer is that route's for the method sent (a refusal where it has none: 405).
	const parent = path.endsWith('/') ? SPECS[path.slice('/api/'.length, -1)] : undefined;
	if (parent) {
		const own = parent[sentMethod];
		// Such a case must not make a legitimate write: only the parent's reads are expected here.
		if (own && own.effect !== 'read') throw new Error(`${sentMethod} ${path}: an empty id reaches a write of the parent route`);
		const parentExpect: Expect = !own || !may(role, own.who) || badOrigin ? 'refuse' : 'answer';
		const request: RawRequest = { method: sentMethod, path: path + query, headers, body, chunked, localAddress };
		return { n, route, method, role, kind: `${labels.join(' ')} empty-id`, steps: () => [{ request, expect: parentExpect }] };
	}
	// An API address with a final slash is the same route (no redirect: see trailingSlash in
	// src/lib/server/http.ts), body and all: the same answer is due.
	if (variant >= 0.06 && variant < 0.09 && !path.endsWith('/')) {
		path += '/';
		labels.push('final-slash');
	}
	const request: RawRequest = { method: sentMethod, path: path + query, headers, body, chunked, localAddress };
	return { n, route, method, role, kind: labels.join(' ') || 'plain', steps: () => [{ request, expect }] };
}

// ------------------------------------------------------------------ sync

const V = [
	['protocol', '1'],
	['schemaVersion', '1']
] as [string, Frag][];

function parseJson<T>(res: RawResponse): T | null {
	try {
		return JSON.parse(res.body.toString()) as T;
	} catch {
		return null;
	}
}

/** Pull: a read, with the role's own install (another's is refused; a new one is never sent). */
function pullCase(r: Rng, n: number, w: World): Case {
	const role = r.pick(ANY);
	return genericCase(r, n, w, 'sync/pull', 'POST', { who: 'user', effect: 'read', body: () => SPECS_BODY.pull(w, role), roles: [role] });
}

/**
 * Push and backup import. Envelope-level damage is refused (400) and runs anywhere; mutation-level
 * cases run in the lane of their install (the mutation numbers must follow the server's), each
 * mutation refused alone: the answer must list every mutation it took as rejected. The volunteer's
 * lane also carries legitimate new sheets, to be found intact after the storm.
 */
function pushCase(r: Rng, n: number, w: World, route: 'sync/push' | 'backups/push'): Case {
	const role = route === 'backups/push' ? r.pick(ANY.filter((x) => x === 'coordinator' || r.chance(0.3))) : r.pick(ANY);
	const allowed = route === 'backups/push' ? role === 'coordinator' : role !== 'anon';
	if (!allowed || r.chance(0.3)) {
		// Envelope damage, or a role refused outright: a refusal, no lane needed.
		const clientId = role === 'anon' ? r.pick(Object.values(w.clients)) : r.pick(Object.values(w.clients));
		const spec: BodySpec = {
			template: (rr) => [...V, ['clientId', str(clientId)], ['mutations', `[${invalidMutation(rr, 1, r.pick(w.records.volunteer), false).text}]`]],
			keys: { protocol: { t: 'int', min: 1, max: 1 }, schemaVersion: { t: 'int', min: 1, max: 1 }, clientId: { t: 'match' }, mutations: { t: 'list' } },
			required: ['protocol', 'schemaVersion', 'clientId', 'mutations'],
			limit: route === 'backups/push' ? MB : 4 * MB
		};
		const c = genericCase(r, n, w, route, 'POST', { who: route === 'backups/push' ? 'admin' : 'user', effect: 'write', body: () => spec, roles: [role] });
		// An install of someone else, or versions out of range, with an otherwise good envelope.
		if (allowed && r.chance(0.3)) {
			const foreign =
				role !== 'anon' && route === 'sync/push'
					? r.pick(
							Object.entries(w.clients)
								.filter(([m]) => m !== role)
								.map(([, id]) => id)
						)
					: clientId;
			const versions = r.pick([
				[
					['protocol', '0'],
					['schemaVersion', '1']
				],
				[
					['protocol', '1'],
					['schemaVersion', '0']
				],
				[
					['protocol', '2'],
					['schemaVersion', '1']
				],
				[
					['protocol', '1'],
					['schemaVersion', '999']
				]
			] as [string, Frag][][]);
			const useForeign = route === 'sync/push' && r.chance(0.5);
			const body = objectText([
				...(useForeign ? V : versions),
				['clientId', str(useForeign ? foreign : clientId)],
				['mutations', `[${invalidMutation(r, 1, r.pick(w.records.volunteer), false).text}]`]
			]);
			const headers = { ...baseHeaders(r, role, w, 'POST'), 'content-type': 'application/json' };
			return {
				n,
				route,
				method: 'POST',
				role,
				kind: useForeign ? 'install-of-another-person' : 'version-out-of-range',
				steps: () => [{ request: { method: 'POST', path: `/api/${route}`, headers, body: Buffer.from(body) }, expect: 'refuse' }]
			};
		}
		return { ...c, kind: 'envelope ' + c.kind };
	}

	// Mutation level, in the lane of the install.
	const member = role as Member;
	const clientId = route === 'backups/push' ? r.pick(Object.values(w.clients)) : w.clients[member];
	const owner = (Object.entries(w.clients).find(([, id]) => id === clientId)?.[0] ?? member) as Member;
	const legit = route === 'sync/push' && member === 'volunteer' && r.chance(0.06);
	const shape = r.pick(['fresh', 'fresh', 'fresh', 'replay', 'gap', 'unordered', 'duplicate']);
	const seed = r.int(2 ** 31);
	const targets = [...w.records.volunteer, ...w.records.coordinator, ...w.records.mairieA];
	const kind = legit ? 'legitimate-new-sheet' : `mutations:${shape}`;
	let sent: number[] = [];
	const kinds = new Map<number, string>();
	let legitSent: { id: string; fields: Record<string, unknown> } | null = null;
	return {
		n,
		route,
		method: 'POST',
		role,
		kind,
		lane: clientId,
		steps: (state) => {
			const rr = new Rng(seed);
			const last = state.lastSeq.get(clientId) ?? 0;
			const mutations: string[] = [];
			const one = (seq: number) => {
				// Owners keep their rights in an import: no "forbidden" cases there, invalid ones only.
				const forbidden = route === 'sync/push' && rr.chance(0.35) ? forbiddenMutation(rr, seq, owner, w) : null;
				// 1 MB values only where the route reads 4 MB (a backup import reads 1 MB).
				const made = forbidden ?? invalidMutation(rr, seq, rr.pick(targets), route === 'sync/push' && rr.chance(0.02));
				kinds.set(seq, `${made.kind}: ${made.text.slice(0, 300)}`);
				return made.text;
			};
			if (legit) {
				const id = `FuzzLegit${n}x${seed.toString(36)}`;
				const fields = legitSheet(rr, w);
				legitSent = { id, fields };
				sent = [last + 1];
				mutations.push(legitMutation(last + 1, id, fields));
			} else if (shape === 'replay') {
				sent = last > 0 ? [rr.between(1, last)] : [1];
				mutations.push(...sent.map(one));
			} else if (shape === 'gap') {
				sent = [last + 2 + rr.int(5)];
				mutations.push(...sent.map(one));
			} else if (shape === 'unordered') {
				sent = [last + 3, last + 1, last + 2];
				mutations.push(...sent.map(one));
			} else if (shape === 'duplicate') {
				sent = [last + 1, last + 1];
				mutations.push(...sent.map(one));
			} else {
				const k = rr.between(1, 6);
				sent = Array.from({ length: k }, (_, i) => last + 1 + i);
				mutations.push(...sent.map(one));
			}
			const entries: [string, Frag][] = [...V, ['clientId', str(clientId)], ['mutations', `[${mutations.join(',')}]`]];
			// The file's owner is a lookup key only: an unknown one falls back to the importer. The
			// envelope refuses one it could not even look up (a NUL, as in every text; over 200
			// characters): the whole import is a 400 and no mutation is read.
			let envelopeRefused = false;
			if (route === 'backups/push' && rr.chance(0.5)) {
				const userId = rr.chance(0.5) ? rr.pick(Object.values(w.userIds)) : hostileString(rr);
				envelopeRefused = userId.includes('\u0000') || userId.length > 200;
				entries.push(['userId', str(userId)]);
			}
			const headers = { ...baseHeaders(rr, role, w, 'POST'), 'content-type': 'application/json' };
			const request: RawRequest = { method: 'POST', path: `/api/${route}`, headers, body: Buffer.from(objectText(entries)) };
			return [envelopeRefused ? { request, expect: 'refuse', status: 400 } : { request, expect: 'answer', status: 200 }];
		},
		after: ([res], state) => {
			const answer = res?.status === 200 ? parseJson<{ lastSeq: number; rejected: { seq: number; code: string }[] }>(res) : null;
			// Not taken at all (the step's own check reports it): the install stays where it was.
			if (!answer) return null;
			const last = state.lastSeq.get(clientId) ?? 0;
			let expected = last;
			const unique = new Set(sent);
			while (unique.has(expected + 1)) expected++;
			state.lastSeq.set(clientId, answer.lastSeq);
			if (answer.lastSeq !== expected) return `lastSeq ${answer.lastSeq}, expected ${expected} (sent ${sent.join(',')} after ${last})`;
			const rejected = new Set(answer.rejected.map((x) => x.seq));
			if (legitSent) {
				const done: { id: string; fields: Record<string, unknown> } = legitSent;
				if (rejected.size > 0)
					return `the legitimate mutation was refused: ${JSON.stringify(answer.rejected)}; its fields: ${JSON.stringify(done.fields).slice(0, 400)}`;
				state.legit.set(done.id, done.fields);
				return null;
			}
			const taken = [...unique].filter((s) => s > last && s <= expected);
			const accepted = taken.filter((s) => !rejected.has(s));
			return accepted.length > 0 ? `mutations accepted (expected every one refused): ${accepted.map((s) => `${s} ${kinds.get(s)}`).join(' | ')}` : null;
		}
	};
}

// ------------------------------------------------------------------ photos

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const randomSha = (r: Rng) => Array.from({ length: 64 }, () => '0123456789abcdef'[r.int(16)]).join('');
const randomBytes = (r: Rng, n: number) => Buffer.from(Array.from({ length: n }, () => r.int(256)));

/** Files that are not images, with a claimed image type (the server checks the signature). */
function notAnImage(r: Rng): { bytes: Buffer; mime: string; what: string } {
	return r.pick([
		() => ({ bytes: Buffer.from('<!doctype html><script>window.__xss=1</script>' + 'x'.repeat(r.int(2000))), mime: 'image/jpeg', what: 'html' }),
		() => ({ bytes: Buffer.from('%PDF-1.7\n' + 'x'.repeat(r.int(2000))), mime: 'image/png', what: 'pdf' }),
		() => ({ bytes: Buffer.from('GIF89a' + 'x'.repeat(500)), mime: 'image/webp', what: 'gif-as-webp' }),
		() => ({ bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=1"/>'), mime: 'image/png', what: 'svg' }),
		() => ({
			bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(r, 300)]),
			mime: 'image/jpeg',
			what: 'png-as-jpeg'
		}),
		() => ({ bytes: Buffer.concat([Buffer.from('RIFF\x10\x00\x00\x00WAVE'), randomBytes(r, 300)]), mime: 'image/webp', what: 'wave-as-webp' }),
		() => ({ bytes: Buffer.alloc(r.between(1, 3000)), mime: 'image/jpeg', what: 'zeros' }),
		() => ({ bytes: randomBytes(r, r.between(1, 3000)), mime: r.pick(['image/jpeg', 'image/png', 'image/webp']), what: 'random' })
	])();
}

function photoCase(r: Rng, n: number, w: World, method: 'GET' | 'POST' | 'PATCH'): Case {
	const role = r.pick(ANY);
	const headers = baseHeaders(r, role, w, method);
	const { complete, partial } = w.photos;
	const base = { n, route: 'photos/[sha]', method, role };
	const one = (kind: string, request: RawRequest, expect: Expect, status?: number): Case => ({ ...base, kind, steps: () => [{ request, expect, status }] });
	const bogusSha = () =>
		r.pick([randomSha(r).toUpperCase(), randomSha(r).slice(1), randomSha(r) + '0', enc(unmatchable(r)), '%E0%A4%A', '..%2F' + randomSha(r)]);
	if (method === 'GET') {
		const sha = r.chance(0.5) ? r.pick([complete.sha, partial.sha]) : r.chance(0.5) ? randomSha(r) : bogusSha();
		const h = r.chance(0.3) ? { ...headers, 'if-none-match': r.pick([`"${complete.sha}"`, '*', 'W/"x", "y"', '"' + 'z'.repeat(2000) + '"']) } : headers;
		return one('photo-read', { method, path: `/api/photos/${sha}${hostileQuery(r, {})}`, headers: h }, role === 'anon' ? 'refuse' : 'answer');
	}
	if (role === 'anon' || r.chance(0.05)) {
		const h = role === 'anon' ? headers : { ...headers, origin: 'https://evil.example' };
		return one(
			role === 'anon' ? 'no-session' : 'bad-origin',
			{
				method,
				path: `/api/photos/${r.pick([complete.sha, randomSha(r)])}`,
				headers: { ...h, 'content-type': 'application/json' },
				body: Buffer.from('{"size":10,"mime":"image/jpeg"}')
			},
			'refuse'
		);
	}
	if (method === 'POST') {
		const json = (sha: string, body: string, kind: string, status?: number, expect: Expect = 'refuse') =>
			one(
				kind,
				{ method, path: `/api/photos/${sha}`, headers: { ...headers, 'content-type': r.pick(CONTENT_TYPES) || 'application/json' }, body: Buffer.from(body) },
				expect,
				status
			);
		return r.pick<() => Case>([
			() => {
				const built = mutateBody(r, SPECS_BODY.announce(), true);
				return {
					...one(
						'announce ' + built.kind,
						{
							method,
							path: `/api/photos/${randomSha(r)}`,
							headers: { ...headers, 'content-type': 'application/json' },
							body: built.body,
							chunked: built.chunked
						},
						'refuse'
					)
				};
			},
			() => json(bogusSha(), '{"size":100,"mime":"image/jpeg"}', 'bad-sha'),
			() =>
				json(
					randomSha(r),
					`{"size":${r.pick(['0', '-1', '1.5', '1e999', '-1e999', '10000001', '9007199254740993', '1e300'])},"mime":"image/jpeg"}`,
					'bad-size'
				),
			() =>
				json(
					randomSha(r),
					`{"size":100,"mime":${str(r.pick(['image/gif', 'text/html', 'image/svg+xml', 'application/pdf', 'IMAGE/JPEG', 'image/jpeg ', hostileString(r)]))}}`,
					'bad-mime',
					415
				),
			() => {
				const p = r.pick([complete, partial]);
				return json(p.sha, `{"size":${p.size + r.between(1, 1000) * r.pick([1, -1])},"mime":${str(p.mime)}}`, 'size-mismatch');
			},
			() => {
				const p = r.pick([complete, partial]);
				return json(p.sha, `{"size":${p.size},"mime":${str(p.mime)}}`, 'resume', 200, 'answer');
			},
			() => notImageScenario(r, n, w, role as Member),
			() => hashMismatchScenario(r, n, w, role as Member)
		])();
	}
	// PATCH
	const patch = (sha: string, offset: string, chunk: Buffer, kind: string, expect: Expect, status?: number, type = 'application/offset+octet-stream') =>
		one(
			kind,
			{ method, path: `/api/photos/${sha}`, headers: { ...headers, 'content-type': type, 'upload-offset': offset }, body: chunk, chunked: r.chance(0.1) },
			expect,
			status
		);
	// Exactly k bytes (a chunk one byte short would fit and be written).
	const chunk = (k: number) => (r.chance(0.5) ? randomBytes(r, k) : Buffer.from('<script>window.__xss=1</script>'.repeat(Math.ceil(k / 31) + 1).slice(0, k)));
	return r.pick<() => Case>([
		() =>
			patch(
				partial.sha,
				String(partial.offset),
				chunk(10),
				'wrong-content-type',
				'refuse',
				415,
				r.pick(['application/json', 'image/jpeg', 'text/plain', 'application/offset+octet-streamx', 'multipart/form-data; boundary=x'])
			),
		() =>
			patch(
				partial.sha,
				r.pick(['-1', '1e3', 'abc', '', '0x10', '99999999999999999999', '1.5', '+' + String(partial.offset), String(partial.offset) + 'x']),
				chunk(10),
				'bad-offset-header',
				'refuse'
			),
		() =>
			patch(
				partial.sha,
				String(r.pick([0, partial.offset - 1, partial.offset + 1, partial.offset + r.between(2, 10_000), 999_999_999_999]).toString()),
				chunk(r.between(1, 100)),
				'wrong-offset',
				'refuse',
				409
			),
		() => patch(partial.sha, String(partial.offset), chunk(partial.size - partial.offset + r.between(1, 1000)), 'chunk-past-the-size', 'refuse', 413),
		() => patch(partial.sha, String(partial.offset), Buffer.alloc(0), 'empty-chunk', 'answer', 200),
		() => patch(r.pick([partial.sha, randomSha(r)]), String(partial.offset), Buffer.alloc(1024 * 1024 + r.between(1, 1000)), 'chunk-over-1MiB', 'refuse', 413),
		() => patch(complete.sha, String(r.pick([0, complete.size - 1, complete.size + 1])), chunk(10), 'complete-wrong-offset', 'refuse', 409),
		() => patch(complete.sha, String(complete.size), chunk(r.between(1, 50)), 'complete-more-bytes', 'refuse', 413),
		() => patch(randomSha(r), '0', chunk(20), 'never-announced', 'refuse', 404),
		() => patch(bogusSha(), '0', chunk(20), 'bad-sha', 'refuse')
	])();
}

/** Announce a file that is not an image, send it whole: refused, and the server forgets it. */
function notImageScenario(r: Rng, n: number, w: World, role: Member): Case {
	const { bytes, mime, what } = notAnImage(r);
	const sha = sha256(bytes);
	const headers = { origin: w.origin, cookie: w.cookies[role], accept: 'application/json' };
	return {
		n,
		route: 'photos/[sha]',
		method: 'POST',
		role,
		kind: `not-an-image:${what}`,
		lane: 'photos',
		steps: () => [
			{
				request: {
					method: 'POST',
					path: `/api/photos/${sha}`,
					headers: { ...headers, 'content-type': 'application/json' },
					body: Buffer.from(JSON.stringify({ size: bytes.length, mime }))
				},
				expect: 'answer',
				status: 200
			},
			{
				request: {
					method: 'PATCH',
					path: `/api/photos/${sha}`,
					headers: { ...headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
					body: bytes
				},
				expect: 'refuse',
				status: 415
			},
			// Forgotten: announcing again starts from 0, and it cannot be read.
			{ request: { method: 'GET', path: `/api/photos/${sha}`, headers }, expect: 'refuse', status: 404 }
		]
	};
}

/** Bytes that are not the announced SHA-256: refused, forgotten. */
function hashMismatchScenario(r: Rng, n: number, w: World, role: Member): Case {
	const bytes = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(r, r.between(10, 2000))]);
	const sha = randomSha(r);
	const headers = { origin: w.origin, cookie: w.cookies[role], accept: 'application/json' };
	return {
		n,
		route: 'photos/[sha]',
		method: 'PATCH',
		role,
		kind: 'hash-mismatch',
		lane: 'photos',
		steps: () => [
			{
				request: {
					method: 'POST',
					path: `/api/photos/${sha}`,
					headers: { ...headers, 'content-type': 'application/json' },
					body: Buffer.from(JSON.stringify({ size: bytes.length, mime: 'image/jpeg' }))
				},
				expect: 'answer',
				status: 200
			},
			{
				request: {
					method: 'PATCH',
					path: `/api/photos/${sha}`,
					headers: { ...headers, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
					body: bytes
				},
				expect: 'refuse',
				status: 400
			}
		]
	};
}

// ------------------------------------------------------------------ all of it

/** `count` cases spread over every route and method (each gets its share), from `seed`. */
export function buildCases(
	seed: number,
	count: number,
	w: World,
	routes: { route: string; methods: string[] }[],
	caseSeed: (seed: number, i: number) => number
): Case[] {
	const pairs = routes.flatMap(({ route, methods }) => methods.map((method) => ({ route, method })));
	const cases: Case[] = [];
	for (let i = 0; i < count; i++) {
		const { route, method } = pairs[i % pairs.length] as { route: string; method: string };
		const spec = SPECS[route]?.[method];
		if (!spec) throw new Error(`no fuzz spec for ${method} /api/${route}`);
		const r = new Rng(caseSeed(seed, i));
		cases.push(spec.custom ? spec.custom(r, i, w) : genericCase(r, i, w, route, method, spec));
	}
	return cases;
}
