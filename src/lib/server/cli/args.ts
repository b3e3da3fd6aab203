/**
 * Command-line options: `--name value` or `--name=value`, flags without a value, and positional
 * arguments. Each command declares what it takes; anything else is a usage error (exit 2), so a
 * typo never runs a command with a default the operator did not mean.
 */
import { t } from '$lib/i18n';
import { usageError } from './errors';

export type OptionKind = 'value' | 'flag';

export interface ArgSpec {
	/** Option names without the leading `--`. `help` is always accepted. */
	options: Record<string, OptionKind>;
	/** How many positional arguments the command takes at most. */
	maxPositionals: number;
}

export interface ParsedArgs {
	options: Map<string, string | true>;
	positionals: string[];
}

export function parseArgs(command: string, argv: readonly string[], spec: ArgSpec): ParsedArgs {
	const kinds: Record<string, OptionKind> = { ...spec.options, help: 'flag' };
	const options = new Map<string, string | true>();
	const positionals: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i] as string;
		if (arg === '-h') {
			options.set('help', true);
			continue;
		}
		if (arg === '--') {
			positionals.push(...argv.slice(i + 1));
			break;
		}
		if (!arg.startsWith('--')) {
			positionals.push(arg);
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
		const option = `--${name}`;
		const kind = kinds[name];
		if (!kind) throw usageError(t('cli.error.unknown_option', { command, option }));
		if (options.has(name)) throw usageError(t('cli.error.repeated_option', { option }));
		if (kind === 'flag') {
			if (eq !== -1) throw usageError(t('cli.error.flag_value', { option }));
			options.set(name, true);
			continue;
		}
		let value: string | undefined;
		if (eq !== -1) value = arg.slice(eq + 1);
		else {
			const next = argv[i + 1];
			// `--label --uses` is a forgotten value, not a label; a value may still start with '-'.
			if (next !== undefined && !next.startsWith('--')) {
				value = next;
				i++;
			}
		}
		if (value === undefined || value.trim() === '') throw usageError(t('cli.error.missing_value', { option }));
		options.set(name, value);
	}
	if (positionals.length > spec.maxPositionals && !options.has('help')) {
		throw usageError(t('cli.error.unexpected_argument', { arg: positionals[spec.maxPositionals] as string }));
	}
	return { options, positionals };
}

/** The value of a `value` option (undefined when absent). */
export function valueOf(args: ParsedArgs, name: string): string | undefined {
	const v = args.options.get(name);
	return typeof v === 'string' ? v : undefined;
}

export function flag(args: ParsedArgs, name: string): boolean {
	return args.options.get(name) === true;
}
