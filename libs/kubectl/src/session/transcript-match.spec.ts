import { matchTranscript } from './transcript-match';

describe('matchTranscript', () => {
  it('binds hashes, accepts suffixes and ages, and tolerates column widths', () => {
    const expected = 'NAME  DESIRED\nweb-<A>  3\nweb-<A>-?????  1/1  <age>\n<*>\n';
    const actual =
      'NAME             DESIRED\nweb-7c5ddbdf54   3\nweb-7c5ddbdf54-2xkqz   1/1   12s\nanything here\n';
    expect(matchTranscript(expected, actual)).toEqual({ ok: true });
  });

  it('fails when a bound hash changes, a suffix has a vowel, or lines differ', () => {
    expect(matchTranscript('web-<A>\nweb-<A>\n', 'web-7c5ddbdf54\nweb-5d9c8b7f46\n')).toMatchObject({
      ok: false,
      line: 2,
    });
    expect(matchTranscript('web-?????\n', 'web-aeiou\n')).toMatchObject({ ok: false, line: 1 });
    expect(matchTranscript('a\n', 'a\nb\n')).toMatchObject({ ok: false, line: 2 });
  });
});
