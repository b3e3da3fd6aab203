/**
 * Faults: the server is killed with SIGKILL every `every` seconds (±50 % jitter) while the phones
 * work — or, for a run whose length depends on the machine (CI), each time the acknowledged
 * mutations reach a given count — and started again at once on the same data folder. Before each kill, the number of
 * mutations acknowledged so far is noted: every one of them must still be there at the end (the
 * phones never send an acknowledged mutation again, so one lost by the server would stay lost).
 */
import { inFlight } from './http';
import type { ServerProcess } from './server';
import type { Random } from './sheets';
import type { Shared, Volunteer } from './volunteer';

export interface KillReport {
	/** Milliseconds since the load started. */
	at: number;
	/** Mutations acknowledged before the kill (the first `acksBefore` entries of the ack log). */
	acksBefore: number;
	/** Requests in flight at the kill (answers that never came). */
	inFlight: number;
	/** Outbox rows not yet acknowledged, over all phones. */
	pending: number;
	/** Milliseconds from the kill until the server answered again. */
	downMs: number;
}

/**
 * One thing at a time on the server process: a kill and its restart, or a stop, restore and start
 * (restore.ts), never interleaved (a kill in the middle of a restore would restart the server on the
 * old folder, or start it twice).
 */
export class Exclusive {
	#tail: Promise<unknown> = Promise.resolve();

	run<T>(work: () => Promise<T>): Promise<T> {
		const result = this.#tail.then(work);
		this.#tail = result.catch(() => undefined);
		return result;
	}
}

/** When to kill: on a timer, or when so many mutations are acknowledged (one kill per count). */
export type KillSchedule = { everyMs: number; max: number } | { atAcks: readonly number[] };

export class Killer {
	readonly kills: KillReport[] = [];
	#stopped = false;
	#wake: (() => void) | null = null;
	#loop: Promise<void> | null = null;

	constructor(
		private readonly server: ServerProcess,
		private readonly shared: Shared,
		private readonly volunteers: () => readonly Volunteer[],
		private readonly schedule: KillSchedule,
		private readonly random: Random,
		private readonly exclusive: Exclusive = new Exclusive()
	) {}

	start(): void {
		this.#loop = this.#run();
	}

	async #pause(ms: number): Promise<void> {
		await new Promise<void>((resolve) => {
			const timer = setTimeout(resolve, ms);
			this.#wake = () => {
				clearTimeout(timer);
				resolve();
			};
		});
		this.#wake = null;
	}

	/** Waits for the next kill's moment; false when there is none (stopped, or all done). */
	async #next(): Promise<boolean> {
		const s = this.schedule;
		if ('everyMs' in s) {
			if (this.kills.length >= s.max) return false;
			await this.#pause(s.everyMs * (0.5 + this.random()));
			return !this.#stopped;
		}
		const target = s.atAcks[this.kills.length];
		if (target === undefined) return false;
		while (!this.#stopped && this.shared.acks.length < target) await this.#pause(10);
		return !this.#stopped;
	}

	async #run(): Promise<void> {
		while (!this.#stopped) {
			if (!(await this.#next())) break;
			await this.exclusive.run(async () => {
				const report: KillReport = {
					at: Date.now() - this.shared.startedAt,
					acksBefore: this.shared.acks.length,
					inFlight: inFlight.count,
					pending: this.volunteers().reduce((n, v) => n + v.outbox.length, 0),
					downMs: 0
				};
				const killedAt = performance.now();
				await this.server.kill();
				await this.server.start();
				report.downMs = performance.now() - killedAt;
				this.kills.push(report);
			});
		}
	}

	/** No more kills; resolves once the server is up (a restart in progress completes). */
	async stop(): Promise<void> {
		this.#stopped = true;
		this.#wake?.();
		await this.#loop;
	}
}
