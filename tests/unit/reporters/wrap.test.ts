import { wrapLine, wrapText } from '../../../runner/grading/reporters/wrap';

describe('wrapLine', () => {
  it('leaves a line that fits alone, spaces included', () => {
    expect(wrapLine('- Expected  - 1', 40, '  ')).toEqual(['  - Expected  - 1']);
  });

  it('breaks at spaces and never cuts a word longer than the room', () => {
    const url = `https://example.test/${'x'.repeat(40)}`;
    const lines = wrapLine(`see ${url} for more`, 30, '  ');
    expect(lines).toEqual(['  see', `  ${url}`, '  for more']);
  });

  it("keeps the line's own indentation and adds the hang on continuation lines", () => {
    expect(wrapLine('    one two three four', 15, '', '  ')).toEqual([
      '    one two',
      '      three',
      '      four',
    ]);
  });
});

describe('wrapText', () => {
  it('wraps every line and keeps blank ones', () => {
    expect(wrapText('aaa bbb\n\nccc', 5)).toEqual(['aaa', 'bbb', '', 'ccc']);
  });
});
