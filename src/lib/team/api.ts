/**
 * The coordinator's team API (GET /api/team, invitations, people, devices, the audit log), as small
 * typed functions. Every answer is checked against a schema before the screen sees it: a server of
 * another version, or a proxy answering with HTML, gives a clear failure instead of a broken page.
 *
 * Every failure is a TeamApiError carrying a French message ready to show: the server's own
 * (`{ code, message }`), or ours for a missing network or an unreadable answer. `status` 401/403
 * lets a screen say "sign in" or "reserved to the coordinator" rather than show an error.
 */
import * as v from 'valibot';
import { ROLES, type Role } from '$lib/domain/access';
import { MeSchema } from '$lib/schemas/accounts';
import { t } from '$lib/i18n';

export class TeamApiError extends Error {
	constructor(
		/** HTTP status; 0 when the server could not be reached. */
		readonly status: number,
		/** The server's error code, or `network` / `bad_response`. */
		readonly code: string,
		message: string
	) {
		super(message);
		this.name = 'TeamApiError';
	}

	/** Not signed in (or the session was revoked / expired). */
	get unauthenticated(): boolean {
		return this.status === 401;
	}

	/** Signed in, but not as the coordinator. */
	get forbidden(): boolean {
		return this.status === 403 && this.code === 'forbidden';
	}
}

// ---------- answers ----------

const id = v.pipe(v.string(), v.nonEmpty());
const instant = v.string();
const role = v.picklist(ROLES);

export const DeviceSchema = v.object({
	id,
	device: v.string(),
	lastSeenAt: v.nullable(instant),
	createdAt: instant
});

export const PersonSchema = v.object({
	id,
	name: v.string(),
	role,
	communes: v.array(v.string()),
	login: v.nullable(v.string()),
	lastSeenAt: v.nullable(instant),
	revokedAt: v.nullable(instant),
	createdAt: instant,
	devices: v.array(DeviceSchema)
});

export const INVITATION_STATES = ['active', 'token_expired', 'token_used', 'token_revoked'] as const;

export const InvitationSchema = v.object({
	id,
	role,
	communes: v.array(v.string()),
	label: v.string(),
	uses: v.pipe(v.number(), v.integer(), v.minValue(0)),
	maxUses: v.nullable(v.pipe(v.number(), v.integer())),
	expiresAt: v.nullable(instant),
	createdAt: instant,
	revokedAt: v.nullable(instant),
	state: v.picklist(INVITATION_STATES)
});

export const TeamSchema = v.object({
	users: v.array(PersonSchema),
	invitations: v.array(InvitationSchema),
	/** The address invitation links are made with (ORIGIN, else the server's localhost address). */
	publicOrigin: v.optional(v.string())
});

/** A link shown once (invitation or reissued link) with its QR code as SVG markup. */
export const LinkSchema = v.object({
	link: v.pipe(v.string(), v.url()),
	qr: v.pipe(v.string(), v.startsWith('<svg'))
});

export const CreatedInvitationSchema = v.object({ id, ...LinkSchema.entries });

export const AUDIT_ACTIONS = [
	'setup.link_created',
	'setup.coordinator_created',
	'signin.password',
	'signin.failed',
	'signout',
	'invitation.created',
	'invitation.accepted',
	'invitation.revoked',
	'invitation.refused',
	'user.revoked',
	'user.role_changed',
	'user.password_set',
	'user.link_reissued',
	'session.revoked',
	'export.private',
	'territory.outlines_uploaded',
	'territory.outlines_reset',
	'territory.changed',
	'signin.delay_lifted'
] as const;

export const AuditEntrySchema = v.object({
	id: v.pipe(v.number(), v.integer()),
	at: instant,
	actorId: v.nullable(v.string()),
	actorName: v.nullable(v.string()),
	// An action this screen does not know yet (a newer server) is still listed, in a generic way.
	action: v.string(),
	target: v.nullable(v.string()),
	detail: v.record(v.string(), v.unknown()),
	ip: v.nullable(v.string())
});

export const AuditPageSchema = v.object({ entries: v.array(AuditEntrySchema) });

/** A person's failed sign-ins of the last hour (GET /api/audit/signin-failures). */
export const SigninFailuresSchema = v.object({
	userId: id,
	name: v.string(),
	login: v.nullable(v.string()),
	failures: v.pipe(v.number(), v.integer(), v.minValue(1)),
	addresses: v.pipe(v.number(), v.integer(), v.minValue(0)),
	firstAt: v.nullable(instant),
	lastAt: v.nullable(instant),
	/** The wait each try on this account has now; 0: none. */
	delaySeconds: v.pipe(v.number(), v.integer(), v.minValue(0))
});

