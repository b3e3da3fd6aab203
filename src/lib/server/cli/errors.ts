/**
 * How a command fails: a message for the person at the console (already translated) and the exit
 * code the shell sees. 2 means the command line itself is wrong (nothing was changed); 1 means a
 * well-formed command could not be carried out.
 */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
	constructor(
		readonly exitCode: typeof EXIT_FAILURE | typeof EXIT_USAGE,
		message: string
	) {
		super(message);
		this.name = 'CliError';
	}
}

/** The command line is wrong: exit 2, with a pointer to the help. */
export const usageError = (message: string) => new CliError(EXIT_USAGE, message);
/** The command is well formed but cannot be done: exit 1. */
export const failure = (message: string) => new CliError(EXIT_FAILURE, message);
