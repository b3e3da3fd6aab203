/**
 * The browser's French catalogue, in parts (the sheet form ships ≤ 100 KB of JavaScript).
 *
 * The whole catalogue is ~110 KB (~30 KB gzip), most of it for the coordinator's screens (team,
 * census, exports, coverage, history...). In the browser, `core` ships with every page; each other
 * part is a chunk of its own (vite.message-parts.ts builds them from the catalogue files, so the
 * translators' files stay as they are), loaded before a screen that needs it is drawn
 * (routes/+layout.ts → ./message-parts.ts). The service worker precaches every chunk: offline too.
 * The server, the command line and the unit tests hold the whole catalogue (./core.ts).
 *
 * Two rules keep every screen complete:
 * - a key belongs to the part of its LONGEST listed prefix; a key under no listed prefix is in
 *   `office`, so a new area never grows the core by accident;
 * - a screen not listed in LIGHT_SCREENS loads EVERY part. Only the listed screens load less, and
 *   tests/unit/message-parts.test.ts reads their code (the import graph from the route) and fails
 *   when one may show a key of a part it does not load.
 */

export const PARTS = ['core', 'home', 'detail', 'map', 'join', 'device', 'census', 'team', 'guide', 'office', 'server'] as const;
export type Part = (typeof PARTS)[number];
/** The parts a browser may load: all but the command line's messages. */
export const BROWSER_PARTS: readonly Part[] = PARTS.filter((p) => p !== 'server');

/** Key prefix → part (longest prefix wins; anything else: 'office'). */
export const PART_OF_PREFIX: Readonly<Record<string, Part>> = {
	// Every page: the layout (tabs, network state, identity banner, update prompt, toasts, badges),
	// error pages and the error funnel. (api.error.* is the server's: its answers carry the text.)
	'app.': 'core',
	'nav.': 'core',
	'net.': 'core',
	'toast.': 'core',
	'error.': 'core',
	// The API client's own failure words (lib/api/client.ts): any screen that asks the server.
	'request.': 'core',
	'identity.': 'core',
	'pwa.': 'core',
	'role.': 'core',
	'age.': 'core',
	'review.badge.': 'core',
	'commune.to_review.': 'core',
	// The cue of a table that scrolls sideways (census, coverage, any screen that shows a table).
	'scrollbox.': 'core',
	// The vocabulary (labels of domain values), shown by every screen that shows a sheet.
	'category.': 'core',
	'family.': 'core',
	'unit.': 'core',
	'month.': 'core',
	'monthShort.': 'core',
	'ownership.': 'core',
	'energy.': 'core',
	'status.': 'core',
	'sanitary.': 'core',
	'condition.': 'core',
	'access.': 'core',
	'tristate.': 'core',
	// The new sheet and the sheet form (the phone's main work), with its sent-back notice,
	// the « outil semblable » prompt and the point picker.
	'new.': 'core',
	'form.': 'core',
	'field.': 'core',
	'section.': 'core',
	'problem.': 'core',
	'gps.': 'core',
	'photos.': 'core',
	'photoCount.': 'core',
	'photo.': 'core',
	'picker.': 'core',
	'duplicates.': 'core',
	'territory.': 'core',
	'review.sent_back': 'core',
	'review.role.': 'core',
	'review.resend': 'core',
	'review.validated': 'core',
	'review.archived_note': 'core',
	// « Mes fiches » and the lists of sheets.
	'list.': 'home',
	'syncbar.': 'home',
	// The sync line of the screens showing the server's data (lists, map, census).
	'syncline.': 'home',
	'state.': 'home',
	'rejection.': 'home',
	'review.all_statuses': 'home',
	// The screen after « Terminer la fiche », which leads to « Mes fiches » or a new sheet.
	'finish.': 'home',
	'review.filter.': 'home',
	'review.flag_reverify': 'home',
	'review.state_filter': 'home',
	// Each role's home: the coordinator's progress and first-run checklist, « Mes fiches » elsewhere.
	'homes.': 'home',
	// A sheet's page, with its review actions and comment thread.
	'detail.': 'detail',
	'review.': 'detail',
	'merge.merged_': 'detail',
	// The words of a sheet's values and its fields' names (components/review/field-words.ts), which
	// a sheet's page shows too: what changed since the last review decision, and the value before.
	'history.field.': 'detail',
	'history.yes': 'detail',
	'history.no': 'detail',
	'history.not_found': 'office',
	'history.point': 'detail',
	'history.equipment_item': 'detail',
	'history.consent_on': 'detail',
	'history.photo_count': 'detail',
	// The map.
	'map.': 'map',
	// Joining, signing in, first start.
	'joinpage.': 'join',
	'account.': 'join',
	'setup.': 'join',
	'signin.': 'join',
	// « Cet appareil ».
	'devicepage.': 'device',
	'storage.': 'device',
	'backup.': 'device',
	'locale.': 'device',
	// The census and its exports.
	'census.': 'census',
	'export.': 'census',
	// The team screen.
	'team.': 'team',
	// The guides for people (/guide/benevole, /guide/mairie); the links to them are shown by
	// « Mes fiches » and « Cet appareil », which load `home`.
	'guide.': 'guide',
	'howto.': 'home',
	// The operator's command line: never shown in a browser.
	'cli.': 'server'
};

