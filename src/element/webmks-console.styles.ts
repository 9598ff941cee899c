/**
 * Styles of `<webmks-console>`. Constructable stylesheets (a Lit CSSResult), so no
 * inline style attribute is ever needed (CSP `style-src 'self'`,
 * robustness.md §3). Theme tokens are `--webmks-console-*` custom properties,
 * read with fallbacks and never set on :host, so a page can theme from any
 * ancestor.
 */
import {unsafeCSS, type CSSResult} from '@lit/reactive-element';

/**
 * A tag for one static CSS literal. Lit's css tag also splices in values
 * and checks each one (with its own error text); these styles have no
 * interpolations (one is a type error: the rest parameter is never[]),
 * so the text goes to unsafeCSS as is: nothing here comes from outside the
 * source, which is what `unsafe` warns about. Saves ~180 bytes gzip in the
 * script-tag bundle (issue 6).
 */
function staticCss(strings: TemplateStringsArray, ..._none: never[]): CSSResult {
  return unsafeCSS(strings.join(''));
}

export const webmksConsoleStyles = staticCss`
  :host {
    display: block;
    position: relative;
    overflow: hidden;
    min-height: 100px;
    contain: content;
    background: var(--webmks-console-background, #000);
    outline: none;
  }
  :host([hidden]) {
    display: none;
  }
  :host(:focus-visible) {
    outline: var(--webmks-console-focus-outline, 2px solid #4d90fe);
    outline-offset: -2px;
  }
  .screen {
    position: absolute;
    inset: 0;
    overflow: hidden;
    touch-action: none;
  }
  .screen.scroll {
    overflow: auto;
    touch-action: pan-x pan-y;
  }
  canvas {
    position: absolute;
    left: 0;
    top: 0;
    display: block;
    image-rendering: auto;
    user-select: none;
    -webkit-user-select: none;
  }
  canvas.crisp {
    image-rendering: pixelated;
  }
  canvas.stale {
    opacity: var(--webmks-console-stale-opacity, 0.5);
  }
  .status {
    position: absolute;
    left: 50%;
    top: 50%;
    transform: translate(-50%, -50%);
    max-width: 80%;
    padding: 0.5em 1em;
    border-radius: 4px;
    pointer-events: none;
    text-align: center;
    overflow-wrap: anywhere;
    font: var(--webmks-console-status-font, 14px system-ui, sans-serif);
    color: var(--webmks-console-status-color, #fff);
    background: var(--webmks-console-status-background, rgba(0, 0, 0, 0.6));
  }
  /* Connected: the live region stays in the accessibility tree, out of sight. */
  .status.quiet {
    clip-path: inset(50%);
    width: 1px;
    height: 1px;
    padding: 0;
    overflow: hidden;
    white-space: nowrap;
  }
`;
