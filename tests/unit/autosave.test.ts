import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '$lib/db/database';
import { createSheet, getSheet } from '$lib/db/sheets';
import { AutoSaver } from '$lib/state/autosave.svelte';

afterEach(() => {
	vi.restoreAllMocks();
	vi.useRealTimers();
});

describe('autosave', () => {
	it('writes every change, in order, and ends with the latest values', async () => {
		const sheet = await createSheet(db(), 'pressoir');
		const saver = new AutoSaver(sheet.id);
		let typed = '';
		const writes: Promise<void>[] = [];
		for (const c of 'Pressoir de Préaux') {
			typed += c;
			writes.push(saver.queue({ name: typed }));
		}
		await Promise.all(writes);
		await saver.flush();
		expect(saver.state).toBe('saved');
		expect((await getSheet(db(), sheet.id))?.fields.name).toBe('Pressoir de Préaux');
	});

	it('keeps unsaved changes when a write fails, and writes them by itself once there is room again', { timeout: 15_000 }, async () => {
		const sheet = await createSheet(db(), 'moulin_farine');
		const saver = new AutoSaver(sheet.id, () => {}, 50);
		const quota = new DOMException('full', 'QuotaExceededError');
		const put = vi.spyOn(db().sheets, 'put').mockRejectedValue(quota);
		vi.spyOn(console, 'error').mockImplementation(() => undefined);

		await saver.queue({ name: 'Moulin Astrié' });
		expect(saver.state).toBe('error');
		await expect(saver.flush()).rejects.toThrow();
		expect((await getSheet(db(), sheet.id))?.fields.name).toBe('');

		put.mockRestore();
		vi.useRealTimers();
		await vi.waitFor(() => expect(saver.state).toBe('saved'), { timeout: 3000, interval: 20 });
		expect((await getSheet(db(), sheet.id))?.fields.name).toBe('Moulin Astrié');
	});
});
