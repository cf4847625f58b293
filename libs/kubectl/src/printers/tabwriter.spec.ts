import { tabwrite } from './tabwriter';

describe('tabwrite (Go text/tabwriter, minwidth 6, padding 3)', () => {
  it('pads every column to its longest cell + 3 and leaves the last column unpadded', () => {
    expect(
      tabwrite([
        ['NAME', 'READY', 'AGE'],
        ['web-7c5ddbdf54-2xkqz', '1/1', '12s'],
      ]),
    ).toBe('NAME                   READY   AGE\nweb-7c5ddbdf54-2xkqz   1/1     12s\n');
  });

  it('applies the minimum width of 6 to narrow columns', () => {
    expect(
      tabwrite([
        ['A', 'B'],
        ['x', 'y'],
      ]),
    ).toBe('A     B\nx     y\n');
  });

  it('pads empty cells and counts code points, not UTF-16 units', () => {
    expect(
      tabwrite([
        ['NAME', 'V', 'AGE'],
        ['é', '', '1s'],
      ]),
    ).toBe('NAME   V     AGE\né      ' + '      1s\n');
  });

  it('supports padding 2 (describe, rollout history)', () => {
    expect(
      tabwrite(
        [
          ['REVISION', 'CHANGE-CAUSE'],
          ['1', '<none>'],
        ],
        { minWidth: 0, padding: 2 },
      ),
    ).toBe('REVISION  CHANGE-CAUSE\n1         <none>\n');
  });
});