/** The part of a key (module comment). */
export function partOf(key: string): Part {
	let best = '';
	for (const prefix of Object.keys(PART_OF_PREFIX)) {
		if (prefix.length > best.length && (key.startsWith(prefix) || `${key}.` === prefix)) best = prefix;
	}
	return best ? (PART_OF_PREFIX[best] as Part) : 'office';
}

/**
 * Screens that need fewer parts than all (besides `core`), by route. First match wins. Any other
 * screen loads every part.
 */
export const LIGHT_SCREENS: readonly { route: string; pattern: RegExp; parts: readonly Part[] }[] = [
	{ route: '/', pattern: /^\/$/, parts: ['home'] },
	{ route: '/fiches', pattern: /^\/fiches\/?$/, parts: ['home'] },
	{ route: '/fiches/nouvelle', pattern: /^\/fiches\/nouvelle\/?$/, parts: [] },
	{ route: '/fiches/[id]/modifier', pattern: /^\/fiches\/[^/]+\/modifier\/?$/, parts: [] },
	{ route: '/fiches/[id]/terminee', pattern: /^\/fiches\/[^/]+\/terminee\/?$/, parts: ['home'] },
	{ route: '/fiches/[id]', pattern: /^\/fiches\/[^/]+\/?$/, parts: ['home', 'detail'] },
	{ route: '/carte', pattern: /^\/carte\/?$/, parts: ['home', 'detail', 'map'] },
	{ route: '/appareil', pattern: /^\/appareil\/?$/, parts: ['home', 'device', 'join'] },
	{ route: '/bienvenue', pattern: /^\/bienvenue\/?$/, parts: ['join'] },
	{ route: '/rejoindre', pattern: /^\/rejoindre\/?$/, parts: ['join'] },
	{ route: '/connexion', pattern: /^\/connexion\/?$/, parts: ['join'] },
	{ route: '/recensement', pattern: /^\/recensement\/?$/, parts: ['census', 'home'] },
	// A guide names the buttons of other screens with their own messages (joining, lists, a sheet).
	{ route: '/guide/[guide=guide]', pattern: /^\/guide\/[^/]+\/?$/, parts: ['home', 'detail', 'join', 'guide'] }
];

/** The parts a screen needs, `core` first. */
export function partsFor(pathname: string): Part[] {
	const screen = LIGHT_SCREENS.find((s) => s.pattern.test(pathname));
	return screen ? ['core', ...screen.parts] : [...BROWSER_PARTS];
}
