import { loadMessagesFor } from '$lib/i18n/message-parts';

// Every screen reads IndexedDB, so it renders on the client. The HTML is then the same app shell for
// every URL, which lets the service worker answer any navigation offline with one cached page.
export const ssr = false;
export const prerender = false;

// Before each screen is drawn: the parts of the message catalogue it shows ($lib/i18n/parts.ts).
export const load: import('./$types').LayoutLoad = async ({ url }) => {
	await loadMessagesFor(url.pathname);
};
