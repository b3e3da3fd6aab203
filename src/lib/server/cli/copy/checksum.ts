/**
 * One checksum per table, computed the same way from both databases: the rows in primary-key
 * order, each value through one normaliser (INTEGER columns → a JS number, whatever the driver
 * gave: PostgreSQL's int8 arrives as a string; text as it is; NULL as null), each row as one JSON
 * line, all through SHA-256. Equal checksums mean equal rows, not just equal counts.
 */
import { createHash, type Hash } from 'node:crypto';
import type { Column, Value } from './sqlite-source';

export class TableDigest {
	rows = 0;
	readonly #hash: Hash = createHash('sha256');

	constructor(private readonly columns: readonly Column[]) {}

	add(page: readonly (readonly Value[])[]): void {
		for (const row of page) {
			const canonical = this.columns.map((c, i) => normalise(row[i] ?? null, c.integer));
			this.#hash.update(`${JSON.stringify(canonical)}\n`);
			this.rows++;
		}
	}

	hex(): string {
		return this.#hash.digest('hex');
	}
}

export function normalise(value: Value | undefined, integer: boolean): string | number | null {
	if (value === null || value === undefined) return null;
	if (integer) return Number(value);
	return typeof value === 'string' ? value : String(value);
}
