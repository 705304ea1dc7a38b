import { useMemo } from 'react';
import { useCall, useFocusOnMount, useTitle } from '../lib/hooks';
import { href } from '../lib/router';
import { PrintButton } from '../reports';

const DROP = new Set([
  'SCRIPT',
  'STYLE',
  'TITLE',
  'HEAD',
  'LINK',
  'META',
  'BASE',
  'IFRAME',
  'FRAME',
  'OBJECT',
  'EMBED',
  'FORM',
  'INPUT',
  'BUTTON',
  'TEMPLATE',
  'SVG',
  'MATH',
]);

const LANDMARKS = new Set(['MAIN', 'HEADER', 'FOOTER', 'NAV', 'ASIDE']);

/**
 * The core renders the note; the renderer still treats it as untrusted markup: only plain elements are kept (no
 * scripts, styles, event handlers, frames or outside links). It is parsed into an inert <template>, where nothing
 * runs or applies (a DOMParser document would try to apply the note's <style>, which the page's CSP refuses).
 */
export function sanitizeNote(html: string): string {
  const template = document.createElement('template');
  template.innerHTML = html;
  const walk = (el: Element | DocumentFragment) => {
    for (const child of Array.from(el.children)) {
      if (DROP.has(child.tagName.toUpperCase())) {
        child.remove();
        continue;
      }
      if (LANDMARKS.has(child.tagName.toUpperCase())) {
        // the note sits inside the page's own <main>: its landmarks become plain blocks
        const div = document.createElement('div');
        div.append(...Array.from(child.childNodes));
        child.replaceWith(div);
        walk(div);
        continue;
      }
      for (const attr of Array.from(child.attributes)) {
        const name = attr.name.toLowerCase();
        const value = attr.value.trim().toLowerCase();
        if (name.startsWith('on') || name === 'style' || name === 'srcset') child.removeAttribute(attr.name);
        else if ((name === 'href' || name === 'src' || name === 'xlink:href') && !value.startsWith('#'))
          child.removeAttribute(attr.name);
      }
      walk(child);
    }
  };
  walk(template.content);
  const out = document.createElement('div');
  out.appendChild(template.content);
  return out.innerHTML;
}

/** The excuse note of a visit: a preview, and Print (the note as a PDF, in the school's time zone). */
export function ExcuseNote(props: { visitId: string; studentId: string | undefined }) {
  useTitle('Excuse note');
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const note = useCall('clinicVisits.excuseNote', { visitId: props.visitId }, props.visitId);
  const safe = useMemo(() => (note.data ? sanitizeNote(note.data.html) : undefined), [note.data]);

  return (
    <>
      <div className="page-head">
        <h1 tabIndex={-1} ref={heading}>
          Excuse note
        </h1>
        <div className="actions">
          <PrintButton item={{ label: 'Print the excuse note', request: { report: 'excuseNote', visitId: props.visitId } }} />
          {props.studentId ? (
            <a className="button secondary" href={href(['students', props.studentId])}>
              Back to the chart
            </a>
          ) : null}
        </div>
      </div>
      {note.error ? (
        <div className="notice error" role="alert">
          {note.error.message}
        </div>
      ) : null}
      {safe === undefined && !note.error ? <p role="status">Loading…</p> : null}
      {safe !== undefined ? (
        <article
          className="note-preview"
          aria-label="Excuse note preview"
          dangerouslySetInnerHTML={{ __html: safe }}
        />
      ) : null}
    </>
  );
}
