// See https://svelte.dev/docs/kit/types#app.d.ts
import type { Session, User } from '$lib/server/store/types';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** The signed-in person and device, or null (set by hooks.server.ts). */
			auth: { user: User; session: Session } | null;
		}
	}
}

export {};
