/**
 * The workspace's stylesheet: Designsystemet's theme and the components the pages use, plus our own
 * layout (header, navigation, a table that scrolls sideways on its own at 320 px). Served by the
 * app at /assets/workspace.css?v=<hash>. No script: every page works without one.
 */
import { Injectable } from '@nestjs/common';
import { buildStylesheet, pageAsset } from './page-response';

const COMPONENTS = [
  'heading',
  'paragraph',
  'link',
  'list',
  'button',
  'fieldset',
  'field',
  'label',
  'input',
  'validation-message',
  'error-summary',
  'alert',
  'skip-link',
  'breadcrumbs',
  'table',
  'pagination',
  'tag',
];

const OWN_CSS = `
body{margin:0;background:var(--ds-color-neutral-background-default);color:var(--ds-color-neutral-text-default);font-family:var(--ds-font-family),system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
.rr-bar,.rr-main,.rr-footer{box-sizing:border-box;max-width:72rem;margin:0 auto;padding:var(--ds-size-3) var(--ds-size-4)}
.rr-header{border-bottom:1px solid var(--ds-color-neutral-border-subtle);background:var(--ds-color-neutral-background-tinted)}
.rr-bar{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:var(--ds-size-2) var(--ds-size-6)}
.rr-brand{font-weight:600;font-size:var(--ds-font-size-5);color:inherit}
.rr-user{display:flex;flex-wrap:wrap;align-items:center;gap:var(--ds-size-2) var(--ds-size-4);margin:0;min-width:0;overflow-wrap:anywhere}
.rr-main h1,.rr-main h2,.rr-main label,.rr-main legend,.ds-breadcrumbs{overflow-wrap:anywhere}
.rr-user form{margin:0}
.rr-inline{display:inline;margin:0}
.rr-nav ul,.rr-langs{display:flex;flex-wrap:wrap;gap:0 var(--ds-size-4);list-style:none;margin:0;padding:0}
.rr-nav a,.rr-langs a,.rr-langs button{display:inline-block;min-height:44px;line-height:44px;padding-inline:var(--ds-size-1)}
.rr-nav a[aria-current],.rr-langs [aria-current]{font-weight:600;text-decoration:none}
.rr-langs button{background:none;border:0;color:var(--ds-color-accent-text-default);text-decoration:underline;font:inherit;cursor:pointer}
.rr-main>*+*,.rr-form>*+*{margin-block-start:var(--ds-size-6)}
.rr-filters{display:grid;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr));gap:var(--ds-size-4);align-items:end}
.rr-filters .ds-input{width:100%;box-sizing:border-box}
.rr-actions{display:flex;flex-wrap:wrap;gap:var(--ds-size-4)}
.rr-links{list-style:none;padding:0;margin-block-end:0}
.rr-actions .ds-button{min-height:48px}
.rr-scroll{overflow-x:auto;max-width:100%;position:relative}
.rr-facts{display:grid;grid-template-columns:max-content 1fr;gap:var(--ds-size-2) var(--ds-size-6);margin:0}
.rr-facts dt{font-weight:600}
.rr-facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:30rem){.rr-facts{grid-template-columns:1fr}.rr-facts dd{margin-block-end:var(--ds-size-2)}}
.rr-secret{overflow-wrap:anywhere;word-break:break-all;font-size:var(--ds-font-size-3)}
.rr-footer{color:var(--ds-color-neutral-text-subtle);font-size:var(--ds-font-size-2)}
.rr-results td,.rr-results th{vertical-align:top}
.rr-results .rr-value{font-weight:600;white-space:nowrap}
.rr-ci,.rr-nline{white-space:nowrap;color:var(--ds-color-neutral-text-subtle)}
.rr-nline,.rr-zone,.rr-live{display:block}
.rr-zone[data-zone=below_minimum] [aria-hidden]{color:#8a5a00}
.rr-zone[data-zone=target_met] [aria-hidden]{color:#005a8c}
.rr-suppressed{font-style:italic}
.rr-live{font-size:var(--ds-font-size-2);font-weight:600}
.rr-muted td,.rr-muted th{background:var(--ds-color-neutral-background-tinted);color:var(--ds-color-neutral-text-subtle)}
.rr-note{font-size:var(--ds-font-size-3)}
.rr-chart{margin:0;overflow-x:auto}
.rr-chart svg{max-width:100%;height:auto}
.rr-publication{border-inline-start:4px solid var(--ds-color-neutral-border-subtle);padding-inline-start:var(--ds-size-4)}
.rr-letter{max-width:40rem;border:1px solid var(--ds-color-neutral-border-subtle);padding:var(--ds-size-6)}
.rr-letter>*+*{margin-block-start:var(--ds-size-4)}
.rr-qr{display:block;width:45mm;height:45mm}
.rr-url{overflow-wrap:anywhere;font-family:ui-monospace,monospace}
@page{size:A4;margin:20mm}
@media print{.rr-header,.ds-breadcrumbs,.ds-skip-link,.ds-alert,.rr-noprint{display:none}.rr-main{max-width:none;padding:0}.rr-letter{border:0;padding:0;max-width:none}body{background:#fff}}
`;

@Injectable()
export class WebAssets {
  readonly css = pageAsset(buildStylesheet(COMPONENTS, OWN_CSS), 'text/css; charset=utf-8');
  readonly cssHref = `/assets/workspace.css?v=${this.css.version}`;
}
