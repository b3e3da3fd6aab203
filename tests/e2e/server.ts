/**
 * A private copy of the production server for tests that need their own (a first run on an empty
 * database, an app update): `node <build>/index.js` on its own port and data folder, with its
 * output kept so a test can read what it printed (the first-run link).
 */
import { expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class TestServer {
	readonly origin: string;
	readonly dataDir: string;
	output = '';
	#child: ChildProcess | null = null;

	/** Extra environment of the server (tile sources, API Géo address for the map tests). */
	env: Record<string, string> = {};

	constructor(
		readonly port: number,
		readonly buildDir = resolve(process.env.E2E_BUILD_DIR ?? 'build'),
		dataDir?: string
	) {
		this.origin = `http://127.0.0.1:${port}`;
		mkdirSync(resolve('test-results'), { recursive: true });
		this.dataDir = dataDir ?? mkdtempSync(join(resolve('test-results'), 'server-data-'));
	}

	async start(): Promise<void> {
		const child = spawn(process.execPath, [join(this.buildDir, 'index.js')], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				ATLAS_DATA_DIR: this.dataDir,
				ORIGIN: this.origin,
				BODY_SIZE_LIMIT: '16M',
				...this.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child = child;
		child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
		child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
		for (let i = 0; i < 100; i++) {
			try {
				if ((await fetch(`${this.origin}/`)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error(`the test server did not start:\n${this.output}`);
	}

	async stop(): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child || child.exitCode !== null) return;
		await new Promise<void>((done) => {
			child.once('exit', () => done());
			child.kill('SIGTERM');
		});
	}

	/** Kills the server at once (kill -9): no shutdown, no flushing — what a power cut does. */
	async kill(): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child || child.exitCode !== null) return;
		await new Promise<void>((done) => {
			child.once('exit', () => done());
			child.kill('SIGKILL');
		});
	}

	/** The first-run link the server printed, made absolute on this server's origin. */
	setupLink(): string {
		const m = /\/bienvenue#([A-Za-z0-9_-]{43})/.exec(this.output);
		if (!m) throw new Error(`no first-run link in the server output:\n${this.output}`);
		return `${this.origin}/bienvenue#${m[1]}`;
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}

/**
 * Team set-up shared by the tests that run their own server: the coordinator created from the
 * printed first-run link (through the page, like a person), invitations made with its session, and
 * a person joining through the page.
 */
export async function createCoordinator(page: Page, server: TestServer, name = 'Claire Coordination'): Promise<void> {
	await page.goto(server.setupLink());
	await page.getByLabel('Votre nom').fill(name);
	await page.getByRole('button', { name: 'Créer le compte de coordination' }).click();
	// The coordinator lands on her home, the census's progress.
	await expect(page).toHaveURL(`${server.origin}/`);
	await expect(page.getByRole('heading', { name: 'Suivi du recensement', level: 1 })).toBeVisible();
}

/** An invitation link made with the coordinator's session (the page's cookies). */
export async function inviteLink(coordinator: Page, server: TestServer, body: object): Promise<string> {
	const res = await coordinator.request.post(`${server.origin}/api/team/invitations`, { data: body, headers: { Origin: server.origin } });
	return ((await res.json()) as { link: string }).link;
}

/** Opens an invitation link and joins with a name, as a person would. */
export async function joinWithLink(page: Page, server: TestServer, link: string, name: string): Promise<void> {
	await page.goto(link);
	await page.getByLabel('Votre nom (tel que l’équipe le verra)').fill(name);
	await page.getByRole('button', { name: 'Rejoindre' }).click();
	// Each role lands on its home: a mairie on her commune's sheets, the others on '/'.
	await expect(page).toHaveURL(new RegExp(`^${server.origin}/(commune)?$`));
}
