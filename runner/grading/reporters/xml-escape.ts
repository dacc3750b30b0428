/** Escaping for XML 1.0 text and attribute values. */

// Characters XML 1.0 forbids outright (most C0 controls, lone surrogates, U+FFFE/U+FFFF): no
// escape makes them legal, so they are replaced.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const REPLACEMENT = '\uFFFD';

const TEXT_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
// In attributes, parsers turn raw tabs and newlines into spaces; character references keep them.
const ATTRIBUTE_ENTITIES: Record<string, string> = {
  ...TEXT_ENTITIES,
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
};

export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, REPLACEMENT).replace(/[&<>\r]/g, (ch) => TEXT_ENTITIES[ch]);
}

export function escapeXmlAttribute(value: string): string {
  return value.replace(NOT_XML_CHAR, REPLACEMENT).replace(/[&<>"'\t\n\r]/g, (ch) => ATTRIBUTE_ENTITIES[ch]);
}
