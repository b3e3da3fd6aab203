/** Finding the person or invitation the operator names on the command line. */
import { t } from '$lib/i18n';
import { hashToken, looksLikeToken } from '$lib/server/auth/tokens';
import type { Invitation, Store, User } from '$lib/server/store/types';
import { failure } from './errors';

const fold = (s: string) => s.normalize('NFC').trim().toLocaleLowerCase('fr');

/**
 * By id, else by sign-in name, else by display name when only one person has it (volunteers have
 * no sign-in name). Throws a failure (exit 1) when nobody matches or the name is shared.
 */
export async function findUser(store: Store, who: string): Promise<User> {
	const byId = await store.getUser(who.trim());
	if (byId) return byId;
	const byLogin = await store.getUserByLogin(fold(who));
	if (byLogin) return byLogin;
	const named = (await store.listUsers()).filter((u) => fold(u.name) === fold(who));
	if (named.length === 1) return named[0] as User;
	if (named.length > 1) throw failure(t('cli.error.user_ambiguous', { who, ids: named.map((u) => u.id).join(', ') }));
	throw failure(t('cli.error.user_unknown', { who }));
}

/** By id, or by its link (or the token alone) for an operator who only kept the link. */
export async function findInvitation(store: Store, what: string): Promise<Invitation> {
	const trimmed = what.trim();
	const byId = await store.getInvitation(trimmed);
	if (byId) return byId;
	const token = trimmed.slice(trimmed.lastIndexOf('#') + 1);
	if (looksLikeToken(token)) {
		const byToken = await store.getInvitationByTokenHash(hashToken(token));
		if (byToken) return byToken;
	}
	throw failure(t('cli.error.invitation_unknown', { what }));
}
