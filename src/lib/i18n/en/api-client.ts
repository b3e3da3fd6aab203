import type { apiClient as fr } from '../fr/api-client';

/** English, same keys as ../fr/api-client.ts. */
export const apiClient: { [K in keyof typeof fr]: string } = {
	'request.network': 'The server is not answering. Check the connection and try again.',
	'request.server': 'The server ran into an error. Try again in a moment.',
	'request.bad_response': 'The server sent an unreadable answer. Reload the page; if it goes on, tell the person who runs the server.'
};
