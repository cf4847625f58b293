// What an image does when it runs in the simulated cluster. The built-in catalog lives in registry/;
// exercises register their own images (crash after N s, never ready, slow start) with ImageRegistered events.

export interface ImageBehaviour {
  /** Seconds an image pull takes on a node that does not have it yet. */
  pullSeconds: number;
  /** Seconds from "Started" until the process serves (readiness probes fail before this). */
  readySeconds: number;
  /**
   * What the default command does: `serve` keeps running; `exit` ends at once with `exitCode`;
   * `crash-after` ends after `runSeconds` with `exitCode`.
   */
  run: 'serve' | 'exit' | 'crash-after';
  runSeconds?: number;
  exitCode?: number;
  /** The process never becomes ready (readiness probes always fail). */
  neverReady?: boolean;
  /** Seconds the process takes to stop after SIGTERM; undefined = it ignores SIGTERM (killed at grace end). */
  stopSeconds?: number;
  /** Lines the process logs at start-up. */
  startupLogs?: string[];
}

export interface ImageSpec {
  /** Repository without tag, e.g. `nginx` or `registry.example/app`. */
  name: string;
  tags: string[];
  behaviour: ImageBehaviour;
  sizeBytes?: number;
}
