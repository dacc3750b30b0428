/** A URL as a message may show it: its password replaced (redis://:pw@…, postgres://user:pw@…). */
export function redactUrl(text: string): string {
  return text.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
