/**
 * Wraps one line of plain text at spaces so that, after `indent`, no line is wider than `width`.
 * Nothing is ever cut: a word longer than the room (a URL, a JSON body) gets a line of its own.
 * Continuation lines keep the line's own leading spaces (a diff line stays aligned) plus `hang`.
 */
export function wrapLine(text: string, width: number, indent = '', hang = ''): string[] {
  if (indent.length + text.length <= width) return [indent + text];
  const lead = /^\s*/.exec(text)?.[0] ?? '';
  const room = Math.max(1, width - indent.length - lead.length);
  const lines: string[] = [];
  let current = '';
  for (const word of text.slice(lead.length).split(/ +/)) {
    const limit = lines.length === 0 ? room : room - hang.length;
    if (current && current.length + 1 + word.length > limit) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  lines.push(current);
  return lines.map((line, i) => `${indent}${lead}${i === 0 ? '' : hang}${line}`);
}

/** Every line of `text` wrapped the same way. */
export function wrapText(text: string, width: number, indent = '', hang = ''): string[] {
  return text
    .split('\n')
    .flatMap((line) => (line.trim() === '' ? [''] : wrapLine(line, width, indent, hang)));
}
