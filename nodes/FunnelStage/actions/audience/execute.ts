/**
 * Build Retargeting Audience (n8n glue only): each lead's stage (from an earlier Funnel Stage node,
 * or classified on the way), the audience's selection, consent, and the upload batches per
 * platform on the first output; everyone not uploaded, with the reason, on the second.
 */
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';
import { mappedFieldsOf, itemError, nodeError } from '../../../shared/nodeGlue';
import { InputFieldError } from '../../../shared/inputErrors';
import {
	CARE_EXCLUSION,
	customAudience,
	outsideAudience,
	REMARKETING,
	type AudienceDefinition,
	type OrderCondition,
} from '../../audience/audienceSelection';
import { AudienceUpload, type Platform, type UploadBatch } from '../../audience/audienceUpload';
import {
	createIdentityReader,
	IDENTITY_FIELDS,
	type IdentityFieldName,
	type PersonIdentity,
} from '../../audience/identityFields';
import { sha256Hex, type IdentifierProblem } from '../../audience/sha256';
import { STAGE_RANK, type Stage } from '../../input/signals';
import { classifyLead, type Transition } from '../../rules/stageRules';
import { isToolMode } from '../../../shared/toolMode';
import { leadInputOf } from '../leadInput';

const TRANSITIONS: readonly Transition[] = ['new', 'up', 'down', 'same'];

function audienceOf(ctx: IExecuteFunctions): AudienceDefinition {
	const kind = ctx.getNodeParameter('audience', 0, 'remarketing') as string;
	if (kind === 'exclusion') return CARE_EXCLUSION;
	if (kind !== 'custom') return REMARKETING;
	try {
		return customAudience(
			ctx.getNodeParameter('customStages', 0, []) as Stage[],
			ctx.getNodeParameter('customTransitions', 0, []) as Transition[],
			ctx.getNodeParameter('customOrders', 0, 'any') as OrderCondition,
		);
	} catch (error) {
		throw nodeError(ctx, (error as Error).message, 'Pick the stages this audience is for.');
	}
}

/** The stage and transition an earlier Funnel Stage node put in the result field, if it did. */
function earlierResult(json: IDataObject, resultField: string) {
	const earlier = json[resultField] as { stage?: unknown; transition?: unknown } | undefined;
	if (
		earlier &&
		typeof earlier === 'object' &&
		typeof earlier.stage === 'string' &&
		earlier.stage in STAGE_RANK &&
		TRANSITIONS.includes(earlier.transition as Transition)
	)
		return { stage: earlier.stage as Stage, transition: earlier.transition as Transition };
	return undefined;
}

