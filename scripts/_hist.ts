import { readFileSync } from 'node:fs';
import { temporal } from '@temporalio/proto';
import { historyCost } from '../bench/actions';
const h = temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(process.argv[2], 'utf8')));
console.log(historyCost(h));
const E = temporal.api.enums.v1.EventType;
for (const e of h.events ?? []) {
  const a: any = e;
  const detail = a.activityTaskScheduledEventAttributes?.activityType?.name ?? a.timerStartedEventAttributes?.startToFireTimeout?.seconds ?? a.markerRecordedEventAttributes?.markerName ?? a.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? '';
  console.log(e.eventId, E[e.eventType as number], detail);
}
