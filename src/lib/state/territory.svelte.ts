/**
 * The territory's communes, for pickers and labels. Kept in IndexedDB so it works offline; fetched
 * again from the server when online (ETag: an unchanged territory costs one small request).
 */
import type { Commune, Territory } from '$lib/domain/territory';
import { parseTerritory } from '$lib/schemas/territory';
import { db } from '$lib/db/database';
import { fetchTerritory } from '$lib/api/territory';

class TerritoryState {
	territory = $state<Territory | null>(null);
	/** 'idle' until load(), 'ready' with data, 'missing' when never fetched and offline. */
	status = $state<'idle' | 'loading' | 'ready' | 'missing'>('idle');
	#byInsee = $derived(new Map((this.territory?.communes ?? []).map((c) => [c.insee, c])));
	#loading: Promise<void> | null = null;

	get communes(): Commune[] {
		return this.territory?.communes ?? [];
	}

	commune(insee: string | null | undefined): Commune | undefined {
		return insee ? this.#byInsee.get(insee) : undefined;
	}

	communeName(insee: string | null | undefined): string {
		return this.commune(insee)?.name ?? insee ?? '';
	}

	load(): Promise<void> {
		this.#loading ??= this.#load();
		return this.#loading;
	}

	async #load(): Promise<void> {
		this.status = 'loading';
		let etag: string | null = null;
		try {
			const row = await db().territory.get('current');
			const parsed = row ? parseTerritory(row.value) : null;
			if (parsed?.ok) {
				this.territory = parsed.territory;
				etag = row?.etag ?? null;
				this.status = 'ready';
			}
		} catch (e) {
			console.error(e);
		}
		await this.refresh(etag);
		if (!this.territory) this.status = 'missing';
	}

	/** Ask the server for a newer territory; silent when offline (the stored one stays). */
	async refresh(etag: string | null): Promise<void> {
		try {
			const fresh = await fetchTerritory(etag);
			if (!fresh) return;
			const parsed = parseTerritory(fresh.value);
			if (!parsed.ok) return;
			await db().territory.put({
				key: 'current',
				value: parsed.territory,
				etag: fresh.etag,
				fetchedAt: new Date().toISOString()
			});
			this.territory = parsed.territory;
			this.status = 'ready';
		} catch {
			// Offline or server unreachable: the stored territory is used.
		}
	}
}

export const territoryState = new TerritoryState();
