import type { FaceSet, Weight } from './faces';

/**
 * Text wrapping by measured width: greedy, at spaces; a word wider than the line is broken between graphemes
 * (never inside one: a Vietnamese letter with its marks stays whole). Explicit line breaks are kept.
 */
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export interface TextStyle {
  readonly size: number;
  readonly weight: Weight;
}

export function wrapText(faces: FaceSet, text: string, maxWidth: number, style: TextStyle): string[] {
  const lines: string[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
    const words = para.split(/ +/).filter((w, i, all) => w !== '' || all.length === 1);
    let line = '';
    let lineWidth = 0;
    const space = faces.width(' ', style.size, style.weight);
    for (const word of words) {
      const w = faces.width(word, style.size, style.weight);
      if (line === '') {
        if (w <= maxWidth) {
          line = word;
          lineWidth = w;
          continue;
        }
      } else if (lineWidth + space + w <= maxWidth) {
        line += ` ${word}`;
        lineWidth += space + w;
        continue;
      } else {
        const room = maxWidth - lineWidth - space;
        if (w > maxWidth && room > maxWidth / 4) {
          // a word wider than a whole line starts on this one
          const [first = '', ...rest] = breakWord(faces, word, maxWidth, style, room);
          lines.push(`${line} ${first}`);
          lines.push(...rest.slice(0, -1));
          line = rest[rest.length - 1] ?? '';
          lineWidth = faces.width(line, style.size, style.weight);
          continue;
        }
        lines.push(line);
        line = '';
        lineWidth = 0;
        if (w <= maxWidth) {
          line = word;
          lineWidth = w;
          continue;
        }
      }
      // a word wider than the line: broken between graphemes
      const pieces = breakWord(faces, word, maxWidth, style);
      lines.push(...pieces.slice(0, -1));
      line = pieces[pieces.length - 1] ?? '';
      lineWidth = faces.width(line, style.size, style.weight);
    }
    lines.push(line);
  }
  return lines;
}

function breakWord(
  faces: FaceSet,
  word: string,
  maxWidth: number,
  style: TextStyle,
  firstWidth = maxWidth,
): string[] {
  const out: string[] = [];
  let cur = '';
  for (const { segment } of graphemes.segment(word)) {
    const next = cur + segment;
    const limit = out.length === 0 ? firstWidth : maxWidth;
    if (cur !== '' && faces.width(next, style.size, style.weight) > limit) {
      out.push(cur);
      cur = segment;
    } else cur = next;
  }
  out.push(cur);
  return out;
}

/** Cuts text to one line, ending it with an ellipsis when it is too wide (chart tick labels). */
export function fitLine(faces: FaceSet, text: string, maxWidth: number, style: TextStyle): string {
  if (faces.width(text, style.size, style.weight) <= maxWidth) return text;
  const gs = [...graphemes.segment(text)].map((g) => g.segment);
  while (gs.length > 1 && faces.width(`${gs.join('')}…`, style.size, style.weight) > maxWidth) gs.pop();
  return `${gs.join('')}…`;
}
