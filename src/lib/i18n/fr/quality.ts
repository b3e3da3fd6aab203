/** quality: French texts. */
export const quality = {
	'api.error.method_not_allowed': 'Cette action n’est pas possible à cette adresse.'
} as const;
