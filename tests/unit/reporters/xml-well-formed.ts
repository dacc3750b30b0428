const LEGAL_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]$/u;
const ILLEGAL_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * A small XML 1.0 well-formedness check for the JUnit reporter's tests: balanced elements, quoted
 * attributes without duplicates, only predefined or numeric entity references, legal characters,
 * one root. Returns the problems found; an empty list means well-formed.
 */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const illegal = ILLEGAL_CHAR.exec(xml);
  if (illegal)
    problems.push(`illegal character U+${illegal[0].codePointAt(0)?.toString(16)} at ${illegal.index}`);

  const body = xml.replace(/^<\?xml[^?]*\?>/, '');
  const token =
    /<!--[\s\S]*?-->|<\/([A-Za-z_][\w.-]*)\s*>|<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<|[^<]+/gy;
  const open: string[] = [];
  let roots = 0;
  for (let match = token.exec(body); match; match = token.exec(body)) {
    const [text, closing, name, attributes, selfClosing] = match;
    if (closing) {
      const expected = open.pop();
      if (expected !== closing) problems.push(`</${closing}> closes <${expected ?? 'nothing'}>`);
    } else if (name) {
      if (open.length === 0 && ++roots > 1) problems.push(`second root element <${name}>`);
      problems.push(...attributeProblems(name, attributes));
      if (!selfClosing) open.push(name);
    } else if (text === '<') {
      problems.push(`malformed tag at ${match.index}: ${body.slice(match.index, match.index + 40)}`);
    } else if (!text.startsWith('<!--')) {
      if (open.length === 0 && text.trim() !== '')
        problems.push(`text outside the root element: ${text.trim()}`);
      problems.push(...referenceProblems(text));
      if (text.includes(']]>')) problems.push('"]]>" in text');
    }
  }
  if (open.length > 0) problems.push(`unclosed elements: ${open.join(', ')}`);
  if (roots === 0) problems.push('no root element');
  return problems;
}

function attributeProblems(element: string, attributes: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const [, name, value] of attributes.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    if (seen.has(name)) problems.push(`<${element}> repeats attribute ${name}`);
    seen.add(name);
    if (value?.includes('<')) problems.push(`"<" in attribute ${name} of <${element}>`);
    problems.push(...referenceProblems(value ?? ''));
  }
  return problems;
}

function referenceProblems(text: string): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/&([^;&\s]*);?/g)) {
    const reference = /^(?:amp|lt|gt|quot|apos)$/.test(match[1])
      ? 'named'
      : /^#(?:\d+|x[0-9a-fA-F]+)$/.test(match[1])
        ? 'numeric'
        : undefined;
    if (!reference || !match[0].endsWith(';')) problems.push(`bad entity reference ${match[0]}`);
    if (reference === 'numeric') {
      const codePoint =
        match[1][1] === 'x' ? parseInt(match[1].slice(2), 16) : parseInt(match[1].slice(1), 10);
      const legal = codePoint <= 0x10ffff && LEGAL_CHAR.test(String.fromCodePoint(codePoint));
      if (!legal) problems.push(`reference to illegal character ${match[0]}`);
    }
  }
  return problems;
}
