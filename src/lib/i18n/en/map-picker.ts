import type { mapPicker as fr } from '../fr/map-picker';

/** English, same keys as ../fr/map-picker.ts (the compiler and tests/unit/i18n-catalogue.test.ts check it). */
export const mapPicker: { [K in keyof typeof fr]: string } = {
	'picker.open': 'Placer sur la carte',
	'picker.adjust': 'Ajuster sur la carte',
	'picker.loading': 'Ouverture de la carte…',
	'picker.load_failed': "La carte n'a pas pu s'ouvrir. Saisissez le point à la main.",
	'picker.map_failed': "La carte n'a pas pu s'afficher. Saisissez le point à la main.",
	'picker.region': "Carte pour placer l'outil",
	'picker.hint': "Touchez l'endroit de l'outil, ou faites glisser le point. Rien ne change avant « Valider ».",
	'picker.offline': "Hors connexion : le fond de carte manque là où il n'a été ni préparé ni déjà vu. Les limites des communes restent.",
	'picker.gps_circle': 'Le cercle bleu montre la précision du GPS ({m} m).',
	'picker.draft': 'Point choisi : {lat}, {lon}',
	'picker.draft_none': 'Aucun point choisi pour le moment.',
	'picker.draft_in': 'Dans la commune : {name}',
	'picker.draft_outside': 'Hors du territoire connu',
	'picker.center': 'Mettre le point sous la croix',
	'picker.validate': 'Valider ce point',
	'picker.cancel': 'Annuler',
	'picker.marker': "Point de l'outil",
	'picker.zoom_in': 'Rapprocher',
	'picker.zoom_out': 'Éloigner',
	'picker.commune_set': "Commune trouvée d'après le point : {name}",
	'picker.commune_change': 'Changer',
	'picker.commune_propose': 'Le point est dans {name}.',
	'picker.commune_use': 'Utiliser cette commune',
	'picker.commune_outside': 'Ce point est hors du territoire connu.'
};
