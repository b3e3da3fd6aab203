import type { HandleServerError } from '@sveltejs/kit';
import { t } from '$lib/i18n';

/**
 * One server error funnel: the details go to the log, the answer is a plain French message (no
 * stack, no internal detail leaks to the client).
 */
export const handleError: HandleServerError = ({ error, status, event }) => {
	if (status !== 404) console.error(`[${event.request.method} ${event.url.pathname}]`, error);
	return { message: status === 404 ? t('error.page_body') : t('error.server') };
};
