/** quality: French texts (issue 8). */
export const quality = {
	'api.error.method_not_allowed': 'Cette action n’est pas possible à cette adresse.'
} as const;
