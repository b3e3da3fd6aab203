/**
 * Whether a sheet's page is shown to its reviewer rather than to its author: the mairie of its
 * commune or the coordination, looking at a sheet someone else wrote. The reviewer reads the
 * content first, then decides; the author's instructions and send badges are not for her. A
 * reviewer's own sheet is shown as its author sees it (she is the one who sends and corrects it).
 */
import { canOnSheet } from '$lib/domain/access';
import type { Sheet } from '$lib/domain/sheet';
import type { Me } from '$lib/schemas/accounts';
import { actorFromMe, isMine, localScope } from './review';

export function isReviewerView(sheet: Sheet, me: Me | null): boolean {
	return canOnSheet(actorFromMe(me), 'review', localScope(sheet, me)) && !isMine(sheet, me);
}
