import { fmtNumber } from './evidence-text';
import type { TypeDecision } from './infer-numeric';
import { isCodeName } from './name-hints';
import { isNumericFamily, typeFamily } from './type-family';
import type { ColumnProfile } from './types';

/** A column's profile with the type decided for it alone. */
export interface ProfiledDecision extends TypeDecision {
  profile: ColumnProfile;
}

/** Numbered column families smaller than this are too small to outvote a column's own evidence. */
const MIN_FAMILY = 5;
/** Share of a family that must agree on a numeric type before outliers are aligned with it. */
const MAJORITY = 0.75;

/** `pixel_3_0` → `pixel_#_#`; `s1` → `s#`; names without digits have no family. */
export function familyStem(name: string): string | null {
  return /\d/.test(name) ? name.replace(/\d+/g, '#') : null;
}

/**
 * Wide numbered families (pixel_0_0 … pixel_7_7, sensor_1 … sensor_40) measure the same thing in
 * every column. A member that happens to hold only 0 and 1, or two values, is a quiet pixel, not a
 * flag: when most of the family is integer (or float), such members follow the family.
 */
export function alignNumberedFamilies(decisions: readonly ProfiledDecision[]): ProfiledDecision[] {
  const families = new Map<string, number[]>();
  decisions.forEach((d, i) => {
    const stem = familyStem(d.profile.name);
    if (stem) families.set(stem, [...(families.get(stem) ?? []), i]);
  });
  const out = [...decisions];
  for (const [stem, members] of families) {
    if (members.length < MIN_FAMILY) continue;
    for (const numericType of ['integer', 'float'] as const) {
      const agreeing = members.filter((i) => decisions[i]!.type === numericType).length;
      if (agreeing / members.length < MAJORITY) continue;
      for (const i of members) {
        const d = decisions[i]!;
        // Numbers kept as text (validation's all-VARCHAR fallback) count as numbers here too.
        const numericValues =
          isNumericFamily(typeFamily(d.profile.duckdbType)) || (d.profile.patterns?.numberShare ?? 0) >= 0.95;
        if (
          !numericValues ||
          (d.type !== 'boolean' && d.type !== 'categorical') ||
          isCodeName(d.profile.name)
        )
          continue;
        out[i] = {
          ...d,
          type: numericType,
          confidence: 0.75,
          reason:
            `Only ${d.profile.distinctCount} values here (${fmtNumber(Number(d.profile.min))} to ${fmtNumber(Number(d.profile.max))}), ` +
            `but ${agreeing} of the ${members.length} columns named ${stem} are ${numericType}, so it is read like them ` +
            `(on its own: ${d.reason.replace(/\.$/, '')}).`
        };
      }
    }
  }
  return out;
}
