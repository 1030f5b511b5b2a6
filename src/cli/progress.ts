/*
 * The progress bar of a long run, on stderr, and only when stderr is a terminal: piped or redirected,
 * the command prints nothing but its result and its messages.
 */
import { Presets, SingleBar } from "cli-progress";
import type { KMeansProgress } from "../core/kmeans";

export interface Progress {
  /** A new step ("reading", "scaling", "k-means", "choosing k"...) with its fraction at 0. */
  stage(name: string): void;
  /** How far the current step is, 0..1, with a few words on where. */
  update(fraction: number, detail?: string): void;
  stop(): void;
}

const STEPS = 1000;

export const SILENT: Progress = { stage: () => undefined, update: () => undefined, stop: () => undefined };

export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) return SILENT;
  const bar = new SingleBar(
    {
      stream,
      format: "{stage} [{bar}] {percentage}% {detail}",
      hideCursor: true,
      clearOnComplete: true,
      barsize: 30,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    stage(name) {
      if (!started) bar.start(STEPS, 0, { stage: name, detail: "" });
      else bar.update(0, { stage: name, detail: "" });
      started = true;
    },
    update(fraction, detail = "") {
      if (started) bar.update(Math.round(Math.min(1, Math.max(0, fraction)) * STEPS), { detail });
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

/**
 * How far one k-means fit is, 0..1, and where in words. Iterations per start are unknown in advance;
 * most settle within a few dozen, so a start counts as nearly done at 40.
 */
export function fitFraction({ restart, restarts, iteration }: KMeansProgress): {
  fraction: number;
  detail: string;
} {
  const within = Math.min(0.95, iteration / 40);
  return {
    // restart counts from 1.
    fraction: (restart - 1 + within) / restarts,
    detail: `start ${restart} of ${restarts}, iteration ${iteration}`,
  };
}
