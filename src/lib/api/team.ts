/**
 * The coordinator's team API (GET /api/team, invitations, people, devices, the audit log). Answers
 * are checked against lib/schemas/team.ts; failures are ApiErrors (lib/api/client.ts).
 */
import type * as v from 'valibot';
import type { Role } from '$lib/domain/access';
import {
	AuditPageSchema,
	CreatedInvitationSchema,
	LinkSchema,
	SigninFailuresAnswer,
	TeamSchema,
	type AuditEntry,
	type InvitationRequest,
	type ShownLink,
	type SigninFailures,
	type Team
} from '$lib/schemas/team';
import { OkSchema, request } from './client';

const path = (s: string) => encodeURIComponent(s);

export function fetchTeam(): Promise<Team> {
	return request('GET', '/api/team', { schema: TeamSchema });
}

export function createInvitation(body: InvitationRequest): Promise<v.InferOutput<typeof CreatedInvitationSchema>> {
	return request('POST', '/api/team/invitations', { schema: CreatedInvitationSchema, body });
}

export async function revokeInvitation(invitationId: string): Promise<void> {
	await request('POST', `/api/team/invitations/${path(invitationId)}/revoke`, { schema: OkSchema, body: {} });
}

export async function revokePerson(userId: string): Promise<void> {
	await request('POST', `/api/team/users/${path(userId)}/revoke`, { schema: OkSchema, body: {} });
}

/** A new single-use link (7 days) for a person; also re-admits a revoked person. */
export function reissueLink(userId: string): Promise<ShownLink> {
	return request('POST', `/api/team/users/${path(userId)}/reissue`, { schema: LinkSchema, body: {} });
}

export async function changeRole(userId: string, newRole: Role, communes: string[]): Promise<void> {
	const body = { role: newRole, communes: newRole === 'mairie' ? communes : [] };
	await request('POST', `/api/team/users/${path(userId)}/role`, { schema: OkSchema, body });
}

export async function revokeDevice(sessionId: string): Promise<void> {
	await request('POST', `/api/team/sessions/${path(sessionId)}/revoke`, { schema: OkSchema, body: {} });
}

/** One page of the audit log, newest first; `before` is the id of the last entry already shown. */
export async function fetchAudit(before?: number): Promise<AuditEntry[]> {
	const query = before === undefined ? '' : `?before=${encodeURIComponent(String(before))}`;
	return (await request('GET', `/api/audit${query}`, { schema: AuditPageSchema })).entries;
}

/** People with repeated failed sign-ins in the last hour, most failures first. */
export async function fetchSigninFailures(): Promise<SigninFailures[]> {
	return (await request('GET', '/api/audit/signin-failures', { schema: SigninFailuresAnswer })).accounts;
}

/** Lifts a person's sign-in delay (their failures are forgotten; the journal records it). */
export async function liftSigninDelay(userId: string): Promise<void> {
	await request('POST', `/api/audit/signin-failures/${path(userId)}/lift`, { schema: OkSchema, body: {} });
}
