/**
 * One plain face of the faces pain scale, drawn here (no published artwork): a circle, two eyes, brows that tilt
 * and a mouth that bends from a smile (score 0) to a deep frown (score 10). Decorative: the word label next to it
 * says what it means, so the drawing is hidden from screen readers.
 */
export function PainFace(props: { score: number; size?: number }) {
  const t = Math.max(0, Math.min(10, props.score)) / 10; // 0 = no hurt, 1 = hurts worst
  const size = props.size ?? 40;
  const curve = 8 - 16 * t; // mouth: + smiles, − frowns
  const brow = 4 * t; // brows tilt up toward the middle as it hurts more
  return (
    <svg
      className="pain-face"
      width={size}
      height={size}
      viewBox="0 0 40 40"
      aria-hidden="true"
      focusable="false"
    >
      <circle cx="20" cy="20" r="18" fill="none" stroke="currentColor" strokeWidth="2" />
      <circle cx="14" cy="16" r="2" fill="currentColor" />
      <circle cx="26" cy="16" r="2" fill="currentColor" />
      {t > 0 ? (
        <>
          <line x1="10" y1={11} x2="17" y2={11 - brow} stroke="currentColor" strokeWidth="1.6" />
          <line x1="30" y1={11} x2="23" y2={11 - brow} stroke="currentColor" strokeWidth="1.6" />
        </>
      ) : null}
      <path
        d={`M 12 ${27 - curve / 4} Q 20 ${27 + curve} 28 ${27 - curve / 4}`}
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
}
