// One change at a time inside a workflow: each one (its projection included) runs to its end before the next starts,
// so writes never race and land in revision order. Workflow-safe: a condition without a timeout, no command of its own.
import { condition } from '@temporalio/workflow';

export class OneAtATime {
  private busy = false;

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => !this.busy);
    this.busy = true;
    try {
      return await fn();
    } finally {
      this.busy = false;
    }
  }
}
