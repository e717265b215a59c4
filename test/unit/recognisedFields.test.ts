/**
 * The layout-based reader of recognised field names gives exactly what trying every name on
 * every record gives (firstFilledPath + readPath), whatever the records: shared and changing
 * layouts, empty values, nested paths, arrays, inherited keys, other prototypes.
 */
import fc from 'fast-check';
import {
	compilePath,
	firstFilledPath,
	readPath,
	type CompiledPath,
} from '../../nodes/shared/objectPath';
import { RecognisedFields } from '../../nodes/CareFollowUp/input/recognisedFields';

const FIELDS: CompiledPath[][] = [
	['id', 'order_id', 'number'],
	['email', 'customer.email', 'billing.email'],
	['customer.id', 'customer_id'],
	['created_at', 'createdAt'],
	['fulfillments.0.created_at', 'fulfilled_at'],
	['totalPriceSet.shopMoney.amount', 'total'],
	['constructor', '__proto__', 'toString'],
].map((paths) => paths.map(compilePath));

function byEveryName(record: unknown, f: number): { index: number; value: unknown } {
	const index = firstFilledPath(record, FIELDS[f]);
	return { index, value: index < 0 ? undefined : readPath(record, FIELDS[f][index]) };
}

function byLayout(
	reader: RecognisedFields,
	record: unknown,
	f: number,
): { index: number; value: unknown } {
	const index = reader.find(record, f);
	return { index, value: reader.value };
}

const KEYS = [
	'id',
	'order_id',
	'number',
	'email',
	'customer',
	'customer_id',
	'billing',
	'created_at',
	'createdAt',
	'fulfillments',
	'fulfilled_at',
	'totalPriceSet',
	'total',
	'note',
	'0',
	'constructor',
];
const leaf = fc.oneof(
	fc.constantFrom(undefined, null, '', 0, false, 'x', 'a@example.com'),
	fc.integer(),
	fc.string({ maxLength: 4 }),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
	value: fc.oneof(
		{ depthSize: 'small', withCrossShrink: true },
		leaf,
		leaf,
		tie('object'),
		fc.array(tie('value'), { maxLength: 2 }),
	),
	object: fc.dictionary(
		fc.constantFrom('id', 'email', 'shopMoney', 'amount', 'created_at', '0'),
		tie('value'),
		{ maxKeys: 3 },
	),
})).value;
/** A record with some of KEYS in some order; `shape` picks from a few key lists, so layouts repeat across a batch. */
const record = fc
	.tuple(
		fc.integer({ min: 0, max: 5 }),
		fc.array(value, { minLength: KEYS.length, maxLength: KEYS.length }),
		fc.boolean(),
	)
	.map(([shape, values, reversed]) => {
		const keys = KEYS.filter((_, i) => (i * 7 + shape) % 3 !== 0 || shape === 5);
		if (reversed) keys.reverse();
		const out: Record<string, unknown> = {};
		keys.forEach((k, i) =>
			Object.defineProperty(out, k, {
				value: values[i],
				enumerable: true,
				writable: true,
				configurable: true,
			}),
		);
		return out;
	});
const odd = fc.constantFrom<unknown>(
	null,
	undefined,
	7,
	'text',
	[],
	[{ id: 1 }],
	Object.create(null),
	Object.assign(Object.create({ email: 'inherited@example.com' }), { id: 3 }),
);

describe('reading recognised fields by layout', () => {
	it('finds what trying every name finds, for batches of records of shared and changing layouts', () => {
		fc.assert(
			fc.property(
				fc.array(fc.oneof({ arbitrary: record, weight: 9 }, { arbitrary: odd, weight: 1 }), {
					minLength: 1,
					maxLength: 40,
				}),
				(batch) => {
					const reader = new RecognisedFields(FIELDS);
					for (const r of batch) {
						for (let f = 0; f < FIELDS.length; f++)
							expect(byLayout(reader, r, f)).toEqual(byEveryName(r, f));
					}
				},
			),
			{ seed: 20261204, numRuns: 400 },
		);
	});

	it('reads a record whose key is inherited, or lent by a polluted Object.prototype, as an own key only', () => {
		const reader = new RecognisedFields(FIELDS);
		const own = { id: 1, email: 'own@example.com' };
		expect(byLayout(reader, own, 1)).toEqual({ index: 0, value: 'own@example.com' });
		// Same enumerable keys in the same order, but "email" comes from the prototype.
		const lent = Object.assign(Object.create({ email: 'lent@example.com' }), { id: 2 });
		expect(byLayout(reader, lent, 1)).toEqual({ index: -1, value: undefined });
		const polluted = Object.prototype as Record<string, unknown>;
		polluted.email = 'polluted@example.com';
		try {
			expect(byLayout(reader, { id: 3 }, 1)).toEqual({ index: -1, value: undefined });
			expect(byLayout(new RecognisedFields(FIELDS), { id: 4 }, 1)).toEqual({
				index: -1,
				value: undefined,
			});
		} finally {
			delete polluted.email;
		}
	});

	it('keeps giving the same answers when every record has its own layout', () => {
		const reader = new RecognisedFields(FIELDS);
		for (let i = 0; i < 2000; i++) {
			const r: Record<string, unknown> = { [`extra${i}`]: i, total: i % 3 ? i : '' };
			expect(byLayout(reader, r, 5)).toEqual(byEveryName(r, 5));
		}
	});

	it('forgets the records it read', () => {
		const reader = new RecognisedFields(FIELDS);
		const r = { id: 'A-1' };
		expect(reader.find(r, 0)).toBe(0);
		reader.forget();
		expect(reader.value).toBeUndefined();
		expect(reader.find({ order_id: 'B-2' }, 0)).toBe(1);
		expect(reader.value).toBe('B-2');
	});
});
