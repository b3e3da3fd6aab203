/**
 * The person's own account: who this device is signed in as, the first run, joining with an
 * invitation link, signing in and out, choosing a password.
 */
import * as v from 'valibot';
import { JoinPreviewSchema, MeSchema, UserAnswerSchema, type JoinPreview, type Me } from '$lib/schemas/accounts';
import { OkSchema, request } from './client';

const MeAnswer = v.object({ user: MeSchema });

/** Who is asking (GET /api/me); a 401 ApiError when this device's session is no longer valid. */
export async function fetchMe(): Promise<Me> {
	return (await request('GET', '/api/me', { schema: MeAnswer })).user;
}

export async function signIn(body: { login: string; password: string }): Promise<Me> {
	return (await request('POST', '/api/signin', { schema: UserAnswerSchema, body })).user;
}

export async function signOut(): Promise<void> {
	await request('POST', '/api/signout', { schema: OkSchema, body: {} });
}

/** The first run: the coordinator's account, from the setup link. */
export async function setUp(body: { token: string; name: string; login?: string; password?: string }): Promise<Me> {
	return (await request('POST', '/api/setup', { schema: UserAnswerSchema, body })).user;
}

export function previewInvitation(token: string): Promise<JoinPreview> {
	return request('POST', '/api/join/preview', { schema: JoinPreviewSchema, body: { token } });
}

export async function join(body: { token: string; name: string }): Promise<Me> {
	return (await request('POST', '/api/join', { schema: UserAnswerSchema, body })).user;
}

export async function setPassword(body: { login: string; password: string; current?: string }): Promise<void> {
	await request('POST', '/api/me/password', { schema: OkSchema, body });
}
