/**
 * `<webmks-console>`: the Lit element. Thin by design: it owns attributes,
 * events and the shadow DOM, and delegates each connection to src/session.
 * This module has no side effects; src/webmks-console.ts registers the tag.
 */
import {LitElement, css, html} from 'lit';

/**
 * A browser console for VMware WebMKS (ESXi, vSphere, Nova `mks`) and plain RFB
 * over WebSocket.
 *
 * @summary VM console: connects to a ticketed WebMKS URL and shows the guest screen.
 * @csspart screen - The scroll and scale container around the canvas.
 * @csspart canvas - The canvas showing the remote framebuffer.
 * @csspart status - The connection status overlay.
 * @cssproperty --webmks-console-background - Background behind the screen (default #000).
 * @slot - Overlays and toolbars drawn over the console.
 */
export class WebmksConsole extends LitElement {
  static override styles = css`
    :host {
      display: block;
      position: relative;
      background: var(--webmks-console-background, #000);
      min-height: 100px;
    }
    [part='screen'] {
      position: absolute;
      inset: 0;
      overflow: hidden;
    }
    canvas {
      display: block;
    }
  `;

  static override properties = {
    url: {type: String},
  };

  /** The WebSocket URL (`wss://host/ticket/T`). For demos and tests; prefer `ticketProvider`. */
  declare url: string;

  constructor() {
    super();
    this.url = '';
  }

  override render() {
    return html`<div part="screen"><canvas part="canvas"></canvas></div>
      <div part="status" role="status" aria-live="polite">disconnected</div>
      <slot></slot>`;
  }
}
