import { h } from 'preact';
import { fill, renderDocument } from '../../src/common/page-render';

describe('page rendering', () => {
  it('escapes every text and attribute value, so no caller has to remember to', () => {
    const hostile = `"><script>alert('x')</script>&`;
    const page = renderDocument(h('html', { lang: 'nb' }, h('body', null, h('a', { href: hostile, title: hostile }, hostile, [hostile]))));
    expect(page.startsWith('<!doctype html>\n<html lang="nb">')).toBe(true);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script>alert(');
    expect(page).toContain('href="&quot;>&lt;script>');
  });

  it('fills placeholders with plain text and leaves unknown ones visible', () => {
    expect(fill('Spørsmål {n} av {total}, {x}', { n: 1, total: 6 })).toBe('Spørsmål 1 av 6, {x}');
  });
});
