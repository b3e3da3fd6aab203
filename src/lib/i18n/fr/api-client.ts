/**
 * The API client's own words (lib/api/client.ts), for the failures the server could not word: no
 * answer, an error without a message, an answer of the wrong shape. Shown by any screen that calls
 * the server.
 */
export const apiClient = {
	'request.network': 'Le serveur ne répond pas. Vérifiez la connexion et réessayez.',
	'request.server': 'Le serveur a rencontré une erreur. Réessayez dans un instant.',
	'request.bad_response': 'Réponse du serveur illisible. Rechargez la page ; si cela continue, prévenez la personne qui gère le serveur.'
} as const;
