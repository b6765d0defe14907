/**
 * The audience builder's build. The generated SDKs are bundled from their sources
 * (dist/web-sdk/<service>/src, written by scripts/web/build.ts); the DSL's fields and operators
 * and the campaign channels come from the bundled specs (generated/<service>/openapi.json) as
 * the virtual module `virtual:contracts`, so the UI offers exactly what the contracts allow.
 * `npx vite --config web/vite.config.ts` serves it in development with /api/<service>/ proxied
 * to each service of services/registry.yaml, as the edge proxy does.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

const web = dirname(fileURLToPath(import.meta.url));
const root = resolve(web, '..');
const SDKS = ['identity', 'audience', 'campaigns'];

function bundled(service: string): { components: { schemas: Record<string, Record<string, unknown>> } } {
  return JSON.parse(readFileSync(join(root, 'generated', service, 'openapi.json'), 'utf8'));
}

/** `virtual:contracts`: what the forms offer, read from the contracts at build time. */
function contracts(): Plugin {
  const id = 'virtual:contracts';
  return {
    name: 'marquee-contracts',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(loaded) {
      if (loaded !== `\0${id}`) return undefined;
      for (const s of ['audience', 'campaigns']) this.addWatchFile(join(root, 'generated', s, 'openapi.json'));
      const audience = bundled('audience').components.schemas;
      const campaigns = bundled('campaigns').components.schemas;
      return [
        `export const queryFields = ${JSON.stringify(audience.QueryField!['x-fields'])};`,
        `export const channels = ${JSON.stringify(campaigns.Channel!.enum)};`,
      ].join('\n');
    },
  };
}

/** Development: /api/<service>/ -> the service on loopback, prefix stripped (what the edge does). */
function devProxy(): Record<string, ProxyOptions> {
  const registry = parse(readFileSync(join(root, 'services/registry.yaml'), 'utf8')) as { services: Record<string, { port: number }> };
  return Object.fromEntries(
    Object.entries(registry.services).map(([name, s]) => [`/api/${name}/`, { target: `http://127.0.0.1:${s.port}`, rewrite: (path: string) => path.slice(`/api/${name}`.length) }]),
  );
}

export default defineConfig({
  root: web,
  plugins: [contracts()],
  resolve: { alias: Object.fromEntries(SDKS.map((s) => [`@marquee/${s}-sdk`, join(root, 'dist/web-sdk', s, 'src/index.ts')])) },
  esbuild: { jsx: 'automatic' },
  // No source maps: they would carry the sources, dev-only defaults included.
  build: { outDir: join(root, 'dist/web'), emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 600 },
  server: { host: '127.0.0.1', port: 5173, strictPort: true, proxy: devProxy() },
});
