/** SHA-256 of a normalised identifier's UTF-8 bytes, as lowercase hex: what Meta and Google (encoding HEX) take. */
import { hash } from 'node:crypto';

/** Node's one-shot `crypto.hash` (Node 20.12+): no Hash object per identifier. Strings are hashed as UTF-8. */
export function sha256Hex(text: string): string {
	return hash('sha256', text, 'hex');
}

/** An identifier that could not be used, and why (the value itself is never part of it). */
export interface IdentifierProblem {
	field: string;
	problem: string;
}

/** The shape of an email address after trimming: one @, no whitespace, a dot in the domain. */
export const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;
