/**
 * Global setup of the vitest project `postgres` (runs once, before any worker): creates the run's
 * template database on the server of `ATLAS_TEST_DATABASE_URL` and migrates it by opening a PgStore
 * on it, so each test's database is a cheap clone already at the latest schema (tests/unit/stores.ts).
 * The teardown drops every database of the run, the ones failed tests left behind included.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = process.env.ATLAS_TEST_DATABASE_URL;
	if (!server) {
		throw new Error(
			'The vitest project "postgres" needs ATLAS_TEST_DATABASE_URL=postgres://…/postgres (a server where it may create databases). ' +
				"`npm test` starts a throw-away one (scripts/pg-cluster.js, needs Debian's postgresql package)."
		);
	}
	// Several runs may share a server (a developer's): each run's names are its own.
	const prefix = `${process.env.ATLAS_TEST_DB_PREFIX ?? 'atlas_test_'}${randomBytes(3).toString('hex')}_`;
	const template = `${prefix}template`;
	const admin = postgres(server, { max: 1, onnotice: () => {} });
	const dropAll = async () => {
		const rows = await admin<{ datname: string }[]>`SELECT datname FROM pg_database WHERE starts_with(datname, ${prefix})`;
		for (const { datname } of rows) await admin.unsafe(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
	};
	try {
		await admin.unsafe(`CREATE DATABASE "${template}"`);
		const url = new URL(server);
		url.pathname = `/${template}`;
		const { PgStore } = await import('../../src/lib/server/postgres/store');
		const store = new PgStore(url.toString());
		await store.open(); // the migrations
		await store.close();
	} catch (error) {
		await dropAll().catch(() => {});
		await admin.end();
		throw error;
	}
	project.provide('pgTemplate', template);
	project.provide('pgPrefix', prefix);
	return async () => {
		try {
			await dropAll();
		} finally {
			await admin.end();
		}
	};
}
