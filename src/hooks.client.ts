import type { HandleClientError } from '@sveltejs/kit';
import { report } from '$lib/state/toasts.svelte';
import { t } from '$lib/i18n';

/** One client error funnel: an error while loading a page is reported in French, never a blank screen. */
export const handleError: HandleClientError = ({ error, status }) => {
	if (status !== 404) report(error);
	return { message: status === 404 ? t('error.page_body') : t('error.unknown') };
};
