/** Keeps the last few lines of a long output, for error messages that show where it broke. */
export class RecentLines {
  private readonly lines: string[] = [];

  constructor(private readonly limit = 15) {}

  push(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.limit) this.lines.shift();
  }

  text(): string {
    return this.lines.map((line) => `  ${line}`).join('\n');
  }
}
