// Which workflows hold a failed workflow task (a task that threw: the workflow cannot proceed until a new deploy).
// Used after the fuzz run (scripts/fuzz.sh) and by the hostile-value test. Run alone: exits 1 when any is found.
import { Client, Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const FAILED = temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED;

/** Every workflow of the namespace (open or closed) whose history has a WorkflowTaskFailed event, with its cause. */
export async function failedWorkflowTasks(client: Client): Promise<{ workflowId: string; failure: string }[]> {
  const found: { workflowId: string; failure: string }[] = [];
  for await (const wf of client.workflow.list()) {
    const history = await client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    const event = history.events?.find((e) => e.eventType === FAILED);
    if (event) found.push({ workflowId: wf.workflowId, failure: event.workflowTaskFailedEventAttributes?.failure?.message ?? '?' });
  }
  return found;
}

async function main(address: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const found = await failedWorkflowTasks(new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE || 'default' }));
    for (const f of found) process.stdout.write(`workflow task failed: ${f.workflowId}: ${f.failure}\n`);
    process.stdout.write(`${found.length} workflow(s) with a failed task\n`);
    process.exitCode = found.length ? 1 : 0;
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main(process.argv[2] ?? '127.0.0.1:7233').catch((err) => {
    process.stderr.write(`failed-workflow-tasks: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
