import { readFileSync } from 'fs';
import path from 'path';
import { asItems, runWorkflow, singleNodeWorkflow } from './harness';

/** The README's Funnel Stage example must be what the node really outputs. */
describe('README example', () => {
	const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
	const section = readme.slice(readme.indexOf('## Funnel Stage'));
	const blocks = [...section.matchAll(/```json\n([\s\S]*?)```/g)]
		.slice(0, 2)
		.map((m) => JSON.parse(m[1]));

	it('is the output of the node for the example input', async () => {
		const [input, output] = blocks;
		const at = /classified as of (\S+?) \(/.exec(section)![1];
		const wf = singleNodeWorkflow({
			type: 'n8n-nodes-social-funnel.funnelStage',
			name: 'Funnel Stage',
			parameters: { operation: 'classify', options: { referenceTime: at } },
		});
		const run = await runWorkflow(wf, { pinData: { Trigger: asItems([input]) } });
		const stageOutput = ['SEE', 'THINK', 'DO', 'CARE'].indexOf(output.funnel.stage);
		expect(run.json('Funnel Stage', stageOutput)).toEqual([output]);
	});
});
