/**
 * The French messages every page starts with. Here: the whole catalogue, for the server, the
 * command line, the unit tests and any plain Node importer (Playwright loads test helpers that use
 * the formatters). In the browser build, vite.message-parts.ts puts the `core` part in this
 * module's place (./parts.ts); the other parts come with the screens that need them.
 */
import { fr } from './fr';

const french: Readonly<Record<string, string>> = fr;
export default french;
