/**
 * Autosave of the sheet being edited: every change is written to IndexedDB at once (no save
 * button). At most one write runs at a time; changes typed during a write are folded into the next
 * one, so the database always ends with the latest values and the order of edits is kept.
 *
 * Two kinds of failure, told apart:
 * - passing (full disk, connection closed by the browser): the changes stay queued, the person is
 *   told once, and the write is tried again every few seconds, with the next edit, or on `flush()`;
 *   what is on screen is never dropped and is stored as soon as there is room again;
 * - permanent (a value the sheet refuses): each field is then written on its own, so the valid ones
 *   are kept and only the refused one is dropped and named — one bad value never blocks the rest.
 *
 * There is ONE saver per sheet (`saverFor`): reopening a sheet whose last changes are still queued
 * reuses that queue, so an old queue can never overwrite newer edits.
 */
import type { FieldName, Sheet, SheetFields } from '$lib/domain/sheet';
import { db } from '$lib/db/database';
import { InvalidSheetError, updateSheet } from '$lib/db/sheets';
import { t } from '$lib/i18n';
import { report, toasts } from './toasts.svelte';

export type SaveState = 'saved' | 'saving' | 'error';

const RETRY_MS = 5000;

function isPermanent(e: unknown): boolean {
	if (e instanceof InvalidSheetError) return true;
	return (e as { name?: unknown } | null)?.name === 'DataCloneError';
}

export class AutoSaver {
	state = $state<SaveState>('saved');
	#pending: Partial<SheetFields> = {};
	#running: Promise<void> | null = null;
	#retry: ReturnType<typeof setTimeout> | null = null;
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- callbacks, not state any markup reads
	#listeners = new Set<(sheet: Sheet) => void>();

	constructor(
		readonly id: string,
		onSaved?: (sheet: Sheet) => void,
		private readonly retryMs = RETRY_MS
	) {
		if (onSaved) this.#listeners.add(onSaved);
	}

	/** Be told of each sheet written; returns the function that stops it. */
	onSaved(fn: (sheet: Sheet) => void): () => void {
		this.#listeners.add(fn);
		return () => this.#listeners.delete(fn);
	}

	/** Changes queued but not yet written (shown over the stored sheet when it is reopened). */
	get pendingPatch(): Partial<SheetFields> {
		return { ...this.#pending };
	}

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
		for (let attempt = 0; attempt < 3; attempt++) {
			if (this.#running) await this.#running;
			if (!this.dirty) return;
			const failedBefore = this.state === 'error';
			await this.queue({});
			if (failedBefore && this.state === 'error') break;
		}
		if (this.dirty) throw new Error('autosave could not write the pending changes');
	}

	#scheduleRetry(): void {
		if (this.#retry) clearTimeout(this.#retry);
		this.#retry = setTimeout(() => {
			this.#retry = null;
			if (this.dirty && !this.#running) this.queue({}).catch(() => undefined);
		}, this.retryMs);
	}

	async #write(patch: Partial<SheetFields>): Promise<void> {
		const sheet = await updateSheet(db(), this.id, patch);
		for (const fn of this.#listeners) fn(sheet);
	}

	/** After a permanent refusal: keep every field that can be saved, drop and name the others. */
	async #writeFieldByField(patch: Partial<SheetFields>): Promise<void> {
		const refused: FieldName[] = [];
		for (const [name, value] of Object.entries(patch) as [FieldName, unknown][]) {
			try {
				await this.#write({ [name]: value } as Partial<SheetFields>);
			} catch (e) {
				if (!isPermanent(e)) throw e;
				refused.push(name);
			}
		}
		if (refused.length > 0) {
			console.error('autosave: values refused', refused);
			toasts.show(t('error.value_refused', { fields: refused.map((f) => t(`field.${f}` as never)).join(', ') }), 'error');
		}
	}

	async #run(): Promise<void> {
		try {
			while (this.dirty) {
				const patch = this.#pending;
				this.#pending = {};
				try {
					try {
						await this.#write(patch);
					} catch (e) {
						if (!isPermanent(e)) throw e;
						await this.#writeFieldByField(patch);
					}
				} catch (e) {
					// Passing failure: keep the patch, under anything typed since (newer values win).
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

// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a registry of savers; each saver's own fields are the reactive state
const savers = new Map<string, AutoSaver>();

/** The saver of a sheet (one per sheet id in this page). */
export function saverFor(id: string): AutoSaver {
	let saver = savers.get(id);
	if (!saver) {
		saver = new AutoSaver(id);
		savers.set(id, saver);
	}
	return saver;
}
