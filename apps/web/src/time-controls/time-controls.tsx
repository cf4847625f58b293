// Time controls of a stepped sandbox: step by a chosen amount, play at 1×/5×/20×, pause.
import { useEffect, useId, useRef, useState } from 'react';
import { formatDuration, PLAY_SPEEDS, type PlaySpeed, STEP_SIZES_MS } from './clock-math';
import { ClockPlayer, type ClockPlayerState } from './clock-player';

export interface TimeControlsProps {
  /** advanceClock; resolves when the sandbox moved. */
  advance(duration: string): Promise<unknown>;
  /** What to show as the clock (e.g. `3:20 since start`). */
  clockLabel: string;
}

export function TimeControls({ advance, clockLabel }: TimeControlsProps) {
  const [state, setState] = useState<ClockPlayerState>({ status: 'paused' });
  const [stepMs, setStepMs] = useState<number>(10_000);
  const [stepping, setStepping] = useState(false);
  const [stepError, setStepError] = useState<string>();
  const advanceRef = useRef(advance);
  advanceRef.current = advance;
  const player = useRef<ClockPlayer | null>(null);
  const selectId = useId();

  useEffect(() => {
    const p = new ClockPlayer({
      advance: (duration) => advanceRef.current(duration),
      now: () => performance.now(),
      schedule: (fn, ms) => window.setTimeout(fn, ms),
      cancel: (handle) => window.clearTimeout(handle as number),
      onChange: setState,
    });
    player.current = p;
    return () => p.pause();
  }, []);

  const step = async () => {
    player.current?.pause();
    setStepping(true);
    setStepError(undefined);
    try {
      await advanceRef.current(formatDuration(stepMs));
    } catch (error) {
      setStepError(error instanceof Error ? error.message : String(error));
    } finally {
      setStepping(false);
    }
  };

  const playing = state.status === 'playing' ? state.speed : undefined;
  const error = stepError ?? (state.status === 'paused' ? state.error : undefined);
  return (
    <div className="time-controls" role="group" aria-label="Simulated time" data-testid="time-controls">
      <span className="clock" data-testid="sim-clock" aria-live="off">
        {clockLabel}
      </span>
      <label htmlFor={selectId} className="visually-hidden">
        Step size
      </label>
      <select id={selectId} value={stepMs} onChange={(e) => setStepMs(Number(e.target.value))}>
        {STEP_SIZES_MS.map((ms) => (
          <option key={ms} value={ms}>
            {formatDuration(ms)}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void step()} disabled={stepping} data-testid="step">
        {stepping ? 'Stepping…' : 'Step'}
      </button>
      {PLAY_SPEEDS.map((speed: PlaySpeed) => (
        <button
          key={speed}
          type="button"
          aria-pressed={playing === speed}
          onClick={() => player.current?.play(speed)}
          data-testid={`play-${speed}`}
        >
          {playing === speed ? '▶ ' : ''}
          {speed}×<span className="visually-hidden"> speed</span>
        </button>
      ))}
      <button
        type="button"
        onClick={() => player.current?.pause()}
        disabled={playing === undefined}
        data-testid="pause"
      >
        Pause
      </button>
      {error && (
        <span role="alert" className="error">
          Clock stopped: {error}
        </span>
      )}
    </div>
  );
}
