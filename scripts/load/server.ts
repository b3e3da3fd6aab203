/**
 * The production server under load: `node <build>/index.js` on a private port and data folder,
 * configured as behind a reverse proxy (each simulated phone has its own address in
 * X-Forwarded-For, so the per-address limits of sign-in and joining apply per person, as in the
 * field). It can be killed at once (SIGKILL: no shutdown, no flush — a power cut for the process)
 * and started again on the same data folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface ServerOptions {
	buildDir: string;
	port: number;
	dataDir: string;
	/** Extra environment. */
	env?: Record<string, string>;
}

export class ServerProcess {
	readonly origin: string;
	/** How many times the server was started (1 = the first run). */
	starts = 0;
	/** Milliseconds each start took until the first page answered. */
	readonly startTimes: number[] = [];
	#output = '';
	#setupToken: string | null = null;
	#child: ChildProcess | null = null;

	constructor(readonly o: ServerOptions) {
		this.origin = `http://127.0.0.1:${o.port}`;
	}

	get running(): boolean {
		return this.#child !== null && this.#child.exitCode === null && this.#child.signalCode === null;
	}

	/** The end of what the server printed (for error messages). */
	get output(): string {
		return this.#output;
	}

	async start(): Promise<void> {
		if (this.running) throw new Error('server already running');
		const started = performance.now();
		const child = spawn(process.execPath, [join(this.o.buildDir, 'index.js')], {
			env: {
				...process.env,
				NODE_ENV: 'production',
				PORT: String(this.o.port),
				HOST: '127.0.0.1',
				ORIGIN: this.origin,
				ATLAS_DATA_DIR: this.o.dataDir,
				BODY_SIZE_LIMIT: '16M',
				ADDRESS_HEADER: 'X-Forwarded-For',
				XFF_DEPTH: '1',
				...this.o.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child = child;
		let listening = false;
		const keep = (d: Buffer) => {
			const text = d.toString();
			// adapter-node says so once its socket is open: from then on, requests are accepted (and
			// queued). Asking a page instead would measure the queue of 500 phones retrying at once.
			if (text.includes('Listening on')) listening = true;
			const link = /\/bienvenue#([A-Za-z0-9_-]{43})/.exec(text);
			if (link) this.#setupToken = link[1] as string;
			this.#output = (this.#output + text).slice(-16_000);
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		const deadline = Date.now() + 60_000;
		for (let round = 0; Date.now() < deadline; round++) {
			if (child.exitCode !== null) break;
			let ready = listening;
			// Also a page, now and then, in case the start-up line ever changes.
			if (!ready && round % 10 === 9) {
				try {
					const res = await fetch(`${this.origin}/robots.txt`);
					await res.arrayBuffer();
					ready = res.ok;
				} catch {
					// not listening yet
				}
			}
			if (ready) {
				this.starts++;
				this.startTimes.push(performance.now() - started);
				return;
			}
			await new Promise((r) => setTimeout(r, 20));
		}
		await this.kill();
		throw new Error(`the server did not start on ${this.origin}:\n${this.#output}`);
	}

	/** The first-run token the server printed on an empty database. */
	setupToken(): string {
		if (!this.#setupToken) throw new Error(`no first-run link in the server output:\n${this.#output}`);
		return this.#setupToken;
	}

	/** kill -9: the process ends at once, whatever it was doing. */
	kill(): Promise<void> {
		return this.#end('SIGKILL');
	}

	/** A normal stop (SIGTERM), killed after 10 s. */
	stop(): Promise<void> {
		return this.#end('SIGTERM');
	}

	async #end(signal: NodeJS.Signals): Promise<void> {
		const child = this.#child;
		this.#child = null;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		await new Promise<void>((done) => {
			const force = signal === 'SIGTERM' ? setTimeout(() => child.kill('SIGKILL'), 10_000) : null;
			child.once('exit', () => {
				if (force) clearTimeout(force);
				done();
			});
			child.kill(signal);
		});
	}
}
