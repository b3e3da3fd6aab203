import type { ParamMatcher } from '@sveltejs/kit';
import { isGuide } from '$lib/domain/guides';

/** `/guide/benevole`, `/guide/mairie`: any other name is the app's « page not found ». */
export const match: ParamMatcher = (param) => isGuide(param);
