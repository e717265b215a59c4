/** Unit tests of FunnelStage/input/signals.ts: the event vocabulary, and the README's table of it. */

import { readFileSync } from 'fs';
import path from 'path';
import {
	carriesNoSignal,
	NO_SIGNAL_EVENTS,
	signalKey,
	signalTypeOf,
	SIGNALS,
} from '../../nodes/FunnelStage/input/signals';

/** The standard event names of Meta, GA4, Klaviyo and Shopify, from test/fixtures/real/VOCABULARY.md (sources there). */
function standardEventNames(): Map<string, string> {
	const text = readFileSync(path.join(__dirname, '../fixtures/real/VOCABULARY.md'), 'utf8');
	const names = new Map<string, string>();
	let section = '';
	for (const line of text.split('\n')) {
		if (line.startsWith('#')) section = line.replace(/^#+\s*/, '');
		if (
			!line.startsWith('| ') ||
			/^\|\s*(Event|Option|Metric)\s*\|/.test(line) ||
			line.startsWith('|---')
		)
			continue;
		const cells = line.split('|').map((c) => c.trim());
		const cell = section.startsWith('2b') ? cells[2] : cells[1];
		for (const name of cell
			.split(',')
			.map((n) => n.trim().replace(/`/g, ''))
			.filter(Boolean))
			names.set(name, section);
	}
	return names;
}

describe('event vocabulary', () => {
	const standard = standardEventNames();

	it("reads the four platforms' lists (Meta 17, GA4 automatic, enhanced and recommended, Klaviyo metrics, Shopify 15)", () => {
		expect(standard.size).toBeGreaterThan(120);
		for (const name of [
			'AddToWishlist',
			'first_visit',
			'user_engagement',
			'scroll',
			'view_search_results',
			'Received Email',
			'Ordered Product',
			'checkout_completed',
		]) {
			expect(standard.has(name)).toBe(true);
		}
	});

	it('knows every standard event: as a signal, or explicitly as one without a funnel signal', () => {
		const unknown = [...standard.keys()].filter(
			(name) => !signalTypeOf(name) && !carriesNoSignal(name),
		);
		expect(unknown).toEqual([]);
	});

	it('gives each name one meaning: no name is both a signal and signal-free, no two signals share a name', () => {
		const owners = new Map<string, string[]>();
		for (const s of SIGNALS)
			for (const name of [s.type, ...s.aliases])
				owners.set(signalKey(name), [...(owners.get(signalKey(name)) ?? []), s.type]);
		expect([...owners].filter(([, types]) => new Set(types).size > 1)).toEqual([]);
		expect(NO_SIGNAL_EVENTS.filter((name) => signalTypeOf(name))).toEqual([]);
	});

	it("reads Meta's Subscribe (a paid subscription) as an order, and Klaviyo's Subscribed to List as an email opt-in", () => {
		expect(signalTypeOf('Subscribe')).toBe('order');
		expect(signalTypeOf('Subscribed to List')).toBe('opt_in');
		// Klaviyo sends Ordered Product beside Placed Order: counting both would count each order twice.
		expect(signalTypeOf('Placed Order')).toBe('order');
		expect(carriesNoSignal('Ordered Product')).toBe(true);
	});
});

describe('README event table', () => {
	it('lists every signal with exactly the names the code accepts', () => {
		const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
		const lines = readme.split('\n');
		for (const s of SIGNALS) expect(lines).toContain(`| ${s.type} | ${s.aliases.join(', ')} |`);
		expect(readme).toContain(NO_SIGNAL_EVENTS.join(', '));
	});
});
