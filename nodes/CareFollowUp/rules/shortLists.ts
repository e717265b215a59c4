/** Helpers for the short lists planning builds per customer (a few orders, a few follow-ups). Pure: no n8n import. */

/**
 * Sorts a short list in place, stably (insertion sort). Array.prototype.sort would allocate a
 * work array for each of a batch's customers.
 */
export function sortShort<T>(list: T[], compare: (a: T, b: T) => number): T[] {
	for (let i = 1; i < list.length; i++) {
		const item = list[i];
		let j = i - 1;
		for (; j >= 0 && compare(list[j], item) > 0; j--) list[j + 1] = list[j];
		list[j + 1] = item;
	}
	return list;
}
