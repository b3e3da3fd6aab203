/**
 * Child processes and servers of the benchmark: each measured part that needs its own memory
 * figure runs in its own Node process; the static page server and the app's production server
 * listen on loopback only, on the benchmark's ports, and are always stopped by whoever started them.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';
import { PORTS, ROOT } from './paths.js';

/**
 * Runs `node script '<json args>'` and returns the JSON object its last stdout line holds.
 * Its stderr (progress) goes to ours.
 * @param {string} script
 * @param {unknown} args
 * @param {string[]} [nodeFlags]
 * @returns {Promise<any>}
 */
export function runNode(script, args, nodeFlags = []) {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [...nodeFlags, script, JSON.stringify(args)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
		let out = '';
		child.stdout.on('data', (d) => (out += d));
		child.on('error', reject);
		child.on('exit', (code, signal) => {
			const last = out.trim().split('\n').pop() ?? '';
			if (code !== 0) return reject(new Error(`${script} exited with ${signal ?? code}\n${out.slice(-2000)}`));
			try {
				resolve(JSON.parse(last));
			} catch {
				reject(new Error(`${script} printed no JSON result:\n${out.slice(-2000)}`));
			}
		});
	});
}

const TYPES = /** @type {Record<string, string>} */ ({ '.js': 'text/javascript', '.html': 'text/html', '.css': 'text/css', '.map': 'application/json' });

/**
 * A static server for one folder, with a page that loads `entry.js` as a module.
 * @param {string} dir
 * @param {number} port
 * @returns {Promise<{ origin: string; close: () => Promise<void> }>}
 */
export async function serveStatic(dir, port) {
	const server = createServer((req, res) => {
		const path = new URL(req.url ?? '/', 'http://x').pathname;
		if (path === '/') {
			res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
			res.end('<!doctype html><html lang="fr"><meta charset="utf-8"><title>bench</title><script type="module" src="/entry.js"></script></html>');
			return;
		}
		const file = normalize(join(dir, path));
		if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
			res.writeHead(404).end();
			return;
		}
		res.writeHead(200, { 'Content-Type': TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream' });
		createReadStream(file).pipe(res);
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve(undefined));
	});
	return {
		origin: `http://127.0.0.1:${port}`,
		close: () => new Promise((resolve) => server.close(() => resolve()))
	};
}

/**
 * The app's production server (`node <build>`) on a private port and data folder. Its API Géo is a
 * loopback port nobody listens on: this machine reaches no outside network, and an outside address
 * would leave the commune-outlines request hanging (Lighthouse then waits 45 s for the network to
 * settle); refused at once, the server answers "no outlines" (503) at once, as it does when the API
 * Géo is down.
 * @param {string} buildDir
 * @param {number} port
 * @param {string} dataDir
 */
export async function startAppServer(buildDir, port, dataDir) {
	const origin = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [join(buildDir, 'index.js')], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ATLAS_DATA_DIR: dataDir,
			ORIGIN: origin,
			BODY_SIZE_LIMIT: '16M',
			NODE_ENV: 'production',
			ATLAS_GEO_API: `http://127.0.0.1:${PORTS.noGeoApi}`
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	const stop = () =>
		new Promise((resolve) => {
			if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
			child.once('exit', () => resolve(undefined));
			child.kill('SIGTERM');
		});
	for (let i = 0; i < 200; i++) {
		if (child.exitCode !== null) break;
		try {
			if ((await fetch(`${origin}/`)).ok) return { origin, stop, output: () => output };
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	await stop();
	throw new Error(`the app server did not start on ${origin}:\n${output.slice(-3000)}`);
}
