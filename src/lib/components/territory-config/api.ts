/**
 * The territory configuration API as the coordinator's screen calls it (GET/PUT/DELETE
 * /api/territory/config, GET /api/territory/search). Every answer is checked before the screen sees
 * it; every failure is a TeamApiError with a French message (the server's, or ours for a missing
 * network or an unreadable answer), like the other coordinator screens.
 */
import * as v from 'valibot';
import { t } from '$lib/i18n';
import { TeamApiError } from '$lib/team/api';

const code = v.pipe(v.string(), v.nonEmpty());

export const CdcChoiceSchema = v.object({ siren: code, name: v.string(), communes: v.array(code) });

export const CommuneChoiceSchema = v.object({
	insee: code,
	name: v.string(),
	department: v.string(),
	cdc: v.nullable(v.object({ siren: code, name: v.string() }))
});

export const ConfigViewSchema = v.object({
	config: v.object({ id: v.string(), name: v.string(), cdc: v.array(code), communes: v.array(code) }),
	isDefault: v.boolean(),
	problem: v.nullable(v.string()),
	cdcs: v.array(CdcChoiceSchema),
	communes: v.array(CommuneChoiceSchema)
});

export const SearchResultSchema = v.object({
	cdcs: v.array(CdcChoiceSchema),
	communes: v.array(CommuneChoiceSchema),
	moreCdcs: v.boolean(),
	moreCommunes: v.boolean()
});

export type CdcChoice = v.InferOutput<typeof CdcChoiceSchema>;
export type CommuneChoice = v.InferOutput<typeof CommuneChoiceSchema>;
export type ConfigView = v.InferOutput<typeof ConfigViewSchema>;
export type SearchResult = v.InferOutput<typeof SearchResultSchema>;

export interface ConfigRequest {
	name: string;
	cdc: string[];
	communes: string[];
}

const URL_CONFIG = '/api/territory/config';

export function fetchConfig(): Promise<ConfigView> {
	return call('GET', URL_CONFIG, ConfigViewSchema);
}

export function saveConfig(body: ConfigRequest): Promise<ConfigView> {
	return call('PUT', URL_CONFIG, ConfigViewSchema, body);
}

export function resetConfig(): Promise<ConfigView> {
	return call('DELETE', URL_CONFIG, ConfigViewSchema);
}

export function searchGeography(query: string, signal?: AbortSignal): Promise<SearchResult> {
	return call('GET', `/api/territory/search?q=${encodeURIComponent(query)}`, SearchResultSchema, undefined, signal);
}

const ErrorBody = v.object({ code: v.string(), message: v.pipe(v.string(), v.nonEmpty()) });

async function call<S extends v.GenericSchema>(
	method: 'GET' | 'PUT' | 'DELETE',
	url: string,
	schema: S,
	body?: unknown,
	signal?: AbortSignal
): Promise<v.InferOutput<S>> {
	let res: Response;
	try {
		res = await fetch(url, {
			method,
			headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
			credentials: 'same-origin',
			signal
		});
	} catch (e) {
		// A cancelled request (a newer search, a navigation) stays an AbortError, which callers ignore.
		if (e instanceof DOMException && e.name === 'AbortError') throw e;
		throw new TeamApiError(0, 'network', t('team.error.network'));
	}
	const data: unknown = await res.json().catch(() => undefined);
	if (!res.ok) {
		const parsed = v.safeParse(ErrorBody, data);
		if (parsed.success) throw new TeamApiError(res.status, parsed.output.code, parsed.output.message);
		throw new TeamApiError(res.status, 'server', t('team.error.server'));
	}
	const parsed = v.safeParse(schema, data);
	if (!parsed.success) {
		console.error(`Unexpected answer from ${method} ${url}`, v.flatten(parsed.issues));
		throw new TeamApiError(res.status, 'bad_response', t('team.error.bad_response'));
	}
	return parsed.output;
}
