/**
 * Runs workflow JSON through n8n's real engine (n8n-core's WorkflowExecute) with our nodes and
 * the built-in nodes our templates meet. Test items enter as pinData of the trigger node, as
 * they do when a user pins data in the editor.
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestOptions,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type INodeTypes,
	type IPinData,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import { CareFollowUp } from '../../nodes/CareFollowUp/CareFollowUp.node';
import { FunnelStage } from '../../nodes/FunnelStage/FunnelStage.node';
import { InfluencerScore } from '../../nodes/InfluencerScore/InfluencerScore.node';
import { InstagramGraphApi } from '../../credentials/InstagramGraphApi.credentials';
import { YouTubeDataApi } from '../../credentials/YouTubeDataApi.credentials';

const PACKAGE = 'n8n-nodes-social-funnel';

type NodeClass = new () => INodeType | IVersionedNodeType;

function builtIn(path: string, exportName: string): NodeClass {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	return require(`n8n-nodes-base/dist/nodes/${path}`)[exportName] as NodeClass;
}

const NODE_CLASSES: Record<string, () => NodeClass> = {
	[`${PACKAGE}.funnelStage`]: () => FunnelStage,
	[`${PACKAGE}.careFollowUp`]: () => CareFollowUp,
	[`${PACKAGE}.influencerScore`]: () => InfluencerScore,
	'n8n-nodes-base.emailSend': () => builtIn('EmailSend/EmailSend.node.js', 'EmailSend'),
	'n8n-nodes-base.manualTrigger': () =>
		builtIn('ManualTrigger/ManualTrigger.node.js', 'ManualTrigger'),
	'n8n-nodes-base.webhook': () => builtIn('Webhook/Webhook.node.js', 'Webhook'),
	'n8n-nodes-base.scheduleTrigger': () =>
		builtIn('Schedule/ScheduleTrigger.node.js', 'ScheduleTrigger'),
	'n8n-nodes-base.set': () => builtIn('Set/Set.node.js', 'Set'),
	'n8n-nodes-base.splitOut': () => builtIn('Transform/SplitOut/SplitOut.node.js', 'SplitOut'),
	'n8n-nodes-base.code': () => builtIn('Code/Code.node.js', 'Code'),
	'n8n-nodes-base.if': () => builtIn('If/If.node.js', 'If'),
	'n8n-nodes-base.switch': () => builtIn('Switch/Switch.node.js', 'Switch'),
	'n8n-nodes-base.noOp': () => builtIn('NoOp/NoOp.node.js', 'NoOp'),
	'n8n-nodes-base.facebookGraphApi': () =>
		builtIn('Facebook/FacebookGraphApi.node.js', 'FacebookGraphApi'),
	'n8n-nodes-base.merge': () => builtIn('Merge/Merge.node.js', 'Merge'),
	'n8n-nodes-base.stickyNote': () => builtIn('StickyNote/StickyNote.node.js', 'StickyNote'),
	'n8n-nodes-base.respondToWebhook': () =>
		builtIn('RespondToWebhook/RespondToWebhook.node.js', 'RespondToWebhook'),
};

class NodeTypes implements INodeTypes {
	private readonly instances = new Map<string, INodeType | IVersionedNodeType>();

	private instance(type: string): INodeType | IVersionedNodeType {
		let node = this.instances.get(type);
		if (!node) {
			const make = NODE_CLASSES[type];
			if (!make)
				throw new Error(
					`The test harness does not know node type "${type}"; add it to NODE_CLASSES`,
				);
			node = new (make())();
			this.instances.set(type, node);
		}
		return node;
	}

	getByName(type: string) {
		return this.instance(type);
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.instance(type), version);
	}

	getKnownTypes() {
		return {};
	}
}

export const nodeTypes = new NodeTypes();

export interface WorkflowJson {
	name?: string;
	nodes: IWorkflowBase['nodes'];
	connections: IWorkflowBase['connections'];
	settings?: IWorkflowBase['settings'];
	staticData?: IDataObject;
	pinData?: IPinData;
}

export interface EngineRun {
	run: IRun;
	/** Items per output of a node (first run of that node). */
	outputs(nodeName: string): INodeExecutionData[][];
	/** JSON of the items on one output of a node. */
	json(nodeName: string, output?: number): IDataObject[];
	/** JSON of the items on one output of a node over all its runs (a node fed by several branches runs once per branch). */
	allRuns(nodeName: string, output?: number): IDataObject[];
	/** How many times a node ran (0 when it did not). */
	runCount(nodeName: string): number;
	/** The workflow's static data after the run, as n8n would store it (plain JSON). */
	staticData(): IDataObject;
	error?: Error;
	workflow: Workflow;
}

const CREDENTIAL_TYPES: Record<string, ICredentialType> = {
	instagramGraphApi: new InstagramGraphApi(),
	youTubeDataApi: new YouTubeDataApi(),
};

/**
 * Applies a credential type's generic `authenticate` block (headers and query with
 * `{{$credentials.x}}` placeholders) to a request, as n8n's credentials helper does for our types.
 */
