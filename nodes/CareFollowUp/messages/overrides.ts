/** The user's own message texts (Options → Message Texts), checked. Pure: no n8n import. */
import { z } from 'zod';
import { parseJsonText } from '../../shared/json';

const textSchema = z
	.object({
		subject: z.string().min(1, 'subject must not be empty'),
		body: z.string().min(1, 'body must not be empty'),
	})
	.partial();
const kindsSchema = z
	.object({
		reviewRequest: textSchema,
		reviewReminder: textSchema,
		upsell: textSchema,
		vipInvite: textSchema,
		ambassadorInvite: textSchema,
		winBack: textSchema,
	})
	.partial()
	.strict();
const overridesSchema = z.object({ en: kindsSchema, de: kindsSchema }).partial().strict();
export type MessageOverrides = z.infer<typeof overridesSchema>;

/** Checks the user's text overrides; throws an Error naming the wrong part. */
export function parseMessageOverrides(input: unknown): MessageOverrides {
	if (input === undefined || input === null || input === '') return {};
	let value: unknown = input;
	if (typeof input === 'string') {
		const parsed = parseJsonText(input);
		if (!parsed.ok) throw new Error(`Message Texts (JSON) is not valid JSON: ${parsed.problem}`);
		value = parsed.value;
	}
	const result = overridesSchema.safeParse(value);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new Error(
			`Message Texts (JSON) at ${issue.path.join('.') || 'the top'}: ${
				issue.message
			}. Use {"de": {"reviewRequest": {"subject": "…", "body": "…"}}}.`,
		);
	}
	return result.data;
}
