/**
 * The same stage rule and intent score as nodes/FunnelStage/rules/stageRules.ts, written the way a
 * user would write them in a Code node ("Run Once for All Items") for the fields the synthetic
 * leads carry. Used only to compare speed; the benchmark checks that both give the same stages.
 */
export const CODE_NODE_RULES = String.raw`
const NOW = Date.parse($('Trigger').first().json.__benchNow || '2026-03-15T12:00:00Z');
const DAY = 86400000;
const W = {
  impression: [0.5, 7], like: [1, 7], save: [2, 7], follow: [3, 30], comment: [3, 14], share: [4, 14], dm: [8, 14],
  question: [3, 14], link_click: [5, 14], page_view: [2, 14], product_view: [5, 14], opt_in: [10, 30], download: [10, 30],
  add_to_cart: [15, 7], lead_form: [20, 14], checkout_started: [25, 7], email_open: [1, 7], email_click: [5, 14],
};
const DO_EVIDENCE = new Set(['add_to_cart', 'lead_form', 'checkout_started']);
const THINK_EVIDENCE = new Set(['dm', 'question', 'link_click', 'page_view', 'product_view', 'opt_in', 'download', 'email_click']);
const CONSENT = new Set(['email_open', 'email_click']);
const out = [];
for (const item of $input.all()) {
  const j = item.json;
  const consent = j.trackingConsent === true;
  const signals = [];
  const activity = j.lastActivityAt ? Date.parse(j.lastActivityAt) : NOW;
  if (j.likes) signals.push(['like', activity, j.likes]);
  if (j.pageViews) signals.push(['page_view', activity, j.pageViews]);
  for (const e of j.events || []) signals.push([e.type, Date.parse(e.at), 1]);
  const used = new Map();
  let total = 0, doAge = Infinity, thinkAge = Infinity;
  for (const [type, at, count] of signals) {
    if (CONSENT.has(type) && !consent) continue;
    let age = (NOW - at) / DAY; if (age < 0) age = 0;
    const key = type + '|' + Math.floor(Math.min(at, NOW) / DAY);
    const u = used.get(key) || 0;
    const n = Math.min(count, 20 - u);
    if (n <= 0) continue;
    used.set(key, u + n);
    total += n * W[type][0] * Math.pow(0.5, age / W[type][1]);
    if (DO_EVIDENCE.has(type) && age < doAge) doAge = age;
    if (THINK_EVIDENCE.has(type) && age < thinkAge) thinkAge = age;
  }
  const score = Math.round(100 * (1 - Math.exp(-total / 30)));
  const orders = Number(j.orders_count || 0);
  let stage, status = null;
  if (orders >= 1) {
    stage = 'CARE';
    const since = (NOW - Date.parse(j.last_order_date)) / DAY;
    status = since > 365 ? 'lapsed' : since > 90 ? 'at risk' : orders >= 3 ? 'loyal' : orders >= 2 ? 'active' : 'new';
  } else if (doAge <= 14 || score >= 60) stage = 'DO';
  else if (thinkAge <= 30 || score >= 25) stage = 'THINK';
  else stage = 'SEE';
  out.push({ json: { ...j, funnel: { stage, score, customerStatus: status } } });
}
return out;
`;