function authenticate(
	data: ICredentialDataDecryptedObject,
	type: string,
	request: IHttpRequestOptions,
): IHttpRequestOptions {
	const auth = CREDENTIAL_TYPES[type]?.authenticate;
	if (!auth || typeof auth === 'function')
		throw new Error(`The test harness cannot authenticate credential type "${type}"`);
	const fill = (value: unknown) =>
		String(value)
			.replace(/^=/, '')
			.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_all, name: string) =>
				String(data[name] ?? ''),
			);
	const out = {
		...request,
		headers: { ...(request.headers ?? {}) },
		qs: { ...(request.qs ?? {}) },
	};
	for (const [name, value] of Object.entries(auth.properties.headers ?? {}))
		out.headers[name] = fill(value);
	for (const [name, value] of Object.entries(auth.properties.qs ?? {})) out.qs[name] = fill(value);
	return out;
}

/** Executes a workflow as n8n does for a manual run; `pinData` feeds the trigger; `credentials` by type. */
export async function runWorkflow(
	data: WorkflowJson,
	options: {
		pinData?: IPinData;
		mode?: WorkflowExecuteMode;
		startNode?: string;
		credentials?: Record<string, ICredentialDataDecryptedObject>;
	} = {},
): Promise<EngineRun> {
	const mode = options.mode ?? 'manual';
	const workflow = new Workflow({
		id: 'engine-test',
		name: data.name ?? 'engine test',
		nodes: data.nodes,
		connections: data.connections,
		active: false,
		nodeTypes,
		staticData: data.staticData,
		settings: { executionOrder: 'v1', ...(data.settings ?? {}) },
	});
	const workflowData = {
		id: 'engine-test',
		name: workflow.name,
		nodes: data.nodes,
		connections: data.connections,
	} as IWorkflowBase;
	const hooks = new ExecutionLifecycleHooks(mode, 'engine-test-execution', workflowData);
	const additionalData = {
		hooks,
		executionId: 'engine-test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1/rest',
		instanceBaseUrl: 'http://127.0.0.1/',
		formWaitingBaseUrl: 'http://127.0.0.1/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1/webhook-test',
		variables: {},
		logAiEvent: () => undefined,
		getRunExecutionData: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the engine tests');
		},
		startRunnerTask: async () => {
			throw new Error('Task runners are not available in the engine tests');
		},
		credentialsHelper: {
			getParentTypes: () => [],
			preAuthentication: async () => undefined,
			authenticate: async (
				credentials: ICredentialDataDecryptedObject,
				type: string,
				request: IHttpRequestOptions,
			) => authenticate(credentials, type, request),
			getDecrypted: async (
				_additional: unknown,
				nodeCredentials: { name?: string },
				type: string,
			) => {
				const found = options.credentials?.[type];
				if (!found) throw new Error(`No credential of type "${type}" given to this engine test`);
				return { ...found };
			},
		},
	} as unknown as IWorkflowExecuteAdditionalData;

	const startNode = options.startNode
		? workflow.getNode(options.startNode) ?? undefined
		: undefined;
	const pinData = { ...(data.pinData ?? {}), ...(options.pinData ?? {}) };
	const run = await new WorkflowExecute(additionalData, mode).run(
		workflow,
		startNode,
		undefined,
		pinData,
	);
	const runData = run.data.resultData.runData;
	const outputs = (nodeName: string): INodeExecutionData[][] => {
		const task = runData[nodeName]?.[0];
		if (!task)
			throw new Error(`Node "${nodeName}" did not run. Ran: ${Object.keys(runData).join(', ')}`);
		if (task.error) throw task.error;
		return (task.data?.main ?? []).map((o) => o ?? []);
	};
	return {
		run,
		outputs,
		json: (nodeName, output = 0) => (outputs(nodeName)[output] ?? []).map((i) => i.json),
		runCount: (nodeName) => runData[nodeName]?.length ?? 0,
		allRuns: (nodeName, output = 0) =>
			(runData[nodeName] ?? []).flatMap((task) =>
				(task.data?.main?.[output] ?? []).map((i) => i.json),
			),
		staticData: () => JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject,
		error: run.data.resultData.error as Error | undefined,
		workflow,
	};
}

/** A minimal workflow: a manual trigger whose pinned items flow into one node under test. */
export function singleNodeWorkflow(node: {
	type: string;
	parameters: IDataObject;
	name?: string;
	continueOnFail?: boolean;
	onError?: string;
	/** Credential types the node uses, e.g. ['youTubeDataApi']; their data goes to runWorkflow. */
	credentialTypes?: string[];
}): WorkflowJson {
	const name = node.name ?? 'Node Under Test';
	return {
		nodes: [
			{
				id: 't',
				name: 'Trigger',
				type: 'n8n-nodes-base.manualTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'n',
				name,
				type: node.type,
				typeVersion: 1,
				position: [200, 0],
				parameters: node.parameters as INodeParameters,
				...(node.credentialTypes
					? {
							credentials: Object.fromEntries(
								node.credentialTypes.map((t) => [t, { id: `cred-${t}`, name: `Test ${t}` }]),
							),
					  }
					: {}),
				...(node.onError ? { onError: node.onError as 'continueRegularOutput' } : {}),
				...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			},
		],
		connections: { Trigger: { main: [[{ node: name, type: 'main', index: 0 }]] } },
	};
}

export function asItems(rows: IDataObject[]): INodeExecutionData[] {
	return rows.map((json) => ({ json }));
}

/**
 * A time zone in which it is now mid-afternoon, so follow-ups' send window (09:00–20:00) is open
 * whenever the tests run (the end-to-end suite has the same helper in scripts/n8n-instance.mjs).
 */
export function zoneInsideSendWindow(now = new Date()): string {
	const offset = 14 - now.getUTCHours();
	return offset === 0 ? 'Etc/GMT' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}
