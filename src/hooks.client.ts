import type { ClientInit, HandleClientError } from '@sveltejs/kit';
import { report } from '$lib/state/toasts.svelte';
import { t } from '$lib/i18n';
import { applyStoredLocale } from '$lib/i18n/choice';

/** Before the first screen: the language chosen on this device (French by default). */
export const init: ClientInit = applyStoredLocale;

/** One client error funnel: an error while loading a page is reported in the person's language, never a blank screen. */
export const handleError: HandleClientError = ({ error, status }) => {
	if (status !== 404) report(error);
	return { message: status === 404 ? t('error.page_body') : t('error.unknown') };
};
