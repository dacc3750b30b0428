import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { packageRoot } from '../common/package-root';
import type { LabProblem } from '../lab';

/**
 * Type-checks a lab's suites the way an author's editor would. The stage runner only transpiles
 * them (fast, and a learner must never see a lab's type error as their own failure), so this is
 * where a suite that does not compile is caught, with the compiler's message, file and line.
 */
export function compileProblems(labDir: string, suiteFiles: readonly string[]): LabProblem[] {
  if (suiteFiles.length === 0) return [];
  const root = packageRoot();
  const modules = path.join(root, 'node_modules');
  const options: ts.CompilerOptions = {
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    allowJs: true,
    checkJs: false,
    skipLibCheck: true,
    // Suites are test code: catch wrong names, calls and imports, not every possibly-undefined body.
    strict: false,
    types: ['node', 'jest'],
    typeRoots: [path.join(modules, '@types')],
    baseUrl: labDir,
    // A lab outside backlab's folder still finds the kit and the packages suites may import.
    paths: { 'backlab/kit': [kitEntry(root)], '*': ['*', `${modules}/*`, `${modules}/@types/*`] },
  };
  const program = ts.createProgram([...suiteFiles], options);
  const inLab = (file: ts.SourceFile | undefined) =>
    !!file &&
    !path.relative(labDir, file.fileName).startsWith('..') &&
    !file.fileName.includes('/node_modules/');
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error && (d.file === undefined || inLab(d.file)))
    .map((d) => toProblem(labDir, d));
}

/** The kit's TypeScript source in a checkout; the compiled kit in an installed package. */
function kitEntry(root: string): string {
  const source = path.join(root, 'runner/kit/index.ts');
  return existsSync(source) ? source : path.join(root, 'dist/runner/kit/index.js');
}

function toProblem(labDir: string, diagnostic: ts.Diagnostic): LabProblem {
  const message = `does not compile: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')} (TS${diagnostic.code})`;
  if (!diagnostic.file) return { file: '(compiler options)', message };
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  return {
    file: path.relative(labDir, diagnostic.file.fileName).split(path.sep).join('/'),
    line: line + 1,
    column: character + 1,
    message,
  };
}
