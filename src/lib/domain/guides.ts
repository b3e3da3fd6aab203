/**
 * The two guides for people (the volunteer's and the town hall's): their steps, in order, and the
 * screenshot of each step.
 *
 * One list serves three readers, so they cannot drift apart:
 * - the guide page (routes/guide/[guide]) draws the steps and their images;
 * - scripts/guide-screens.js walks the real app and writes exactly these image files, one set per
 *   language (the guide shows the screens in the person's language);
 * - tests check that every image named here exists under static/guides.
 * The texts live in the catalogue: `guide.<guide>.<step>.title|body|alt`.
 */

export const GUIDES = ['benevole', 'mairie'] as const;
export type Guide = (typeof GUIDES)[number];

/** Languages the screenshots exist in (the app's languages: i18n/locales.ts, kept pure here). */
export const GUIDE_LOCALES = ['fr', 'en'] as const;
export type GuideLocale = (typeof GUIDE_LOCALES)[number];

export const GUIDE_STEPS = {
	benevole: ['join', 'install', 'new', 'fill', 'finish', 'offline', 'fix'],
	mairie: ['join', 'commune', 'read', 'decide', 'changes', 'print']
} as const satisfies Record<Guide, readonly string[]>;
export type GuideStep<G extends Guide = Guide> = (typeof GUIDE_STEPS)[G][number];

/** Where static/ serves the screenshots from; the service worker caches this folder on first view. */
export const GUIDE_IMAGE_DIR = '/guides/';

/** Size of every screenshot: the phone the app is designed for (360 × 740 CSS pixels). */
export const GUIDE_IMAGE = { width: 360, height: 740 } as const;

export function isGuide(value: unknown): value is Guide {
	return typeof value === 'string' && (GUIDES as readonly string[]).includes(value);
}

/** The screenshot of a step: `/guides/fr/benevole-3-new.webp` (numbered, so a folder listing reads in order). */
export function guideImage(guide: Guide, step: string, locale: GuideLocale): string {
	const index = (GUIDE_STEPS[guide] as readonly string[]).indexOf(step);
	if (index < 0) throw new Error(`unknown step ${step} of guide ${guide}`);
	return `${GUIDE_IMAGE_DIR}${locale}/${guide}-${index + 1}-${step}.webp`;
}

/** Every screenshot of every guide in every language (for the script and the tests). */
export function allGuideImages(): { guide: Guide; step: string; locale: GuideLocale; path: string }[] {
	return GUIDE_LOCALES.flatMap((locale) =>
		GUIDES.flatMap((guide) => GUIDE_STEPS[guide].map((step) => ({ guide, step, locale, path: guideImage(guide, step, locale) })))
	);
}
