/**
 * The error a pure module throws when one input field is wrong. The node turns it into a
 * NodeOperationError that names the item; here it names the field and says how to fix it.
 */
export class InputFieldError extends Error {
	constructor(readonly field: string, readonly problem: string, readonly fix: string) {
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

const text = (value: unknown): string | undefined => {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value !== 'string') return undefined;
	const t = value.trim();
	if (t === '') return undefined;
	return t.length > 60 ? `${t.slice(0, 57)}...` : t;
};

/**
 * Who an input item is, as a marketer recognises it: "Mia Roth <mia@example.com>", "mia@example.com",
 * "@nina.isst", "id 4711"; undefined when the item carries none of name, email, handle or id.
 * The item's position is not part of it: n8n's editor adds "[item N]" to every item error itself.
 */
export function itemIdentity(json: unknown): string | undefined {
	if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
	const j = json as Record<string, unknown>;
	const email = text(j.email);
	const address = email && /^[^\s<>@]+@[^\s<>@]+$/.test(email) ? email : undefined;
	const first = text(j.first_name ?? j.firstName);
	const last = text(j.last_name ?? j.lastName);
	const name =
		text(j.name) ?? (first || last ? [first, last].filter(Boolean).join(' ') : undefined);
	const rawHandle = text(j.handle ?? j.username)?.replace(/^@/, '');
	const handle = rawHandle && /^[\w.-]+$/.test(rawHandle) ? rawHandle : undefined;
	if (name && address) return `${name} <${address}>`;
	if (address) return address;
	if (name) return handle ? `${name} (@${handle})` : name;
	if (handle) return `@${handle}`;
	const id = text(j.id);
	return id ? `id ${id}` : undefined;
}

/** An item's error message led by who the item is ("Mia <mia@example.com>: Field …"), or the message alone. */
export function forItem(json: unknown, message: string): string {
	const who = itemIdentity(json);
	return who ? `${who}: ${message}` : message;
}
