#!/usr/bin/env node
/**
 * `npm start`: runs the production server.
 *   - data folder: ATLAS_DATA_DIR (default ./data), created if missing
 *   - builds first if build/ is missing
 *   - listens on HOST (default 0.0.0.0) : PORT (default 3000), prints the address once it answers
 *   - forwards SIGINT/SIGTERM to the server and exits with its code
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '0.0.0.0';
const dataDir = resolve(root, process.env.ATLAS_DATA_DIR ?? 'data');

mkdirSync(dataDir, { recursive: true });

if (!existsSync(join(root, 'build', 'index.js'))) {
	console.log('Pas de build/ : construction… (no build/ yet: building…)');
	const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (build.status !== 0) {
		console.error('La construction a échoué. (Build failed.)');
		process.exit(build.status ?? 1);
	}
}

// The public address: links shown to people, the cross-site check and Secure cookies follow it.
// Behind HTTPS set ORIGIN=https://your.domain (README); by default, this machine.
const origin = process.env.ORIGIN ?? `http://localhost:${port}`;

const server = spawn(process.execPath, [join(root, 'build', 'index.js')], {
	cwd: root,
	stdio: 'inherit',
	// Photo chunks and sync batches are below 1 MB; adapter-node's default limit is 512 kB.
	env: { BODY_SIZE_LIMIT: '16M', ...process.env, PORT: String(port), HOST: host, ATLAS_DATA_DIR: dataDir, ORIGIN: origin }
});

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
	process.on(signal, () => {
		if (server.exitCode === null) server.kill(signal);
	});
}

server.on('exit', (code, signal) => {
	process.exit(code ?? (signal ? 0 : 1));
});

// Print the address once the server really accepts connections.
const probeHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
const shownHost = host === '0.0.0.0' || host === '::' || host === '127.0.0.1' ? 'localhost' : host;
const started = Date.now();
(function waitUntilListening() {
	const socket = connect({ port, host: probeHost });
	socket.once('connect', () => {
		socket.destroy();
		console.log(`Atlas des outils : http://${shownHost}:${port}`);
		console.log(`Données / data : ${dataDir}`);
	});
	socket.once('error', () => {
		socket.destroy();
		if (server.exitCode !== null) return;
		if (Date.now() - started > 60_000) {
			console.error(`Le serveur ne répond pas sur le port ${port}. (Server not answering on port ${port}.)`);
			return;
		}
		setTimeout(waitUntilListening, 200);
	});
})();