export async function buildAudience(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	if (isToolMode(ctx)) audienceNotAsTool(ctx);
	const items = ctx.getInputData();
	const p = leadInputOf(ctx);
	const audience = audienceOf(ctx);
	const choice = ctx.getNodeParameter('platform', 0, 'meta') as string;
	const platforms: Platform[] = choice === 'both' ? ['meta', 'google'] : [choice as Platform];
	const batchSize = Number(ctx.getNodeParameter('batchSize', 0, 10000));
	if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10000)
		throw nodeError(
			ctx,
			`Batch Size must be a whole number from 1 to 10,000, got ${batchSize}`,
			'Meta and Google each take at most 10,000 people per request; use 10000 or less.',
		);
	const raw = ctx.getNodeParameter('includeRawIdentifiers', 0, false) as boolean;
	const includeCsv = ctx.getNodeParameter('includeCsv', 0, true) as boolean;
	const csvField = includeCsv
		? String(ctx.getNodeParameter('csvBinaryProperty', 0, 'audienceCsv')).trim() || 'audienceCsv'
		: '';
	const identities = createIdentityReader({
		recognise: ctx.getNodeParameter('recogniseFields', 0, true) as boolean,
	});
	const mappedIdentity = mappedFieldsOf<IdentityFieldName>(
		ctx,
		IDENTITY_FIELDS.map((f) => ({ collection: 'identityFields', name: f.name })),
	);
	const upload = new AudienceUpload({
		audience: audience.kind,
		platforms,
		batchSize,
		// One Meta upload session per run and node: the execution and the node name, not the
		// reference time (a fixed Classify As Of would give every week's upload the same session).
		sessionId: parseInt(
			sha256Hex(`${ctx.getExecutionId()}:${ctx.getNode().name}:${audience.kind}`).slice(0, 13),
			16,
		),
	});
	const skipped: INodeExecutionData[] = [];
	const problemsOf = new Map<number, IdentifierProblem[]>();
	const continueOnFail = ctx.continueOnFail();
	const rawOf = (person: PersonIdentity | undefined): IDataObject =>
		raw && person
			? {
					...(person.email ? { email: person.email } : {}),
					...(person.phone ? { phone: person.phone } : {}),
			  }
			: {};

	for (let i = 0; i < items.length; i++) {
		try {
			const { settings, nowMs: itemNow } = p.settingsFor(i);
			const json = items[i].json;
			const lead = p.reader.read(json, p.mappedAt(i), itemNow, settings);
			const { stage, transition } =
				earlierResult(json, p.resultField) ?? classifyLead(lead, settings, itemNow);
			const where = { stage, transition };
			const outside = outsideAudience(audience, { stage, transition, orders: lead.orders ?? 0 });
			if (outside) {
				upload.skip('not in this audience');
				skipped.push(skipItem(i, audience.kind, 'not in this audience', outside, where));
				continue;
			}
			const person = identities.read(json, mappedIdentity(i));
			const outcome = upload.add(i, person);
			if (outcome.included) {
				if (outcome.problems.length) problemsOf.set(i, outcome.problems);
			} else
				skipped.push(
					skipItem(
						i,
						audience.kind,
						outcome.reason,
						undefined,
						where,
						outcome.problems,
						rawOf(person),
					),
				);
		} catch (error) {
			// The item's position, the field and the fix, never who the item is: that would carry the raw email.
			const failure =
				error instanceof InputFieldError
					? new NodeOperationError(ctx.getNode(), error.message, {
							itemIndex: i,
							description: `How to fix: ${error.fix}.`,
					  })
					: itemError(ctx, error, i);
			if (!continueOnFail) throw failure;
			upload.skip('input error');
			const message = failure.message;
			skipped.push({
				json: {
					audience: audience.kind,
					included: false,
					reason: 'input error',
					item: i,
					error: message,
					...(failure.description ? { errorFix: failure.description } : {}),
				},
				// Not on n8n's error output even with "Continue (using error output)": n8n adds the input
				// item's fields to an item there, raw email and phone included.
				pairedItem: { item: i },
			});
		}
	}

	const summary = upload.summary() as unknown as IDataObject;
	const batches = upload.batches(raw);
	const out: INodeExecutionData[] = batches.map((b) =>
		batchItem(b, audience.kind, summary, problemsOf),
	);
	if (csvField && out.length && upload.metaRows > 0) {
		out[0].binary = {
			[csvField]: await ctx.helpers.prepareBinaryData(
				Buffer.from(upload.csv(raw), 'utf8'),
				`${audience.kind}-audience.csv`,
				'text/csv',
			),
		};
	}
	return [out, skipped];
}

function skipItem(
	item: number,
	audience: string,
	reason: string,
	detail: string | undefined,
	where: { stage: Stage; transition: Transition },
	problems: IdentifierProblem[] = [],
	raw: IDataObject = {},
): INodeExecutionData {
	return {
		json: {
			audience,
			included: false,
			reason,
			...(detail ? { detail } : {}),
			stage: where.stage,
			transition: where.transition,
			...(problems.length ? { identifierProblems: problems as unknown as IDataObject[] } : {}),
			item,
			...raw,
		},
		pairedItem: { item },
	};
}

function batchItem(
	b: UploadBatch,
	audience: string,
	summary: IDataObject,
	problemsOf: Map<number, IdentifierProblem[]>,
): INodeExecutionData {
	const skippedIdentifiers: IDataObject[] = [];
	for (const item of b.items)
		for (const p of problemsOf.get(item) ?? []) skippedIdentifiers.push({ item, ...p });
	return {
		json: {
			audience,
			platform: b.platform,
			batch: b.batch,
			batches: b.batches,
			rows: b.items.length,
			[b.platform]: b.request as IDataObject,
			...(skippedIdentifiers.length ? { skippedIdentifiers } : {}),
			...(b.normalised ? { normalised: b.normalised as IDataObject[] } : {}),
			summary,
		},
		pairedItem: b.items.map((item) => ({ item })),
	};
}

/** As an AI Agent's tool the operation does not run: an upload list is no answer for a model. */
function audienceNotAsTool(ctx: IExecuteFunctions): never {
	throw nodeError(
		ctx,
		'Build Retargeting Audience runs as a node in a workflow, not as a tool of an AI Agent',
		'Use Classify Leads or Funnel Report as the tool, and build audiences in a workflow (see the Retargeting Audiences template).',
	);
}
