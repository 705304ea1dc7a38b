import { describe, expect, it } from 'vitest';
import { findUnstorableText, textPathLabel, unstorableTextReason } from '../../../src-shared/text/storable';

describe('unstorableTextReason', () => {
  it('accepts ordinary text, accents and paired surrogates (emoji)', () => {
    for (const s of ['', 'Ana Díaz', 'fever 38.5 °C', 'ok 👍 done', '日本語', '\t\r\n'])
      expect(unstorableTextReason(s), JSON.stringify(s)).toBeNull();
  });
  it('refuses NUL anywhere', () => {
    for (const s of ['\u0000', 'a\u0000', '\u0000b', 'pasted\u0000text'])
      expect(unstorableTextReason(s)).toMatch(/NUL character/);
  });
  it('refuses a lone high or low surrogate, wherever it stands', () => {
    for (const s of ['\ud83d', 'x\ud83d', '\ud83dx', '\ude00', 'x\ude00y', '\ude00\ud83d'])
      expect(unstorableTextReason(s), JSON.stringify(s)).toMatch(/lone UTF-16 surrogate/);
  });
});

describe('findUnstorableText', () => {
  it('names the path of the first bad string in nested objects and arrays', () => {
    const v = { a: 'ok', b: [{ c: 'fine' }, { d: 'bad\u0000' }] };
    const found = findUnstorableText(v);
    expect(found?.path).toEqual(['b', 1, 'd']);
    expect(textPathLabel('body', found?.path ?? [])).toBe('body.b.1.d');
  });
  it('checks object keys too', () => {
    expect(findUnstorableText({ ['k\u0000']: 1 })?.path).toEqual(['k\u0000']);
  });
  it('passes numbers, booleans, null and clean values', () => {
    expect(findUnstorableText({ n: 1, b: true, z: null, s: ['x', { y: 'z' }] })).toBeNull();
  });
});
