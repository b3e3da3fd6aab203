/**
 * The review seen from this device: who "I" am for the one policy (domain/access.ts), and the
 * scope of a local sheet. The buttons a screen shows come from the same rules the server applies,
 * so a button shown is a move the server will accept (unless someone moved the sheet meanwhile).
 */
import type { Actor, SheetScope } from '$lib/domain/access';
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
