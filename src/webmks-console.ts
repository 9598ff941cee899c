/**
 * Registers `<webmks-console>` once; importing this module has no other effect.
 */
import {WebmksConsole} from './element/webmks-console.component.js';

export {WebmksConsole};

if (!customElements.get('webmks-console')) {
  customElements.define('webmks-console', WebmksConsole);
}

declare global {
  interface HTMLElementTagNameMap {
    'webmks-console': WebmksConsole;
  }
}
