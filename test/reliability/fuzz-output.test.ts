import { failureSection } from '../../scripts/reliability/fuzz';

describe('fuzz: failure details for the CI log', () => {
  const output = [
    ' ✅  Stateful (in 19.03s)',
    '=================================== FAILURES ===================================',
    '_________________________________ POST /films _________________________________',
    '1. Test Case ID: abc',
    '- Server error',
    '[500] Internal Server Error:',
    "    curl -X POST -H 'Content-Type: application/json' -d '{}' http://127.0.0.1:1/films",
    '=================================== WARNINGS ===================================',
    'Unmatched filters: 2 filters matched no API operations',
    '=================================== SUMMARY ====================================',
    'Test cases:',
  ];

  it('keeps the FAILURES section, not the warnings or the summary', () => {
    const section = failureSection(output);
    expect(section[0]).toMatch(/=+ FAILURES =+/);
    expect(section).toContain('- Server error');
    expect(section.some((line) => line.includes('curl -X POST'))).toBe(true);
    expect(section.some((line) => line.includes('Unmatched filters'))).toBe(false);
    expect(section.some((line) => line.includes('Test cases:'))).toBe(false);
  });

  it('keeps ERRORS too, and nothing from a clean run', () => {
    expect(failureSection(['=== ERRORS ===', 'Connection refused', '=== SUMMARY ==='])).toEqual(['=== ERRORS ===', 'Connection refused']);
    expect(failureSection(output.slice(7))).toEqual([]);
  });

  it('cuts a huge line (a generated body in a curl command)', () => {
    const [, line] = failureSection(['=== FAILURES ===', `curl -d '${'x'.repeat(5000)}'`]);
    expect(line).toHaveLength(400 + ' … (4609 more characters)'.length);
  });

  it('caps a long section at 200 lines and says how many it left out', () => {
    const long = ['===== FAILURES =====', ...Array.from({ length: 300 }, (_, i) => `line ${i}`)];
    const section = failureSection(long);
    expect(section).toHaveLength(201);
    expect(section[200]).toBe('… 101 more lines in the output file');
  });
});
