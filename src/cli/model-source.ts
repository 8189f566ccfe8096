/**
 * What a model argument on the command line can be: an ONNX file, a
 * checkpoint folder (model.json + model.safetensors) or a zoo model name
 * (`resnet8`, `fc-autoencoder` or `fcAutoencoder`). Commands resolve it here
 * so they all accept the same things and fail with the same advice.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isZooName, zoo, type ZooName } from '../nn/index.js';

export type ModelSource =
  | { readonly kind: 'onnx'; readonly path: string }
  | { readonly kind: 'checkpoint'; readonly dir: string }
  | { readonly kind: 'zoo'; readonly name: ZooName };

/** `fc-autoencoder` -> `fcAutoencoder`, so names read like the CLI's other kebab-case words. */
export function zooNameOf(arg: string): ZooName | undefined {
  const camel = arg.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return isZooName(camel) ? camel : isZooName(arg) ? arg : undefined;
}

export function resolveModelSource(arg: string): ModelSource {
  if (existsSync(arg)) {
    const st = statSync(arg);
    if (st.isDirectory()) {
      if (!existsSync(join(arg, 'model.json'))) {
        throw new Error(`${arg}: a folder without model.json is not a checkpoint (expected model.json + model.safetensors, as \`edgewatt train\` writes)`);
      }
      return { kind: 'checkpoint', dir: arg };
    }
    return { kind: 'onnx', path: arg };
  }
  const name = zooNameOf(arg);
  if (name) return { kind: 'zoo', name };
  const kebab = Object.keys(zoo).map((n) => n.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
  throw new Error(`model "${arg}" not found: expected an .onnx file, a checkpoint folder (model.json + model.safetensors) or a zoo model name (${kebab.join(', ')})`);
}
