/**
 * The one download of map tiles in progress on this page, as runes state. It lives outside the
 * page component on purpose: leaving « Préparer la carte hors ligne » for the map (to look at the
 * area) does not stop the download, and coming back shows its progress again.
 * One download at a time: the tile server is asked a few tiles at a time, never more.
 */
import { db } from '$lib/db/database';
import type { TileSource } from '$lib/domain/tile-sources';
import { planArea, prepareArea, type CommuneBox } from '$lib/offline/prepare-map';
import { report } from '$lib/state/toasts.svelte';

export interface RunningDownload {
	/** The area's row id, known once the row is written. */
	areaId: string | null;
	names: string[];
	done: number;
	total: number;
	bytes: number;
	cancelling: boolean;
}

export interface DownloadResult {
	kind: 'complete' | 'cancelled' | 'offline' | 'quota' | 'error';
	names: string[];
	tiles: number;
	bytes: number;
	failed: number;
}

class OfflineDownload {
	running = $state<RunningDownload | null>(null);
	result = $state<DownloadResult | null>(null);
	#controller: AbortController | null = null;

	/** Downloads (or resumes, with `areaId`) an area. Errors go through the app's error funnel. */
	async start(source: TileSource, communes: CommuneBox[], areaId?: string): Promise<void> {
		if (this.running) return;
		const names = communes.map((c) => c.nom);
		const controller = new AbortController();
		this.#controller = controller;
		this.result = null;
		this.running = { areaId: areaId ?? null, names, done: 0, total: planArea(source, communes).tiles, bytes: 0, cancelling: false };
		const running = this.running;
		try {
			const outcome = await prepareArea(db(), source, communes, {
				id: areaId,
				signal: controller.signal,
				onStart: (row) => (running.areaId = row.id),
				onProgress: (done, total, bytes) => {
					running.done = done;
					running.total = total;
					running.bytes = bytes;
				}
			});
			const { tiles, bytes, failed } = outcome.row;
			this.result = { kind: outcome.status, names, tiles, bytes, failed };
		} catch (e) {
			// A full disk is said by the funnel's toast, and again here where the person looks.
			const kind = report(e);
			this.result = { kind: kind === 'quota' ? 'quota' : 'error', names, tiles: running.done, bytes: running.bytes, failed: 0 };
		} finally {
			this.running = null;
			this.#controller = null;
		}
	}

	cancel(): void {
		if (!this.running || !this.#controller) return;
		this.running.cancelling = true;
		this.#controller.abort();
	}
}

export const offlineDownload = new OfflineDownload();
