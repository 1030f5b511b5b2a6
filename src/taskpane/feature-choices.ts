import type { FeatureInfo } from "../core/features";
import type { PaneSettings } from "./settings";

/** A column as the Features step shows it: what the core says about it, and what the user chose. */
export interface FeatureChoice {
  readonly info: FeatureInfo;
  readonly selected: boolean;
  /** Apply log(1 + x) before scaling. */
  readonly log: boolean;
}

/**
 * The starting choices for the columns: the user's saved choice when it fits this data (names matched
 * without regard to case), otherwise the core's defaults (identifiers and the like unchecked).
 */
export function initialChoices(infos: readonly FeatureInfo[], saved: PaneSettings): FeatureChoice[] {
  const lower = (names: readonly string[]) => new Set(names.map((n) => n.toLowerCase()));
  const savedFeatures = saved.features ? lower(saved.features) : null;
  const fits =
    savedFeatures !== null && infos.some((i) => i.selectable && savedFeatures.has(i.name.toLowerCase()));
  const logs = lower(saved.logTransform);
  return infos.map((info) => {
    const selected =
      info.selectable &&
      (fits ? (savedFeatures as Set<string>).has(info.name.toLowerCase()) : info.defaultSelected);
    // A saved choice of logs wins; otherwise heavy-tailed columns start with log(1 + x) on.
    const log = fits ? logs.has(info.name.toLowerCase()) : info.autoLog;
    return { info, selected, log: selected && info.kind === "numeric" && log };
  });
}

export function selectedFeatures(choices: readonly FeatureChoice[]): string[] {
  return choices.filter((c) => c.selected).map((c) => c.info.name);
}

export function loggedFeatures(choices: readonly FeatureChoice[]): string[] {
  return choices.filter((c) => c.selected && c.log).map((c) => c.info.name);
}

export function toggleFeature(choices: readonly FeatureChoice[], name: string, on: boolean): FeatureChoice[] {
  return choices.map((c) =>
    c.info.name === name && c.info.selectable
      ? { ...c, selected: on, log: on ? c.log || c.info.autoLog : false }
      : c,
  );
}

export function toggleLog(choices: readonly FeatureChoice[], name: string, on: boolean): FeatureChoice[] {
  return choices.map((c) =>
    c.info.name === name && c.info.kind === "numeric"
      ? { ...c, log: on, selected: on ? true : c.selected }
      : c,
  );
}
