/** Public exports: the element class (registered), its event and option types. */
export {WebmksConsole} from './webmks-console.js';
