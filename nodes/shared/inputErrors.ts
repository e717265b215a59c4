/**
 * The error a pure module throws when one input field is wrong. The node turns it into a
 * NodeOperationError that names the item; here it names the field and says how to fix it.
 */
export class InputFieldError extends Error {
	constructor(
		readonly field: string,
		readonly problem: string,
		readonly fix: string,
	) {
		super(`Field "${field}" ${problem}`);
		this.name = 'InputFieldError';
	}

	/** The same error for a field inside `prefix` ("line_items[2]." + "price"): hot loops name fields only when one fails. */
	within(prefix: string): InputFieldError {
		return new InputFieldError(prefix + this.field, this.problem, this.fix);
	}
}

/** Short, safe preview of a bad value for an error message (never the whole of a huge string). */
export function preview(value: unknown): string {
	let text: string;
	if (typeof value === 'string') text = JSON.stringify(value);
	else if (value === null || typeof value !== 'object') text = String(value);
	else if (Array.isArray(value)) text = `an array of ${value.length}`;
	else text = 'an object';
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
