// How a command that blocks on a real cluster (rollout status, wait, delete --wait, drain) behaves here. In a
// STEPPED sandbox it moves the simulated clock itself: from timer to timer (settling the controllers at each
// instant) until its condition holds or its timeout passes, so the transcript shows what kubectl would print
// while the learner waits. In a LIVE sandbox it looks once and returns; the backend streams what follows.
import type { Cluster } from '@podlab/kube';
import type { KubectlContext } from '../../command/command';

export interface WatchStep {
  /** The condition holds: stop. */
  done: boolean;
}

/**
 * Calls `observe` now and after every change of simulated time until it reports done or `timeoutMs` of
 * simulated time has passed. Returns whether it finished (false = timed out). With no pending timer nothing can
 * change any more: time jumps to the deadline, as it would pass for a learner left waiting.
 */
export function watchUntil(
  ctx: KubectlContext,
  timeoutMs: number,
  observe: () => WatchStep,
): { finished: boolean } {
  const cluster: Cluster = ctx.cluster;
  cluster.reconcile();
  if (observe().done) return { finished: true };
  if (ctx.clock === 'live') return { finished: false };
  const deadline = cluster.now + timeoutMs;
  for (;;) {
    const next = cluster.nextTimerAt();
    if (next === undefined || next > deadline) {
      if (cluster.now < deadline) cluster.advanceTo(deadline);
      return { finished: observe().done };
    }
    cluster.advanceTo(next);
    if (observe().done) return { finished: true };
  }
}
