/**
 * The forms' stylesheet and script, served by the app itself (no external hosts): Designsystemet's
 * theme and only the component styles the form uses, plus a little layout of our own; and a small
 * script that adds a pointer-friendly slider beside the VAS number field (the form works without it).
 * Built once at start, gzipped, named by content hash so browsers may cache them for a year.
 */
import { Injectable } from '@nestjs/common';
import { buildStylesheet, pageAsset } from '../web/page-response';

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
];

const OWN_CSS = `
body{margin:0;background:var(--ds-color-neutral-background-default);color:var(--ds-color-neutral-text-default);font-family:var(--ds-font-family),system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5}
.rr-header,.rr-main,.rr-footer{box-sizing:border-box;max-width:40rem;margin:0 auto;padding:var(--ds-size-3) var(--ds-size-4)}
.rr-main>*+*,.rr-form>*+*{margin-block-start:var(--ds-size-6)}
.rr-langs{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:0 var(--ds-size-2);list-style:none;margin:0;padding:0}
.rr-langs a,.rr-back{display:inline-block;min-height:44px;line-height:44px;padding-inline:var(--ds-size-1)}
.rr-langs a[aria-current]{font-weight:600;text-decoration:none}
.rr-progress{color:var(--ds-color-neutral-text-subtle)}
.rr-form .ds-fieldset .ds-field{min-height:44px;align-items:center}
.rr-form .ds-fieldset legend .ds-heading{margin:0}
.rr-actions{display:flex;flex-wrap:wrap;gap:var(--ds-size-4)}
.rr-actions .ds-button{min-height:48px;min-width:10rem}
.rr-vas-number{max-width:8rem}
.rr-scale{display:grid;grid-template-columns:1fr 1fr;gap:var(--ds-size-2)}
.rr-scale[hidden]{display:none}
.rr-scale span:last-of-type{text-align:end}
.rr-range{grid-column:1/-1;width:100%;min-height:44px;margin:0;accent-color:var(--ds-color-accent-base-default)}
.rr-range.rr-unset::-webkit-slider-thumb{opacity:0}
.rr-range.rr-unset::-moz-range-thumb{opacity:0}
.rr-review{margin:0;padding:0}
.rr-review>div{display:grid;grid-template-columns:1fr auto;gap:var(--ds-size-1) var(--ds-size-4);padding-block:var(--ds-size-3);border-bottom:1px solid var(--ds-color-neutral-border-subtle)}
.rr-review dt{font-weight:600;grid-column:1/-1}
.rr-review dd{margin:0;overflow-wrap:anywhere}
.rr-review a{display:inline-block;min-height:44px;line-height:44px}
.rr-footer{color:var(--ds-color-neutral-text-subtle);font-size:var(--ds-font-size-2)}
`;

const SCRIPT = `(function(){
var box=document.querySelector('[data-vas]');if(!box)return;
var input=box.querySelector('input[name=answer]'),scale=box.querySelector('[data-scale]');if(!input||!scale)return;
var range=document.createElement('input');
range.type='range';range.min='0';range.max='100';range.step='1';range.tabIndex=-1;
range.setAttribute('aria-hidden','true');range.className='rr-range';
function sync(){var v=input.value.trim();if(/^[0-9]{1,3}$/.test(v)&&+v<=100){range.value=v;range.classList.remove('rr-unset');}else{range.classList.add('rr-unset');}}
range.addEventListener('input',function(){input.value=range.value;range.classList.remove('rr-unset');});
input.addEventListener('input',sync);
sync();scale.appendChild(range);scale.hidden=false;
})();
`;

@Injectable()
export class FormAssets {
  readonly css = pageAsset(buildStylesheet(COMPONENTS, OWN_CSS), 'text/css; charset=utf-8');
  readonly js = pageAsset(SCRIPT, 'text/javascript; charset=utf-8');
}
