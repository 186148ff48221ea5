'use client';

import { useSyncExternalStore } from 'react';
import { formatDateTime } from './format';

const subscribe = () => () => {};

/**
 * A time in the viewer's own time zone, with the zone named. The server does not know the
 * viewer's zone, so the first render (and the server's) says UTC; the browser then shows local time.
 */
export function LocalTime({ value, withSeconds, className }: { value: string; withSeconds?: boolean; className?: string }) {
  const zone = useSyncExternalStore(
    subscribe,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone,
    () => 'UTC',
  );
  return (
    <time dateTime={value} className={className} title={value}>
      {formatDateTime(value, zone, withSeconds)}
    </time>
  );
}
