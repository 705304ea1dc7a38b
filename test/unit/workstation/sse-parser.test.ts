import { describe, expect, it } from 'vitest';
import { sseParser } from '../../../src-main/workstation/alerts';

/** The alert stream's event parser (server-sent events as the WHATWG HTML standard defines them). */
describe('sseParser', () => {
  const parse = (chunks: string[]) => {
    const out: [string, string][] = [];
    const feed = sseParser((e, data) => out.push([e, data]));
    for (const c of chunks) feed(c);
    return out;
  };

  it('reads events split anywhere across chunks, with LF, CRLF or CR line ends', () => {
    expect(parse(['event: al', 'ert\ndata: {"id":"1"}\n', '\n'])).toEqual([['alert', '{"id":"1"}']]);
    expect(parse(['event: alert\r', '\ndata: x\r\n\r\n'])).toEqual([['alert', 'x']]);
    // a CR at the end of a chunk may be half of a CRLF: the line ends when the next chunk comes
    expect(parse(['event: alert\rdata: y\r\r'])).toEqual([]);
    expect(parse(['event: alert\rdata: y\r\r', ': ping\n'])).toEqual([['alert', 'y']]);
  });

  it('ignores comments (pings), joins data lines, defaults the event name, skips events without data', () => {
    expect(
      parse([': ping\n\n', 'data: a\ndata: b\n\n', 'event: alert\n\n', 'event: alert\ndata:no-space\n\n']),
    ).toEqual([
      ['message', 'a\nb'],
      ['alert', 'no-space'],
    ]);
  });
});
