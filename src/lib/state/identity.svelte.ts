/**
 * Who this device is signed in as. Kept in IndexedDB so the app works offline for weeks with the
 * identity it had; checked against the server (GET /api/me) whenever the network is there.
 *
 * - `none`: this device never joined (sheets are still kept; they wait for an identity to sync).
 * - `signed_in`: the server knows this device (or did last time it was asked).
 * - `rejoin`: the server said the session expired or was revoked. Nothing local is touched: the
 *   person is asked to join again, and unsent sheets wait.
 */
import * as v from 'valibot';
import { MeSchema, type Me } from '$lib/schemas/accounts';
import { ApiError } from '$lib/api/client';
import { fetchMe, signOut as endSession } from '$lib/api/account';
import { db } from '$lib/db/database';
import { getMeta, META, setMeta } from '$lib/db/meta';
import { applyScopeChange, sameScope } from '$lib/sync/scope';

const IDENTITY = 'identity';
const REJOIN = 'needsRejoin';

export type IdentityStatus = 'loading' | 'none' | 'signed_in' | 'rejoin';

class IdentityState {
	me = $state<Me | null>(null);
	status = $state<IdentityStatus>('loading');
	#started = false;

	get role() {
		return this.me?.role ?? null;
	}

	/** Read the stored identity, then ask the server; re-ask when the network or the tab comes back. */
	async start(): Promise<void> {
		if (this.#started) return;
		this.#started = true;
		let stored: unknown;
		let rejoin: unknown;
		try {
			stored = await getMeta<unknown>(db(), IDENTITY, null);
			rejoin = await getMeta(db(), REJOIN, false);
		} catch (e) {
			// The screens wait for 'loading' to end (tabs, home): a storage that cannot be read
			// must not leave them blank. The error goes to the funnel.
			this.status = 'none';
			throw e;
		}
		const parsed = v.safeParse(MeSchema, stored);
		this.me = parsed.success ? parsed.output : null;
		this.status = this.me ? (rejoin ? 'rejoin' : 'signed_in') : 'none';
		window.addEventListener('online', () => void this.refresh());
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.refresh();
		});
		await this.refresh();
	}

	/** Ask the server who we are. Offline or server down: keep what we know. */
	async refresh(): Promise<void> {
		let me: Me;
		try {
			me = await fetchMe();
		} catch (e) {
			if (!(e instanceof ApiError && e.unauthenticated)) return;
			if (this.me) {
				await setMeta(db(), REJOIN, true);
				this.status = 'rejoin';
			} else {
				this.status = 'none';
			}
			return;
		}
		await this.signedIn(me);
	}

	/** After joining, the first run or a sign-in: remember the person on this device. */
	async signedIn(me: Me): Promise<void> {
		// A new role or other communes change what this device may hold: re-pull, purge what is no
		// longer allowed (scenario 11). A volunteer's own typed contact stays while unsent.
		if (this.me && !sameScope(this.me, me)) {
			// Under the sync lock: a pull in flight must not write its cursor over the reset one.
			const apply = () => applyScopeChange(db(), me);
			if (navigator.locks) await navigator.locks.request('atlas-sync', apply);
			else await apply();
		}
		await setMeta(db(), IDENTITY, me);
		await setMeta(db(), REJOIN, false);
		const surveyor = await getMeta(db(), META.surveyor, '');
		if (!surveyor) await setMeta(db(), META.surveyor, me.name);
		this.me = me;
		this.status = 'signed_in';
	}

	/** Sign this device out (the server ends its session); local sheets stay. */
	async signOut(): Promise<void> {
		try {
			await endSession();
		} catch (e) {
			// Without network the session would stay open on the server: say so. A refusal (the session
			// already ended) still signs this device out.
			if (!(e instanceof ApiError) || e.unreachable) throw e;
		}
		await setMeta(db(), IDENTITY, null);
		await setMeta(db(), REJOIN, false);
		this.me = null;
		this.status = 'none';
	}
}

export const identity = new IdentityState();
