/**
 * The review seen from this device: who "I" am for the one policy (domain/access.ts), and the
 * scope of a local sheet. The buttons a screen shows come from the same rules the server applies,
 * so a button shown is a move the server will accept (unless someone moved the sheet meanwhile).
 */
import { canOnSheet, type Actor, type SheetScope } from '$lib/domain/access';
import type { WaitingSheet } from '$lib/db/review-waiting';
import type { Sheet } from '$lib/domain/sheet';
import type { Me } from '$lib/schemas/accounts';

/** A device that never joined acts as a volunteer on its own sheets. */
export function actorFromMe(me: Me | null): Actor {
	return me ? { userId: me.id, role: me.role, communes: me.communes } : { userId: '', role: 'benevole', communes: [] };
}

/** A sheet created here and not yet pulled back has no known author: it is this device's person's. */
export function localScope(sheet: Sheet, me: Me | null): SheetScope {
	return { createdBy: sheet.createdBy ?? me?.id ?? '', commune: sheet.fields.commune };
}

/** Is this sheet one the person wrote (the volunteer side of the review loop)? */
export function isMine(sheet: Sheet, me: Me | null): boolean {
	return !sheet.createdBy || (me !== null && sheet.createdBy === me.id);
}

/**
 * The tabs' badges: sheets sent back to this person (hers by isMine's rule), and sheets handed in
 * that she may review (the one policy's `review`: her communes for a mairie, all for the coordinator).
 */
export function reviewBadges(rows: readonly WaitingSheet[], me: Me | null): { toFix: number; toReview: number } {
	const actor = actorFromMe(me);
	let toFix = 0;
	let toReview = 0;
	for (const r of rows) {
		if (r.status === 'a_corriger' && (!r.createdBy || r.createdBy === me?.id)) toFix++;
		if (r.status === 'soumis' && canOnSheet(actor, 'review', { createdBy: r.createdBy ?? actor.userId, commune: r.commune })) toReview++;
	}
	return { toFix, toReview };
}
