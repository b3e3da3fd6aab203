/**
 * Autosave of the sheet being edited: every change is written to IndexedDB at once (no save
 * button). At most one write runs at a time; changes typed during a write are folded into the next
 * one, so the database always ends with the latest values and the order of edits is kept.
 * If a write fails (full disk...), the changes stay queued and are written with the next edit or
 * `flush()`: what is on screen is never dropped.
 */
import type { Sheet, SheetFields } from '$lib/domain/sheet';
import { db } from '$lib/db/database';
import { updateSheet } from '$lib/db/sheets';
import { report } from './toasts.svelte';

export type SaveState = 'saved' | 'saving' | 'error';

export class AutoSaver {
	state = $state<SaveState>('saved');
	#pending: Partial<SheetFields> = {};
	#running: Promise<void> | null = null;

	constructor(
		private readonly id: string,
		private readonly onSaved: (sheet: Sheet) => void = () => {}
	) {}

	get dirty(): boolean {
		return Object.keys(this.#pending).length > 0;
	}

	queue(patch: Partial<SheetFields>): Promise<void> {
		Object.assign(this.#pending, patch);
		this.state = 'saving';
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
					this.state = 'error';
					report(e);
					return;
				}
			}
			this.state = 'saved';
		} finally {
			this.#running = null;
		}
	}
}
