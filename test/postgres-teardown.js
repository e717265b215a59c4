// Jest global teardown: stops the PostgreSQL cluster of postgres-setup.js.
module.exports = async function stopTestPostgres() {
	await globalThis.__socialFunnelPostgres?.stop();
};
