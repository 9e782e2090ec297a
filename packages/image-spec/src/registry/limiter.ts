/**
 * Requests one client (one run) has in flight to one registry host at most.
 *
 * Why 4: a stitch needs at most one request per source and one per tag at a time, and its critical
 * path has no step wider than "every source" or "every alias" (2–4 for a usual 2-platform, 3-tag run),
 * so 4 costs a usual run no round trip; Docker pushes 5 layers at a time by default
 * (`max-concurrent-uploads`) and regclient holds 3 requests per host, so registries are used to
 * this much. A run with 3 images × 5 tags in one registry then queues its 15 PUTs 4 at a time instead
 * of sending them at once, and 40 such runs on a release day offer a rate-limited registry 160
 * requests at a time, not 600.
 */
export const MAX_IN_FLIGHT_PER_HOST = 4;

interface Waiter {
  readonly resolve: (release: () => void) => void;
  readonly reject: (error: Error) => void;
  readonly deadline: number | undefined;
  readonly onDeadline: () => Error;
  timer?: ReturnType<typeof setTimeout>;
}

interface HostState {
  inFlight: number;
  /** How many may be in flight now: the maximum, halved after a rate limit, grown back by one per window of answers. */
  window: number;
  /** Answers without a rate limit since the window last changed. */
  calm: number;
  /** No request to the host starts before this (epoch ms): the shared backoff after a rate limit. */
  pausedUntil: number;
  readonly queue: Waiter[];
  wake?: ReturnType<typeof setTimeout>;
}

/**
 * A per-host gate for one run's requests: at most `max` in flight per host, first come first served,
 * and a shared backoff. After a rate limit from a host, every request of this run to that host waits
 * for the pause the host asked for (not only the one that was told), and the host's window is halved
 * (once per pause), then grows back by one after each window's worth of calm answers.
 */
export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly max: number = MAX_IN_FLIGHT_PER_HOST,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Waits for a turn at `host`; resolves with the function that ends the turn. Rejects with
   * `onDeadline()` when no turn comes before `deadline` (epoch ms), at once if the deadline has
   * passed (no request starts after it) or the host's pause already runs past it.
   */
  acquire(host: string, deadline: number | undefined, onDeadline: () => Error): Promise<() => void> {
    const state = this.state(host);
    if (deadline !== undefined && Math.max(this.now(), state.pausedUntil) >= deadline) {
      return Promise.reject(onDeadline());
    }
    if (state.queue.length === 0 && this.free(state)) return Promise.resolve(this.take(host, state));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject, deadline, onDeadline };
      if (deadline !== undefined) {
        waiter.timer = setTimeout(
          () => {
            const at = state.queue.indexOf(waiter);
            if (at >= 0) state.queue.splice(at, 1);
            reject(onDeadline());
          },
          Math.max(0, deadline - this.now()),
        );
      }
      state.queue.push(waiter);
      this.pump(host, state);
    });
  }

  /**
   * A rate-limit answer from `host`: hold its requests for `pauseMs` and narrow its window. Queued
   * requests whose deadline comes before the pause ends fail now rather than wait for a turn that
   * cannot come.
   */
  slowDown(host: string, pauseMs: number): void {
    const state = this.state(host);
    const now = this.now();
    if (state.pausedUntil <= now) {
      state.window = Math.max(1, Math.floor(state.window / 2));
      state.calm = 0;
    }
    state.pausedUntil = Math.max(state.pausedUntil, now + pauseMs);
    for (const waiter of [...state.queue]) {
      if (waiter.deadline === undefined || waiter.deadline > state.pausedUntil) continue;
      state.queue.splice(state.queue.indexOf(waiter), 1);
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      waiter.reject(waiter.onDeadline());
    }
  }

  /** An answer that was not a rate limit: after a window's worth in a row, widen the window by one. */
  calm(host: string): void {
    const state = this.state(host);
    if (state.window >= this.max) return;
    state.calm++;
    if (state.calm >= state.window) {
      state.window++;
      state.calm = 0;
      this.pump(host, state);
    }
  }

  /** Requests now in flight to `host`, and how many may be (for tests and debug logs). */
  describe(host: string): { inFlight: number; window: number; queued: number } {
    const state = this.state(host);
    return { inFlight: state.inFlight, window: state.window, queued: state.queue.length };
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (state === undefined) {
      state = { inFlight: 0, window: this.max, calm: 0, pausedUntil: 0, queue: [] };
      this.hosts.set(host, state);
    }
    return state;
  }

  private free(state: HostState): boolean {
    return state.inFlight < state.window && state.pausedUntil <= this.now();
  }

  private take(host: string, state: HostState): () => void {
    state.inFlight++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      state.inFlight--;
      this.pump(host, state);
    };
  }

  private pump(host: string, state: HostState): void {
    while (state.queue.length > 0 && this.free(state)) {
      const waiter = state.queue.shift() as Waiter;
      if (waiter.timer !== undefined) clearTimeout(waiter.timer);
      waiter.resolve(this.take(host, state));
    }
    const wait = state.pausedUntil - this.now();
    if (state.queue.length > 0 && wait > 0 && state.wake === undefined) {
      state.wake = setTimeout(() => {
        state.wake = undefined;
        this.pump(host, state);
      }, wait);
    }
  }
}
