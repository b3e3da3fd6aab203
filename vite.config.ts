import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { port: 5173, strictPort: true },
	test: {
		// Benchmarks (npm run bench) print figures and are never part of `npm test`.
		include: process.env.ATLAS_BENCH ? ['tests/bench/**/*.test.ts'] : ['tests/unit/**/*.test.ts'],
		environment: 'node',
		setupFiles: ['tests/unit/setup.ts']
	}
});
