/**
 * Node module hooks that let Node load tfjs-core's per-file ES modules
 * (node_modules/@tensorflow/tfjs-core/dist/**.js). Those files are written for
 * bundlers: extensionless relative imports ('./ops/add') in a package without
 * "type": "module". Node needs both fixed: the extension added, the format
 * declared. Only files under tfjs-core's dist folder are touched, and the
 * CommonJS bundle the package's "main" points at is left alone.
 *
 * Registered by gradients.ts through `module.register` (Node ≥ 20.6); runs on
 * Node's loader thread.
 */
const DIST = '/@tensorflow/tfjs-core/dist/';
const CJS_MAIN = 'tf-core.node.js';

interface ResolveContext { readonly parentURL?: string }
interface ResolveResult { readonly url: string; readonly format?: string | null }
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
interface LoadContext { readonly format?: string | null }
type NextLoad = (url: string, context?: LoadContext) => Promise<{ format: string; source?: unknown }>;

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  const fromDist = context.parentURL?.includes(DIST) === true;
  if (fromDist && specifier.startsWith('.') && !specifier.endsWith('.js')) {
    try {
      return await next(`${specifier}.js`, context);
    } catch {
      return next(`${specifier}/index.js`, context);
    }
  }
  return next(specifier, context);
}

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<{ format: string; source?: unknown }> {
  if (url.includes(DIST) && url.endsWith('.js') && !url.endsWith(CJS_MAIN)) {
    return next(url, { ...context, format: 'module' });
  }
  return next(url, context);
}
