// Jest global setup: one real PostgreSQL cluster on loopback for the ledger-store tests
// (scripts/services.mjs installs Debian's package when missing). Its connection reaches the test
// workers through SOCIAL_FUNNEL_TEST_PG; the teardown stops it.
const path = require('path');
const { pathToFileURL } = require('url');

module.exports = async function startTestPostgres() {
	const { startPostgres } = await import(
		pathToFileURL(path.join(__dirname, '..', 'scripts', 'services.mjs')).href
	);
	const started = Date.now();
	const pg = await startPostgres();
	globalThis.__socialFunnelPostgres = pg;
	process.env.SOCIAL_FUNNEL_TEST_PG = JSON.stringify({
		host: pg.host,
		port: pg.port,
		user: pg.user,
		password: pg.password,
		database: pg.database,
		socketDir: pg.dir,
	});
	process.stderr.write(
		`\n[jest] PostgreSQL for the ledger-store tests on 127.0.0.1:${pg.port} (started in ${
			Date.now() - started
		} ms)\n`,
	);
};
