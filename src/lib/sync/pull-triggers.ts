/**
 * When the app must exchange with the server at once rather than at its next timer: as soon as this
 * device is signed in (joined by a link, signed in with a password, joined again), and as soon as
 * the person's role or communes change — else a new mairie would look at an empty list until she
 * reloads. The scheduler watches the identity (handed to it at start: sync never imports state) and
 * asks these pure helpers whether the change calls for a pull.
 */
import type { Scope } from './scope';

/** The signed-in person's scope as one comparable string; null while not signed in. */
export function scopeKey(signedIn: boolean, me: Scope | null): string | null {
	if (!signedIn || !me) return null;
	return `${me.id}|${me.role}|${[...me.communes].sort().join(',')}`;
}

/**
 * Remembers the last scope seen. A pull is due when the device becomes signed in or its scope
 * changes; not when the identity is merely read again unchanged (every return of the network
 * re-asks the server who we are), nor when it signs out.
 */
export class ScopeWatch {
	#last: string | null = null;

	/** True when this key calls for a pull now. */
	changed(key: string | null): boolean {
		const due = key !== null && key !== this.#last;
		this.#last = key;
		return due;
	}
}

/**
 * The server answers each pull with the role and communes it holds for the person now. When they
 * differ from what this device believes, the coordinator changed them: the device asks who it is.
 */
export function scopeDiffers(me: Pick<Scope, 'role' | 'communes'> | null, server: Pick<Scope, 'role' | 'communes'> | undefined): boolean {
	if (!me || !server) return false;
	return me.role !== server.role || [...me.communes].sort().join(',') !== [...server.communes].sort().join(',');
}

/**
 * One exchange at a time. A request made while one runs is not dropped: it runs once more after it
 * (the identity may have changed mid-exchange, and that exchange pulled with the old cursor).
 */
export class RunGate {
	#running = false;
	#again = false;

	get running(): boolean {
		return this.#running;
	}

	/** True when the caller may run now; false when one runs (it is then asked to run again after). */
	enter(): boolean {
		if (this.#running) {
			this.#again = true;
			return false;
		}
		this.#running = true;
		return true;
	}

	/** The run ended: true when a request came meanwhile and another run is due. */
	leave(): boolean {
		this.#running = false;
		const again = this.#again;
		this.#again = false;
		return again;
	}
}
