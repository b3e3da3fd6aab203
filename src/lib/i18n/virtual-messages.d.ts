/** The parts of a catalogue, built by vite.message-parts.ts (see ./parts.ts). */
declare module 'virtual:atlas-messages/*' {
	const messages: Readonly<Record<string, string>>;
	export default messages;
}
