// Plays a stepped sandbox's clock: one advanceClock per tick, each sized by the speed and the wall time since
// the previous one, never two at once (a slow answer delays the next tick instead of piling requests up).
import { formatDuration, PLAY_TICK_MS, type PlaySpeed, simulatedForTick } from './clock-math';

export interface ClockPlayerOptions {
  /** Calls advanceClock with a Go duration; rejects on failure (the player then pauses). */
  advance(duration: string): Promise<unknown>;
  /** Wall clock (performance.now in the page; a fake in tests). */
  now(): number;
  schedule(callback: () => void, ms: number): unknown;
  cancel(handle: unknown): void;
  onChange?(state: ClockPlayerState): void;
}

export type ClockPlayerState = { status: 'paused'; error?: string } | { status: 'playing'; speed: PlaySpeed };

export class ClockPlayer {
  private state: ClockPlayerState = { status: 'paused' };
  private timer: unknown;
  private last = 0;
  private generation = 0;
  private inFlight = false;

  constructor(private readonly options: ClockPlayerOptions) {}

  get current(): ClockPlayerState {
    return this.state;
  }

  play(speed: PlaySpeed): void {
    if (this.state.status === 'playing' && this.state.speed === speed) return;
    const wasPlaying = this.state.status === 'playing';
    this.set({ status: 'playing', speed });
    if (wasPlaying) return; // a new speed applies from the next tick
    this.generation++;
    this.last = this.options.now();
    this.scheduleTick();
  }

  pause(error?: string): void {
    this.generation++;
    if (this.timer !== undefined) this.options.cancel(this.timer);
    this.timer = undefined;
    this.set(error === undefined ? { status: 'paused' } : { status: 'paused', error });
  }

  /** Whether an advance is waiting for its answer (the Step button waits for it too). */
  get busy(): boolean {
    return this.inFlight;
  }

  private set(state: ClockPlayerState): void {
    this.state = state;
    this.options.onChange?.(state);
  }

  private scheduleTick(): void {
    const generation = this.generation;
    this.timer = this.options.schedule(() => void this.tick(generation), PLAY_TICK_MS);
  }

  private async tick(generation: number): Promise<void> {
    if (generation !== this.generation || this.state.status !== 'playing') return;
    const now = this.options.now();
    const amount = simulatedForTick(this.state.speed, now - this.last);
    this.last = now;
    if (amount > 0) {
      this.inFlight = true;
      try {
        await this.options.advance(formatDuration(amount));
      } catch (error) {
        if (generation === this.generation)
          this.pause(error instanceof Error ? error.message : String(error));
        return;
      } finally {
        this.inFlight = false;
      }
    }
    if (generation === this.generation && this.state.status === 'playing') this.scheduleTick();
  }
}
