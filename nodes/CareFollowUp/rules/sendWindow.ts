/**
 * The send window: follow-ups go out between 09:00 and 20:00 in the customer's time zone
 * (Klaviyo advises nothing before 08:00 or after 21:00). Outside it, the next opening.
 * Pure: no n8n import; time zones through Intl.
 */

export interface SendWindow {
	startHour: number;
	endHour: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
	let f = formatters.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			hour: 'numeric',
			minute: 'numeric',
		});
		// Zones come from input data (checked to be IANA names, about 600, but spelt in any case): keep the cache bounded.
		if (formatters.size >= 2048) formatters.clear();
		formatters.set(zone, f);
	}
	return f;
}

/** Minutes since local midnight in `zone`. */
export function localMinuteOfDay(ms: number, zone: string): number {
	let hour = 0;
	let minute = 0;
	for (const p of formatter(zone).formatToParts(ms)) {
		if (p.type === 'hour') hour = Number(p.value);
		else if (p.type === 'minute') minute = Number(p.value);
	}
	return hour * 60 + minute;
}

/** A run plans every customer at the same "now": the answer per zone is remembered for that moment. */
let cachedNow = NaN;
const cachedByZone = new Map<string, number>();

/** `nowMs` if inside the window, else the next moment the window opens in `zone`. */
export function nextSendTime(nowMs: number, zone: string, w: SendWindow): number {
	if (nowMs !== cachedNow) {
		cachedNow = nowMs;
		cachedByZone.clear();
	}
	const key = `${zone}|${w.startHour}|${w.endHour}`;
	let at = cachedByZone.get(key);
	if (at === undefined) {
		at = computeNextSendTime(nowMs, zone, w);
		cachedByZone.set(key, at);
	}
	return at;
}

function computeNextSendTime(nowMs: number, zone: string, w: SendWindow): number {
	const start = w.startHour * 60;
	const end = w.endHour * 60;
	const local = localMinuteOfDay(nowMs, zone);
	if (local >= start && local < end) return nowMs;
	const minutesUntil = local < start ? start - local : 24 * 60 - local + start;
	const candidate = Math.floor(nowMs / 60_000) * 60_000 + minutesUntil * 60_000;
	// Daylight-saving changes can shift local time by an hour: step to the exact opening.
	const shift = localMinuteOfDay(candidate, zone) - start;
	return shift === 0 || Math.abs(shift) > 120 ? candidate : candidate - shift * 60_000;
}
