/** Issue 7: merging two sheets of the same tool (coordinator), and what devices see of it. */
export const merge = {
	'merge.merged_notice': 'Cette fiche décrivait le même outil qu’une autre : la coordination les a réunies. Ce que vous y écrivez encore est reporté sur la fiche réunie.',
	'merge.merged_open': 'Ouvrir la fiche réunie',
	'history.reason.merged_from': 'La coordination a réuni une fiche du même outil avec celle-ci, et en a repris :',
	'history.reason.merged_into': 'La coordination a réuni cette fiche avec une autre du même outil (elle y continue ; cet historique est gardé).',
	'api.error.merge_invalid': 'Ces deux fiches ne peuvent pas être réunies (la même fiche deux fois, une fiche déjà réunie, ou un champ qui ne se reprend pas).'
} as const;
