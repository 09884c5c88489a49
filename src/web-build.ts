import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const webRoot = fileURLToPath(new URL('../dist/web', import.meta.url));

/**
 * `npm ci && npm start` must serve the client with nothing else to run: when the build is missing
 * (a fresh checkout), build it once here with Vite before the server starts.
 */
export async function ensureWebBuild(): Promise<string> {
  if (!existsSync(`${webRoot}/index.html`)) {
    console.log('Building the web client (first start only) …');
    const { build } = await import('vite');
    await build({ configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)), logLevel: 'warn' });
  }
  return webRoot;
}
