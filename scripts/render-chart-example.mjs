// `npm run docs:chart`: renders the weekly-report template's sample contacts into the funnel chart
// (docs/funnel-report-example.svg), into the PNG the node makes itself (docs/funnel-report-example.node.png),
// the funnel per campaign (docs/funnel-by-channel-example.svg and .node.png)
// and, where librsvg's rsvg-convert is installed (Debian:
// librsvg2-bin), into docs/funnel-report-example.png for the README. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { projectRoot } from './n8n-lines.mjs';

const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(projectRoot, 'dist/nodes/FunnelStage', p));
const { createLeadReader } = dist('input/leadFields.js');
const { DEFAULT_SETTINGS } = dist('rules/settings.js');
const { classifyLead } = dist('rules/stageRules.js');
const { FunnelReportBuilder } = dist('report/funnelReport.js');
const { renderFunnelSvg } = dist('report/funnelChart.js');
const { layoutPng, renderFunnelPng } = dist('report/funnelPng.js');
const { ChannelBreakdownBuilder, readChannel, breakdownSummary } = dist(
	'report/channelBreakdown.js',
);
const { channelChartLayout } = dist('report/channelChart.js');
const { layoutSvg } = dist('report/funnelChart.js');

const NOW = Date.parse('2026-11-23T08:00:00Z');
const template = JSON.parse(
	readFileSync(path.join(projectRoot, 'workflows/weekly-funnel-report.json'), 'utf8'),
);
const sample = template.nodes.find((n) => n.name === 'Sample Contacts').parameters.jsonOutput;
// The template's dates are n8n expressions ("$now.minus({days: 3})"): fill them in for a fixed "now".
const json = sample
	.slice(1)
	.replace(/\{\{ \$now\.minus\(\{days: (\d+)\}\)\.toISO\(\) \}\}/g, (_, d) =>
		new Date(NOW - Number(d) * 86_400_000).toISOString(),
	);
const contacts = JSON.parse(json).contacts;

const reader = createLeadReader({ recognise: true, resultField: 'funnel' });
const builder = new FunnelReportBuilder(NOW);
const byCampaign = new ChannelBreakdownBuilder('campaign');
for (const c of contacts) {
	const lead = reader.read(c, {}, NOW, DEFAULT_SETTINGS);
	const r = classifyLead(lead, DEFAULT_SETTINGS, NOW);
	builder.add(r.stage, r.customerStatus, lead, c, true);
	byCampaign.add(readChannel(c, 'campaign'), r.stage, lead);
}
const report = builder.finish({
	title: 'Weekly Funnel Report',
	period: 'Week 2026-48',
	language: 'en',
});
const svgFile = path.join(projectRoot, 'docs/funnel-report-example.svg');
writeFileSync(svgFile, renderFunnelSvg(report, 'en') + '\n');
console.log(`wrote ${path.relative(projectRoot, svgFile)}\n${report.summary}`);
writeFileSync(
	path.join(projectRoot, 'docs/funnel-report-example.node.png'),
	renderFunnelPng(report, 'en'),
);
console.log("wrote docs/funnel-report-example.node.png (the node's own PNG option)");
const png = spawnSync(
	'rsvg-convert',
	['--width=640', '-o', path.join(projectRoot, 'docs/funnel-report-example.png'), svgFile],
	{ stdio: 'inherit' },
);
if (png.error)
	console.log(
		'rsvg-convert is not installed (Debian: apt-get install librsvg2-bin): PNG not rendered',
	);
else console.log('wrote docs/funnel-report-example.png');

const channels = byCampaign.finish(report.total, 'en');
const channelLayout = channelChartLayout(
	channels,
	{ title: report.title, period: report.period, summary: breakdownSummary(channels, 'en') },
	'en',
);
writeFileSync(
	path.join(projectRoot, 'docs/funnel-by-channel-example.svg'),
	layoutSvg(channelLayout) + '\n',
);
writeFileSync(
	path.join(projectRoot, 'docs/funnel-by-channel-example.node.png'),
	layoutPng(channelLayout),
);
console.log(
	`wrote docs/funnel-by-channel-example.svg and .node.png\n${breakdownSummary(channels, 'en')}`,
);