const SigninFailuresAnswer = v.object({ accounts: v.array(SigninFailuresSchema) });

const OkSchema = v.object({ ok: v.literal(true) });
const MeAnswer = v.object({ user: MeSchema });

export type Person = v.InferOutput<typeof PersonSchema>;
export type Device = v.InferOutput<typeof DeviceSchema>;
export type Invitation = v.InferOutput<typeof InvitationSchema>;
export type InvitationState = Invitation['state'];
export type Team = v.InferOutput<typeof TeamSchema>;
export type ShownLink = v.InferOutput<typeof LinkSchema>;
export type AuditEntry = v.InferOutput<typeof AuditEntrySchema>;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export type SigninFailures = v.InferOutput<typeof SigninFailuresSchema>;

export interface InvitationRequest {
	role: Role;
	communes?: string[];
	label?: string;
	maxUses?: number | null;
	expiresInDays?: number | null;
}

/** How many entries the server sends per page of the audit log (GET /api/audit). */
export const AUDIT_PAGE_SIZE = 100;

// ---------- the calls ----------

export function fetchTeam(): Promise<Team> {
	return call('GET', '/api/team', TeamSchema);
}

/** Who is asking (to mark the coordinator's own row). */
export async function fetchMe(): Promise<v.InferOutput<typeof MeSchema>> {
	return (await call('GET', '/api/me', MeAnswer)).user;
}

export function createInvitation(body: InvitationRequest): Promise<v.InferOutput<typeof CreatedInvitationSchema>> {
	return call('POST', '/api/team/invitations', CreatedInvitationSchema, body);
}

export async function revokeInvitation(invitationId: string): Promise<void> {
	await call('POST', `/api/team/invitations/${encodeURIComponent(invitationId)}/revoke`, OkSchema, {});
}

export async function revokePerson(userId: string): Promise<void> {
	await call('POST', `/api/team/users/${encodeURIComponent(userId)}/revoke`, OkSchema, {});
}

/** A new single-use link (7 days) for a person; also re-admits a revoked person. */
export function reissueLink(userId: string): Promise<ShownLink> {
	return call('POST', `/api/team/users/${encodeURIComponent(userId)}/reissue`, LinkSchema, {});
}

export async function changeRole(userId: string, newRole: Role, communes: string[]): Promise<void> {
	await call('POST', `/api/team/users/${encodeURIComponent(userId)}/role`, OkSchema, {
		role: newRole,
		communes: newRole === 'mairie' ? communes : []
	});
}

export async function revokeDevice(sessionId: string): Promise<void> {
	await call('POST', `/api/team/sessions/${encodeURIComponent(sessionId)}/revoke`, OkSchema, {});
}

/** One page of the audit log, newest first; `before` is the id of the last entry already shown. */
export async function fetchAudit(before?: number): Promise<AuditEntry[]> {
	const query = before === undefined ? '' : `?before=${encodeURIComponent(String(before))}`;
	return (await call('GET', `/api/audit${query}`, AuditPageSchema)).entries;
}

/** People with repeated failed sign-ins in the last hour, most failures first. */
export async function fetchSigninFailures(): Promise<SigninFailures[]> {
	return (await call('GET', '/api/audit/signin-failures', SigninFailuresAnswer)).accounts;
}

/** Lifts a person's sign-in delay (their failures are forgotten; the journal records it). */
export async function liftSigninDelay(userId: string): Promise<void> {
	await call('POST', `/api/audit/signin-failures/${encodeURIComponent(userId)}/lift`, OkSchema, {});
}

// ---------- plumbing ----------

const ErrorBody = v.object({ code: v.string(), message: v.pipe(v.string(), v.nonEmpty()) });

async function call<S extends v.GenericSchema>(
	method: 'GET' | 'POST',
	url: string,
	schema: S,
	body?: unknown
): Promise<v.InferOutput<S>> {
	let res: Response;
	try {
		res = await fetch(url, {
			method,
			headers:
				method === 'POST'
					? { 'Content-Type': 'application/json', Accept: 'application/json' }
					: { Accept: 'application/json' },
			body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
			cache: 'no-store',
			credentials: 'same-origin'
		});
	} catch (e) {
		// A cancelled request (navigation) stays an AbortError, which the error funnel ignores.
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
