/**
 * The lines a terminal shows once `output` has been written to it: text, carriage return, new
 * line, cursor up (CSI n A), erase below (CSI J) and to the end of the line (CSI K). Colours and
 * other sequences change nothing here.
 */
export function screenOf(output: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  // eslint-disable-next-line no-control-regex -- escape sequences are what this reads
  const token = /\u001b\[([?\d;]*)([A-Za-z])|\r|\n|[^\u001b\r\n]/gu;
  for (const [text, params, command] of output.matchAll(token)) {
    if (text === '\r') col = 0;
    else if (text === '\n') {
      // As a terminal does with the line discipline's \r\n (fakes of a stream write \n alone).
      lines[++row] ??= [];
      col = 0;
    } else if (command === 'A') row = Math.max(0, row - Number(params || 1));
    else if (command === 'J') {
      lines[row].length = Math.min(lines[row].length, col);
      lines.length = row + 1;
    } else if (command === 'K') lines[row].length = Math.min(lines[row].length, col);
    else if (!command) {
      while (lines[row].length < col) lines[row].push(' ');
      lines[row][col++] = text;
    }
  }
  return lines.map((line) => line.join('').trimEnd()).filter((line, i, all) => line || i < all.length - 1);
}
