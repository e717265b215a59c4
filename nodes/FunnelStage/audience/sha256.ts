/** SHA-256 of a normalised identifier's UTF-8 bytes, as lowercase hex: what Meta and Google (encoding HEX) take. */
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An identifier that could not be used, and why (the value itself is never part of it). */
export interface IdentifierProblem {
	field: string;
	problem: string;
}

/** The shape of an email address after trimming: one @, no whitespace, a dot in the domain. */
export const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
