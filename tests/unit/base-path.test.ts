import { describe, expect, it } from 'vitest';
import { normaliseBase, withBase, withoutBase } from '../../src/lib/base-path';

describe('base path', () => {
  it('normalises any spelling of a base to leading and trailing slashes', () => {
    expect(normaliseBase('')).toBe('/');
    expect(normaliseBase('/')).toBe('/');
    expect(normaliseBase('bulkhead-lab')).toBe('/bulkhead-lab/');
    expect(normaliseBase('//a//b')).toBe('/a/b/');
  });

  it('puts site paths under the base', () => {
    expect(withBase('/learn/', '/')).toBe('/learn/');
    expect(withBase('/learn/', '/bulkhead-lab/')).toBe('/bulkhead-lab/learn/');
    expect(withBase('runner/worker.js?x=1#y', '/bulkhead-lab')).toBe('/bulkhead-lab/runner/worker.js?x=1#y');
    expect(withBase('/', '/bulkhead-lab/')).toBe('/bulkhead-lab/');
  });

  it('leaves absolute URLs, fragments, queries and paths already under the base alone', () => {
    for (const url of ['https://example.org/x', 'mailto:a@b.c', '//cdn.example/x', '#top', '?q=1']) {
      expect(withBase(url, '/bulkhead-lab/')).toBe(url);
    }
    expect(withBase('/bulkhead-lab/learn/', '/bulkhead-lab/')).toBe('/bulkhead-lab/learn/');
    expect(withBase('/bulkhead-lab', '/bulkhead-lab/')).toBe('/bulkhead-lab');
    expect(withBase('/bulkhead-labs/', '/bulkhead-lab/')).toBe('/bulkhead-lab/bulkhead-labs/');
  });

  it('takes the base off a path under it', () => {
    expect(withoutBase('/bulkhead-lab/learn/', '/bulkhead-lab/')).toBe('/learn/');
    expect(withoutBase('/learn/', '/bulkhead-lab/')).toBe('/learn/');
    expect(withoutBase('/learn/', '/')).toBe('/learn/');
  });
});
