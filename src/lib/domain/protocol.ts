/**
 * The sync protocol's version numbers, carried by every request (sync-protocol.md, "Clocks,
 * deletes, versions"). The server accepts a range: a phone may come back after weeks with an older
 * app and an outbox full of old mutations. Below the range it answers 426 and the app updates itself
 * (its outbox kept); the Dexie upgrade migrates the outbox rows.
 */
export const PROTOCOL = 1;
export const MIN_PROTOCOL = 1;
/** Version of the sheet's shape (fields and their values). */
export const SCHEMA_VERSION = 1;
export const MIN_SCHEMA_VERSION = 1;

/** A page of pull holds at most this many records. */
export const PULL_PAGE = 200;

/** A push carries at most this many mutations (about 3 kB each at most: well under the body limit). */
export const PUSH_MAX = 100;
/** Stamps may run this far ahead of the server clock before they are clamped (clock jitter). */
export const CLOCK_ALLOWANCE_MS = 60_000;
