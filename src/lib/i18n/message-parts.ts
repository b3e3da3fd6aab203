/**
 * Loads, in the browser, the parts of the French catalogue a screen needs (./parts.ts); called by
 * routes/+layout.ts before each screen is drawn. A part is loaded once per page; the service
 * worker precaches every part, so this works offline too. On the server everything is there.
 */
import { addFrench, type Catalogue } from './core';
import { partsFor, type Part } from './parts';

/** The parts loaded on demand: not the core (always there), not the server's (never sent). */
type OnDemand = Exclude<Part, 'core' | 'server'>;

const LOADERS: Readonly<Record<OnDemand, () => Promise<{ default: Catalogue }>>> = {
	home: () => import('virtual:atlas-messages/fr/home'),
	detail: () => import('virtual:atlas-messages/fr/detail'),
	map: () => import('virtual:atlas-messages/fr/map'),
	join: () => import('virtual:atlas-messages/fr/join'),
	device: () => import('virtual:atlas-messages/fr/device'),
	census: () => import('virtual:atlas-messages/fr/census'),
	team: () => import('virtual:atlas-messages/fr/team'),
	guide: () => import('virtual:atlas-messages/fr/guide'),
	office: () => import('virtual:atlas-messages/fr/office')
};

const loading = new Map<Part, Promise<void>>();

function load(part: OnDemand): Promise<void> {
	let done = loading.get(part);
	if (!done) {
		done = LOADERS[part]().then(
			(m) => addFrench(m.default),
			(e: unknown) => {
				// Not kept: the next screen tries again. Meanwhile the screen shows message keys
				// rather than no screen at all.
				loading.delete(part);
				console.error(`messages "${part}" could not load`, e);
			}
		);
		loading.set(part, done);
	}
	return done;
}

/** Resolves once every part the screen at `pathname` needs is loaded. */
export async function loadMessagesFor(pathname: string): Promise<void> {
	if (import.meta.env.SSR) return;
	await Promise.all(partsFor(pathname).map((part) => (part === 'core' || part === 'server' ? Promise.resolve() : load(part))));
}
