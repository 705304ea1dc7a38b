import { PAIN_FACES, PAIN_SCALE_LABEL, PAIN_SCALES, type PainScale } from '../../src-shared/clinic-visits';
import { Field, sentence } from '../lib/form';
import { PainFace } from './PainFace';
import { rangeHint } from './visit-form';

/**
 * The pain score on either scale: the 0–10 number, or six faces (0, 2, 4, 6, 8, 10), each a radio button labelled
 * in words with a plain drawn face. Arrow keys move between the faces like any radio group.
 */
export function PainScore(props: {
  scale: PainScale;
  score: string;
  onScale: (s: PainScale) => void;
  onScore: (s: string) => void;
  onBlur?: () => void;
  error?: string | undefined;
  required?: boolean;
  idPrefix: string;
}) {
  const { scale, score, error, idPrefix } = props;
  return (
    <fieldset className="pain-score">
      <legend>{props.required ? 'Pain (asked for this reason)' : 'Pain'}</legend>
      <fieldset className="segmented-wrap">
        <legend>Pain scale</legend>
        <div className="segmented">
          {PAIN_SCALES.map((s) => (
            <label key={s}>
              <input
                type="radio"
                name={`${idPrefix}-pain-scale`}
                value={s}
                checked={scale === s}
                onChange={() => props.onScale(s)}
              />
              {PAIN_SCALE_LABEL[s]}
            </label>
          ))}
        </div>
      </fieldset>
      {scale === 'NUMERIC' ? (
        <Field label="Pain score (0–10)" hint={rangeHint('painScore')} error={error}>
          {(p) => (
            <input
              {...p}
              type="text"
              inputMode="numeric"
              value={score}
              onChange={(e) => props.onScore(e.target.value)}
              onBlur={props.onBlur}
            />
          )}
        </Field>
      ) : (
        <fieldset
          className="pain-faces"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${idPrefix}-faces-error` : undefined}
        >
          <legend>Point to the face that shows how much it hurts</legend>
          <div className="pain-faces-row">
            {PAIN_FACES.map((f) => (
              <label key={f.score} className="pain-face-choice">
                <input
                  type="radio"
                  name={`${idPrefix}-pain-face`}
                  value={f.score}
                  checked={score === String(f.score)}
                  onChange={() => props.onScore(String(f.score))}
                  onBlur={props.onBlur}
                />
                <PainFace score={f.score} />
                <span>
                  {f.score} — {f.label}
                </span>
              </label>
            ))}
          </div>
          {score !== '' ? (
            <button type="button" className="secondary small" onClick={() => props.onScore('')}>
              Clear the pain score
            </button>
          ) : null}
          {error ? (
            <span id={`${idPrefix}-faces-error`} className="field-error">
              {sentence(error)}
            </span>
          ) : null}
        </fieldset>
      )}
    </fieldset>
  );
}
