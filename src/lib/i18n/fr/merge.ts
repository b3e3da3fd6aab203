/** Issue 7: merging two sheets of the same tool (coordinator), and what devices see of it. */
export const merge = {
	'merge.merged_notice':
		'Cette fiche décrivait le même outil qu’une autre : la coordination les a réunies. Ce que vous y écrivez encore est reporté sur la fiche réunie.',
	'merge.merged_open': 'Ouvrir la fiche réunie',
	'history.reason.merged_from': 'La coordination a réuni une fiche du même outil avec celle-ci, et en a repris :',
	'history.reason.merged_into': 'La coordination a réuni cette fiche avec une autre du même outil (elle y continue ; cet historique est gardé).',
	'merge.pairs_title': 'Doublons possibles',
	'merge.pairs_intro':
		'Des fiches du même type d’outil, proches l’une de l’autre ou au nom semblable dans la même commune. Comparez-les : si elles décrivent le même outil, réunissez-les.',
	'merge.pairs_count.one': '{count} paire à vérifier',
	'merge.pairs_count.other': '{count} paires à vérifier',
	'merge.same_commune': 'même commune',
	'merge.distance_m': 'à {value} m',
	'merge.distance_km': 'à {value} km',
	'merge.compare': 'Comparer et réunir',
	'merge.coordinator_only': 'Cette page est réservée à la coordination.',
	'merge.title': 'Réunir deux fiches du même outil',
	'merge.not_found': 'Ces fiches ne sont pas sur cet appareil (synchronisez d’abord).',
	'merge.back': 'Retour aux doublons',
	'merge.keep_legend': 'La fiche qui reste',
	'merge.explain':
		'Pour chaque information différente, choisissez la valeur à garder. L’autre fiche n’est pas effacée : son historique est gardé et elle renvoie vers celle qui reste.',
	'merge.same_values': 'Les deux fiches ont les mêmes informations.',
	'merge.empty': '(vide)',
	'merge.submit': 'Réunir les deux fiches',
	'merge.done': 'Fiches réunies.',
	'merge.offline': 'Réunir des fiches demande une connexion.',
	'merge.link': 'Doublons possibles',
	'api.error.merge_invalid': 'Ces deux fiches ne peuvent pas être réunies (la même fiche deux fois, une fiche déjà réunie, ou un champ qui ne se reprend pas).'
} as const;
