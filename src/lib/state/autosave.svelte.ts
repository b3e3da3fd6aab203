/**
 * Autosave of the sheet being edited: every change is written to IndexedDB at once (no save
 * button). At most one write runs at a time; changes typed during a write are folded into the next
 * one, so the database always ends with the latest values and the order of edits is kept.
 * If a write fails (full disk...), the changes stay queued, the person is told once, and the write
 * is tried again every few seconds, with the next edit, or on `flush()`: what is on screen is never
 * dropped, and it is stored as soon as there is room again.
 */
import type { Sheet, SheetFields } from '$lib/domain/sheet';
import { db } from '$lib/db/database';
import { updateSheet } from '$lib/db/sheets';
import { report } from './toasts.svelte';

export type SaveState = 'saved' | 'saving' | 'error';

const RETRY_MS = 5000;

export class AutoSaver {
	state = $state<SaveState>('saved');
	#pending: Partial<SheetFields> = {};
	#running: Promise<void> | null = null;
	#retry: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly id: string,
		private readonly onSaved: (sheet: Sheet) => void = () => {},
		private readonly retryMs = RETRY_MS
	) {}

	get dirty(): boolean {
		return Object.keys(this.#pending).length > 0;
	}

	queue(patch: Partial<SheetFields>): Promise<void> {
		Object.assign(this.#pending, patch);
		if (this.state !== 'error') this.state = 'saving';
		this.#running ??= this.#run();
		return this.#running;
	}

	/**
	 * Resolves once everything typed so far is in IndexedDB; rejects if it could not be written (so
	 * an app update waits instead of reloading away unsaved text).
	 */
	async flush(): Promise<void> {
		if (this.#running) await this.#running;
		if (this.dirty) await this.queue({});
		if (this.dirty) throw new Error('autosave could not write the pending changes');
	}

	#scheduleRetry(): void {
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = setTimeout(() => {
			this.#retry = null;
			if (this.dirty && !this.#running) this.queue({}).catch(() => undefined);
		}, this.retryMs);
	}

	/** Stop retrying (the editor is gone; a pending failed write was already reported). */
	dispose(): void {
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = null;
	}

	async #run(): Promise<void> {
		try {
			while (this.dirty) {
				const patch = this.#pending;
				this.#pending = {};
				try {
					const sheet = await updateSheet(db(), this.id, patch);
					this.onSaved(sheet);
				} catch (e) {
					// Keep the failed patch, under anything typed since (newer values win).
					this.#pending = { ...patch, ...this.#pending };
					// Tell once per failure streak, not at every keystroke or retry.
					if (this.state !== 'error') report(e);
					this.state = 'error';
					this.#scheduleRetry();
					return;
				}
			}
			this.state = 'saved';
		} finally {
			this.#running = null;
		}
	}
}
