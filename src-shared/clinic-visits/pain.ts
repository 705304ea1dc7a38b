/**
 * The pain score's two scales (issue 10: "pain score, 0 to 10 or faces"): the 0–10 number an older student gives,
 * or six faces for a young child who points at how it hurts. The faces are scored 0, 2, 4, 6, 8 and 10 and each is
 * labelled in words (the form draws its own plain faces; no published artwork is copied). The score is stored in
 * clinic_visits.pain_score and the scale in clinic_visits.pain_scale (migrations 0029 / 0010). Pure rules.
 */

export const PAIN_SCALES = ['NUMERIC', 'FACES'] as const;
export type PainScale = (typeof PAIN_SCALES)[number];

export const PAIN_SCALE_LABEL: Readonly<Record<PainScale, string>> = Object.freeze({
  NUMERIC: 'Numbers 0–10',
  FACES: 'Faces',
});

export interface PainFace {
  readonly score: number;
  readonly label: string;
}

/** The six faces, from no hurt to the worst hurt. */
export const PAIN_FACES: readonly PainFace[] = Object.freeze([
  { score: 0, label: 'No hurt' },
  { score: 2, label: 'Hurts a little' },
  { score: 4, label: 'Hurts a bit more' },
  { score: 6, label: 'Hurts even more' },
  { score: 8, label: 'Hurts a lot' },
  { score: 10, label: 'Hurts worst' },
] as const);

export const FACE_SCORES: readonly number[] = Object.freeze(PAIN_FACES.map((f) => f.score));

/** Why this score cannot be read on this scale (undefined: it can). The range itself is VITAL_RANGES.painScore's. */
export function painScaleProblem(scale: PainScale, score: number): string | undefined {
  if (scale === 'FACES' && !FACE_SCORES.includes(score))
    return `the faces scale scores ${FACE_SCORES.join(', ')}`;
  return undefined;
}

/** A pain score saved before the scale was recorded was a 0–10 number (the only scale the form offered then). */
export const painScaleOf = (score: number | null, scale: string | null): PainScale | undefined => {
  if (score === null) return undefined;
  return scale === 'FACES' ? 'FACES' : 'NUMERIC';
};

/** "4 (numbers 0–10)", "6 — Hurts even more (faces)": what the visit page and the history say. */
export function painText(score: number, scale: PainScale): string {
  if (scale === 'FACES') {
    const face = PAIN_FACES.find((f) => f.score === score);
    return `${score} of 10 — ${face ? face.label : 'between faces'} (faces)`;
  }
  return `${score} of 10 (numbers)`;
}
