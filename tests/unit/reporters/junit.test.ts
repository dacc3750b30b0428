import { formatJunit } from '../../../runner/grading/reporters/junit';
import { escapeXmlAttribute, escapeXmlText } from '../../../runner/grading/reporters/xml-escape';
import { loadResult, RESULT_FIXTURES } from './result-fixtures';
import { xmlProblems } from './xml-well-formed';

describe('XML escaping', () => {
  it('escapes markup characters in text and attributes', () => {
    expect(escapeXmlText(`a < b && c > "d" 'e'\r\n`)).toBe(`a &lt; b &amp;&amp; c &gt; "d" 'e'&#13;\n`);
    expect(escapeXmlAttribute(`"x" & 'y' <z>\ttab\nline`)).toBe(
      '&quot;x&quot; &amp; &apos;y&apos; &lt;z&gt;&#9;tab&#10;line',
    );
  });

  it('replaces characters XML 1.0 cannot hold at all', () => {
    const hostile = 'bell\u0007 nul\u0000 esc\u001b lone\uD800 ok\u{1F600} end\uFFFF';
    expect(escapeXmlText(hostile)).toBe('bell\uFFFD nul\uFFFD esc\uFFFD lone\uFFFD ok\u{1F600} end\uFFFD');
    expect(xmlProblems(`<a b="${escapeXmlAttribute(hostile)}">${escapeXmlText(hostile)}</a>`)).toEqual([]);
  });
});

describe('the well-formedness check', () => {
  it.each([
    ['a raw ampersand', '<a>&</a>'],
    ['crossed elements', '<a><b></a></b>'],
    ['a control character', '<a>\u0001</a>'],
    ['an unquoted attribute', '<a b=c/>'],
    ['two roots', '<a/><b/>'],
    ['a reference to NUL', '<a>&#0;</a>'],
  ])('rejects %s', (_what, xml) => {
    expect(xmlProblems(xml)).not.toEqual([]);
  });
});

describe('formatJunit', () => {
  it.each(RESULT_FIXTURES)('writes well-formed XML for the %s fixture', (name) => {
    expect(xmlProblems(formatJunit(loadResult(name)))).toEqual([]);
  });

  it('stays well-formed whatever the test names and messages contain', () => {
    const result = loadResult('fail');
    const hostile = 'bell\u0007 esc\u001b[31m nul\u0000 ]]> <![CDATA[ & "quotes" \uD800';
    const test = { ...result.stages[1].tests[2], name: hostile, message: hostile };
    const stages = [{ ...result.stages[1], title: hostile, error: hostile, tests: [test] }];
    const xml = formatJunit({ ...result, lab: hostile, stages, appLog: hostile });
    expect(xmlProblems(xml)).toEqual([]);
  });

  it('counts tests, failures and errors', () => {
    const xml = formatJunit(loadResult('fail'));
    expect(xml).toMatch(/<testsuites name="login-system" tests="13" failures="4" errors="0" time="16.200">/);
    expect(xml).toContain(
      '<testcase classname="login-system.login" name="rejects a wrong password with 401" time="0.022">',
    );
    expect(xml).toContain('<failure message="Expected: 401&#10;Received: 200">');
  });

  it('reports a stage whose suites could not finish as an error in that stage', () => {
    const xml = formatJunit(loadResult('stage-error'));
    // 5 tests plus one entry for the stage whose suites timed out; no run-level suite.
    expect(xml).toMatch(/<testsuites name="login-system" tests="6" failures="0" errors="1" time="69.690">/);
    expect(xml).toMatch(/<testsuite name="login-system.rate-limit" tests="2" failures="0" errors="1" /);
    expect(xml).toContain(
      '<error message="The stage suites did not finish within the time limit of 60 seconds.">',
    );
    expect(xml).not.toContain('login-system.grading');
  });

  it("withholds a hidden test's message unless asked to show it", () => {
    const result = loadResult('fail');
    expect(formatJunit(result)).not.toContain('hidden/03-sessions.test.ts');
    expect(formatJunit(result)).toContain('<failure message="hidden test"/>');
    expect(formatJunit(result, { showHidden: true })).toContain('hidden/03-sessions.test.ts');
  });

  it('reports a run that could not be graded as an error with the app log', () => {
    const xml = formatJunit(loadResult('error'));
    expect(xml).toContain(
      '<testcase classname="login-system.grading" name="Grading stopped while starting the app" time="0.000">',
    );
    expect(xml).toContain('Next step: Make your app listen on process.env.PORT');
    expect(xml).toMatch(/<system-out>[^<]*Server listening on http:\/\/localhost:8080/);
  });

  it('says a limit of the grading sandbox stopped the run, with the cause as a property', () => {
    const xml = formatJunit(loadResult('sandbox-error'));
    expect(xml).toContain(
      'name="Could not grade: a limit of the grading sandbox (met while installing the app&apos;s dependencies)"',
    );
    expect(xml).toContain('<property name="cause" value="sandbox"/>');
  });

  it('carries the provenance as properties of every suite', () => {
    const result = loadResult('fail');
    const xml = formatJunit(result);
    const suites = xml.match(/<testsuite /g) ?? [];
    const versions = xml.match(/<property name="provenance.backlab" value="0.1.0"\/>/g) ?? [];
    expect(versions).toHaveLength(suites.length);
    expect(xml).toContain(
      `<property name="provenance.images.backlab/node:latest" value="${result.provenance.images['backlab/node:latest']}"/>`,
    );
    expect(xml).toContain(
      '<property name="provenance.services.mysql" value="mariadb 10.11.19-MariaDB-0+deb12u1 (backlab/mariadb:latest)"/>',
    );
  });
});
