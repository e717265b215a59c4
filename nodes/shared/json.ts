/** JSON text from a node parameter, parsed without throwing: the caller words the error for its option. */
export type JsonResult = { ok: true; value: unknown } | { ok: false; problem: string };

export function parseJsonText(text: string): JsonResult {
	try {
		return { ok: true, value: JSON.parse(text) };
	} catch (error) {
		return { ok: false, problem: (error as Error).message };
	}
}
