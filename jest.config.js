/** Unit tests of the pure modules and in-engine tests that run workflows through n8n-core. */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	setupFiles: ['<rootDir>/test/setup-env.js'],
	// A real PostgreSQL on loopback for the ledger-store tests (about a second to start).
	globalSetup: '<rootDir>/test/postgres-setup.js',
	globalTeardown: '<rootDir>/test/postgres-teardown.js',
	testTimeout: 60000,
	// n8n-core keeps timers of its own alive after a workflow has run.
	forceExit: true,
};
