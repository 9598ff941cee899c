import type {BuildOptions} from 'esbuild';

/** The script-tag bundle's gzip budget in bytes (issue 6). */
export const SIZE_BUDGET_GZIP: number;
/** Where `npm run build` writes the script-tag bundle. */
export const BUNDLE_PATH: string;
/** `_name` strings quoted in src/: private members that must keep their names. */
export function reservedPrivateNames(dir?: string): string[];
/** esbuild options of the script-tag bundle. */
export function scriptBundleOptions(outfile?: string): BuildOptions;
/** Builds the bundle (`outfile` absolute or relative to the repository root); its raw and gzip sizes in bytes. */
export function buildScriptBundle(outfile?: string): Promise<{raw: number; gzip: number}>;
/** terser options of the bundle's second minification pass (after esbuild). */
export const TERSER_OPTIONS: import('terser').MinifyOptions;
