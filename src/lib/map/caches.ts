/**
 * Names of the service worker's tile caches (src/service-worker.ts), shared with the page that
 * prepares areas offline (prepare.ts). Never rename one without migrating it: a phone would lose
 * the map it prepared at home.
 */
/** Tiles of areas prepared for offline use: kept until the person removes the area. */
export const PREPARED_TILES = 'atlas-tiles-prepared';
/** Tiles a person viewed: bounded by count and age. */
export const VIEWED_TILES = 'atlas-tiles';
